package layout

import "iter"

// Instance is one placement of a cell reached while flattening: the cell and
// the transform from its coordinates into the top cell's.
type Instance struct {
	Cell  *Cell
	Trans Transform
	// Depth is 0 for the top cell itself, 1 for its direct children, ...
	Depth int
}

// Instances iterates over top and every cell instance below it, depth first
// in reference order, array instances column by column. Transforms compose
// exactly (see Transform for the rounding rule). The hierarchy must be
// acyclic (see Validate); a cycle would recurse without end, so Instances
// stops descending below a depth equal to the number of cells.
func (l *Library) Instances(top *Cell) iter.Seq[Instance] {
	maxDepth := len(l.Cells) + 1
	return func(yield func(Instance) bool) {
		var walk func(c *Cell, t Transform, depth int) bool
		walk = func(c *Cell, t Transform, depth int) bool {
			if !yield(Instance{Cell: c, Trans: t, Depth: depth}) {
				return false
			}
			if depth >= maxDepth {
				return true
			}
			for i := range c.Refs {
				r := &c.Refs[i]
				if !r.IsArray {
					if !walk(r.Cell, r.Transform().Then(t), depth+1) {
						return false
					}
					continue
				}
				for ci := 0; ci < r.Cols; ci++ {
					for rj := 0; rj < r.Rows; rj++ {
						if !walk(r.Cell, r.InstanceTransform(ci, rj).Then(t), depth+1) {
							return false
						}
					}
				}
			}
			return true
		}
		walk(top, Identity(), 0)
	}
}

// Flatten returns a new single cell named name holding every shape under
// top, transformed into top's coordinates. Paths keep their type; their
// width is scaled by the magnification unless it is absolute (negative).
// Texts keep their string and presentation, with their transformation
// composed. BOX elements with a non-orthogonal transform become polygons,
// since a rotated box is no longer a box.
func (l *Library) Flatten(top *Cell, name string) *Cell {
	out := NewCell(name)
	buf := make([]Point, 0, 64)
	for inst := range l.Instances(top) {
		t := inst.Trans
		for k, s := range inst.Cell.Layers {
			dst := out.Shapes(k)
			for i := 0; i < s.Polygons.Len(); i++ {
				buf = t.ApplyAll(buf[:0], s.Polygons.Polygon(i))
				if t.Mirror {
					reversePoints(buf)
				}
				dst.Polygons.Add(buf, s.Polygons.Info[i].Clone())
			}
			for i := range s.Paths {
				p := s.Paths[i]
				q := p
				q.Points = t.ApplyAll(nil, p.Points)
				if p.Width > 0 {
					q.Width = t.ApplyLength(p.Width)
				}
				if p.Type == PathCustom {
					q.BgnExtn, q.EndExtn = t.ApplyLength(p.BgnExtn), t.ApplyLength(p.EndExtn)
				}
				q.Info = p.Info.Clone()
				dst.Paths = append(dst.Paths, q)
			}
			for i := range s.Boxes {
				b := s.Boxes[i]
				if t.IsOrtho() && t.quadrant() >= 0 {
					var nb BoxElement
					for j, p := range b.Points {
						nb.Points[j] = t.Apply(p)
					}
					nb.Info = b.Info.Clone()
					dst.Boxes = append(dst.Boxes, nb)
					continue
				}
				buf = t.ApplyAll(buf[:0], b.Points[:4])
				dst.Polygons.Add(buf, b.Info.Clone())
			}
			for i := range s.Nodes {
				n := s.Nodes[i]
				dst.Nodes = append(dst.Nodes, Node{Points: t.ApplyAll(nil, n.Points), Info: n.Info.Clone()})
			}
			for i := range s.Texts {
				tx := s.Texts[i]
				tx.Pos = t.Apply(tx.Pos)
				tt := TransformOf(tx.Trans, Point{}).Then(Transform{Mirror: t.Mirror, Angle: t.Angle, Mag: t.Mag})
				tx.Trans.Reflect = tt.Mirror
				tx.Trans.Angle = tt.Angle
				tx.Trans.HasAngle = tx.Trans.HasAngle || tt.Angle != 0
				tx.Trans.Mag = tt.Mag
				tx.Trans.HasMag = tx.Trans.HasMag || tt.Mag != 1
				tx.Info = tx.Info.Clone()
				dst.Texts = append(dst.Texts, tx)
			}
		}
	}
	return out
}

func reversePoints(p []Point) {
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
}
