package layout

import "fmt"

// LayerKey identifies a layer by its GDSII layer and datatype (for texts the
// texttype, for boxes the boxtype, for nodes the nodetype). Both numbers are
// read as unsigned 16-bit values, as KLayout does, so layers above 32767 work.
type LayerKey struct {
	Layer, Datatype uint16
}

// String formats the key as "layer/datatype".
func (k LayerKey) String() string { return fmt.Sprintf("%d/%d", k.Layer, k.Datatype) }

// Less orders keys by layer, then datatype.
func (k LayerKey) Less(o LayerKey) bool {
	if k.Layer != o.Layer {
		return k.Layer < o.Layer
	}
	return k.Datatype < o.Datatype
}
