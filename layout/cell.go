package layout

import "sort"

// Timestamp is a GDSII date and time as stored: year, month, day, hour,
// minute, second. Years are kept as written (some writers store years since
// 1900).
type Timestamp [6]int16

// RawRecord is a GDSII record the model keeps verbatim because it has no
// meaning for layout work (library-level FONTS, REFLIBS, ATTRTABLE,
// GENERATIONS, FORMAT, MASK, LIBDIRSIZE, SRFNAME, LIBSECUR; structure-level
// STRCLASS). Writers emit them back in place.
type RawRecord struct {
	Type     uint8
	DataType uint8
	Data     []byte
}

// Cell is one GDSII structure.
type Cell struct {
	Name     string
	Modified Timestamp
	Accessed Timestamp
	// Layers maps each (layer, datatype) to its shapes.
	Layers map[LayerKey]*Shapes
	// Refs are the placements of other cells, in file order.
	Refs []Ref
	// Extra holds structure-level records kept verbatim (STRCLASS).
	Extra []RawRecord
}

// NewCell returns an empty cell.
func NewCell(name string) *Cell {
	return &Cell{Name: name, Layers: make(map[LayerKey]*Shapes)}
}

// Shapes returns the shapes of layer k, creating them if needed.
func (c *Cell) Shapes(k LayerKey) *Shapes {
	s := c.Layers[k]
	if s == nil {
		s = &Shapes{}
		if c.Layers == nil {
			c.Layers = make(map[LayerKey]*Shapes)
		}
		c.Layers[k] = s
	}
	return s
}

// LayerKeys returns the layers of the cell in ascending order.
func (c *Cell) LayerKeys() []LayerKey {
	keys := make([]LayerKey, 0, len(c.Layers))
	for k := range c.Layers {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	return keys
}

// Count returns the number of elements of each kind in the cell itself
// (not counting what its references place).
func (c *Cell) Count() ShapeCount {
	var n ShapeCount
	for _, s := range c.Layers {
		n = n.Add(s.Count())
	}
	return n
}

// LocalBounds is the bounding box of the cell's own shapes, without its
// references. Texts count as their position, as KLayout counts them.
func (c *Cell) LocalBounds() Box {
	b := EmptyBox()
	for _, s := range c.Layers {
		b = b.Extend(s.Bounds())
	}
	return b
}

// Bounds returns the bounding box of the layer's shapes. Paths contribute the
// outline they draw; texts their position; nodes nothing.
func (s *Shapes) Bounds() Box {
	b := s.Polygons.Bounds()
	for i := range s.Paths {
		b = b.Extend(s.Paths[i].Bounds())
	}
	for i := range s.Boxes {
		b = b.Extend(BoxOf(s.Boxes[i].Points[:]))
	}
	for i := range s.Texts {
		b = b.ExtendPoint(s.Texts[i].Pos)
	}
	return b
}

// Bounds returns the bounding box of the path's outline. For Manhattan
// segments it is exact; for other angles each segment contributes the
// rectangle around it (with the end extensions), which is exact for straight
// paths and a tight upper bound at oblique joints. Round ends are bounded as
// extended ends.
func (p *Path) Bounds() Box {
	b := EmptyBox()
	n := len(p.Points)
	if n == 0 {
		return b
	}
	hw := float64(p.HalfWidth())
	bgn, end := p.Extensions()
	if n == 1 {
		q := p.Points[0]
		return b.ExtendPoint(q)
	}
	for i := 0; i+1 < n; i++ {
		a, c := p.Points[i], p.Points[i+1]
		dx, dy := float64(c.X-a.X), float64(c.Y-a.Y)
		l := hypot(dx, dy)
		if l == 0 {
			continue
		}
		ux, uy := dx/l, dy/l
		ax, ay := float64(a.X), float64(a.Y)
		cx, cy := float64(c.X), float64(c.Y)
		if i == 0 {
			ax -= ux * float64(bgn)
			ay -= uy * float64(bgn)
		}
		if i+2 == n {
			cx += ux * float64(end)
			cy += uy * float64(end)
		}
		nx, ny := -uy*hw, ux*hw
		for _, q := range [4][2]float64{{ax + nx, ay + ny}, {ax - nx, ay - ny}, {cx + nx, cy + ny}, {cx - nx, cy - ny}} {
			b = b.ExtendPoint(Point{roundCoord(q[0]), roundCoord(q[1])})
		}
	}
	if b.IsEmpty() {
		b = b.ExtendPoint(p.Points[0])
	}
	return b
}
