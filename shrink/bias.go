package shrink

import (
	"fmt"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// checkBias verifies that every bias of t is a whole number of target grid
// steps and returns the biases in database units by target layer.
func (m *Migrator) checkBias(t *rules.Transform) (map[layout.LayerKey]int64, error) {
	out := map[layout.LayerKey]int64{}
	for name, um := range t.Bias {
		d := rules.ToDBU(um, m.tgt.DBU)
		if d%m.grid != 0 || d == 0 && um != 0 {
			return nil, fmt.Errorf("%s:%d: bias of %s: %g µm is not a multiple of the target grid %g µm", m.recipe.File, t.Line, name, um, m.tgt.Grid)
		}
		l := m.tgt.Layer(name)
		out[layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}] = d
	}
	return out, nil
}

// bias grows or shrinks the layers the transform lists, in one cell. The
// layer's polygons, paths and boxes are replaced by the merged, sized
// polygons; texts and nodes stay.
func (m *Migrator) bias(nc *layout.Cell, t *rules.Transform, st *CellStats) error {
	biases, err := m.checkBias(t)
	if err != nil {
		return err
	}
	for _, k := range sortedKeys(biases) {
		d := biases[k]
		old := nc.Layers[k]
		if old == nil || d == 0 {
			continue
		}
		r := region.FromShapes(old).Merged()
		if r.IsEmpty() {
			continue
		}
		sized := r.Sized(int32(d))
		ns := &layout.Shapes{Nodes: old.Nodes, Texts: old.Texts}
		sized.AppendTo(ns)
		nc.Layers[k] = ns
		st.addFix("bias", sized.Len())
		st.addMoves(sized.NumPoints(), m.um(abs64(d)))
	}
	return nil
}

// sortedKeys returns the keys of a layer map in ascending order.
func sortedKeys[V any](mp map[layout.LayerKey]V) []layout.LayerKey {
	ks := make([]layout.LayerKey, 0, len(mp))
	for k := range mp {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j].Less(ks[j-1]); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}

// addFix counts n fixes of one kind.
func (st *CellStats) addFix(kind string, n int) {
	if n == 0 {
		return
	}
	if st.Fixes == nil {
		st.Fixes = map[string]int{}
	}
	st.Fixes[kind] += n
}

// addMoves records n edges moved by d µm each.
func (st *CellStats) addMoves(n int, d float64) {
	if n == 0 {
		return
	}
	total := st.MeanMove*float64(st.MovedEdges) + d*float64(n)
	st.MovedEdges += n
	st.MeanMove = total / float64(st.MovedEdges)
	st.MaxMove = max(st.MaxMove, d)
}
