package drc

import (
	"github.com/layoutmig/layoutmig/layout"
)

// The hierarchy walk of the hierarchical check. It decides, level by level
// from the top, which placements are isolated: nothing else of the layout
// (other placements' boxes, the own shapes of the cells opened around it)
// comes within the separation of its bounding box. Everything else is
// opened: its own shapes become loose geometry, checked flat, and its
// children become the candidates of the next level. Boxes are those of the
// layers the rules read, and upper bounds of the geometry they hold.

// cellInfo is what the walk needs of a cell, computed once per cell.
type cellInfo struct {
	box  layout.Box // the cell's geometry on the checked layers, its subtree included
	own  bool       // the cell itself holds shapes on the checked layers
	safe bool       // its geometry (subtree) moves exactly with a translation: no oblique paths or round ends, placements orthogonal
}

// hnode is a placement in the walk (the top cell is the root).
type hnode struct {
	cell     *layout.Cell
	trans    layout.Transform
	box      layout.Box // in top coordinates
	isolated bool
	kids     []*hnode // placements under an opened node, in Instances order
}

// hierWalker walks the hierarchy of one library for a set of layers.
type hierWalker struct {
	lib   *layout.Library
	keys  []layout.LayerKey
	info  map[*layout.Cell]*cellInfo
	limit int // recursion limit (the hierarchy is acyclic; this guards cycles)
}

func newHierWalker(lib *layout.Library, keys []layout.LayerKey) *hierWalker {
	return &hierWalker{lib: lib, keys: keys, info: map[*layout.Cell]*cellInfo{}, limit: len(lib.Cells) + 1}
}

// cellInfo returns the information of c, computing it (and its children's)
// on first use.
func (w *hierWalker) cellInfo(c *layout.Cell, depth int) *cellInfo {
	if ci := w.info[c]; ci != nil {
		return ci
	}
	ci := &cellInfo{box: layout.EmptyBox(), safe: true}
	for _, k := range w.keys {
		s := c.Layers[k]
		if s == nil {
			continue
		}
		n := 0
		w.eachShapeBox(s, func(b layout.Box) {
			ci.box = ci.box.Extend(b)
			n++
		})
		if n > 0 {
			ci.own = true
		}
		for i := range s.Paths {
			if !translationSafe(&s.Paths[i]) {
				ci.safe = false
			}
		}
	}
	if depth > w.limit {
		ci.safe = false
		w.info[c] = ci
		return ci
	}
	for i := range c.Refs {
		ref := &c.Refs[i]
		ki := w.cellInfo(ref.Cell, depth+1)
		if ki.box.IsEmpty() {
			continue
		}
		// A magnified or rotated placement inside rounds its points from
		// absolute coordinates (halves away from zero): moving the cell
		// can change them.
		ci.safe = ci.safe && ki.safe && ref.Transform().IsOrtho()
		if !ref.IsArray {
			ci.box = ci.box.Extend(transformBox(ref.Transform(), ki.box))
			continue
		}
		// The array's box is spanned by its corner elements.
		for _, e := range [][2]int{{0, 0}, {ref.Cols - 1, 0}, {0, ref.Rows - 1}, {ref.Cols - 1, ref.Rows - 1}} {
			if ref.Cols > 0 && ref.Rows > 0 {
				ci.box = ci.box.Extend(transformBox(ref.InstanceTransform(e[0], e[1]), ki.box))
			}
		}
	}
	w.info[c] = ci
	return ci
}

// eachShapeBox calls f with a box around each polygon, box element and
// path outline of s.
func (w *hierWalker) eachShapeBox(s *layout.Shapes, f func(layout.Box)) {
	for i := 0; i < s.Polygons.Len(); i++ {
		if pts := s.Polygons.Polygon(i); len(pts) > 0 {
			f(layout.BoxOf(pts))
		}
	}
	for i := range s.Boxes {
		f(layout.BoxOf(s.Boxes[i].Points[:4]))
	}
	for i := range s.Paths {
		// Under an orthogonal transform the outline moves with the path
		// (its offsets round symmetrically); transformBox allows for the
		// rounding of others.
		if pts := s.Paths[i].Outline(); len(pts) > 0 {
			f(layout.BoxOf(pts))
		}
	}
}

// translationSafe reports whether a path's outline moves exactly with its
// points under a translation: axis-parallel segments and square ends,
// whose outline points are the path's points plus rounded offsets. Round
// ends and oblique joints are computed in floating point from absolute
// coordinates.
func translationSafe(p *layout.Path) bool {
	if p.Type == layout.PathRound {
		return false
	}
	for i := 0; i+1 < len(p.Points); i++ {
		a, b := p.Points[i], p.Points[i+1]
		if a.X != b.X && a.Y != b.Y {
			return false
		}
	}
	return true
}

// transformBox returns a box around the image of b under t: exact for
// orthogonal transforms, grown by two units for others (rounded vertices).
func transformBox(t layout.Transform, b layout.Box) layout.Box {
	if b.IsEmpty() {
		return b
	}
	c := []layout.Point{b.Min, {X: b.Max.X, Y: b.Min.Y}, b.Max, {X: b.Min.X, Y: b.Max.Y}}
	out := layout.BoxOf(t.ApplyAll(nil, c))
	if !t.IsOrtho() {
		out = grow(out, 2)
	}
	return out
}

// grow returns b grown by d on every side (clamped to the coordinate range).
func grow(b layout.Box, d int64) layout.Box {
	return layout.Box{
		Min: layout.Point{X: clamp32(int64(b.Min.X) - d), Y: clamp32(int64(b.Min.Y) - d)},
		Max: layout.Point{X: clamp32(int64(b.Max.X) + d), Y: clamp32(int64(b.Max.Y) + d)},
	}
}

// walk decides which placements under top are isolated by sep, level by
// level, and returns the root of the placement tree. A placement can be
// isolated only if its transform is orthogonal (whole-unit displacement,
// no magnification) and its geometry moves exactly with a translation.
// An isolated placement that is the only one of its variant at its level
// (cell, orientation, displacement modulo period) is opened all the same
// if it places other cells: checking it whole would save nothing, and
// what it places may repeat.
func (w *hierWalker) walk(top *layout.Cell, sep, period int64) *hnode {
	root := &hnode{cell: top, trans: layout.Identity(), box: w.cellInfo(top, 0).box}
	var loose []layout.Box
	open := []*hnode{root}
	var stack []int32
	for len(open) > 0 {
		var cands []*hnode
		for _, n := range open {
			for _, k := range w.keys {
				if s := n.cell.Layers[k]; s != nil {
					w.eachShapeBox(s, func(b layout.Box) { loose = append(loose, transformBox(n.trans, b)) })
				}
			}
			for i := range n.cell.Refs {
				ref := &n.cell.Refs[i]
				ki := w.cellInfo(ref.Cell, 0)
				if ki.box.IsEmpty() {
					continue
				}
				add := func(t layout.Transform) {
					t = t.Then(n.trans)
					k := &hnode{cell: ref.Cell, trans: t, box: transformBox(t, ki.box)}
					n.kids = append(n.kids, k)
					cands = append(cands, k)
				}
				if !ref.IsArray {
					add(ref.Transform())
					continue
				}
				for ci := 0; ci < ref.Cols; ci++ {
					for rj := 0; rj < ref.Rows; rj++ {
						add(ref.InstanceTransform(ci, rj))
					}
				}
			}
		}
		if len(cands) == 0 {
			break
		}
		boxes := make([]layout.Box, 0, len(loose)+len(cands))
		boxes = append(boxes, loose...)
		for _, c := range cands {
			boxes = append(boxes, c.box)
		}
		idx := buildSpatial(boxes, nil, sep)
		var next []*hnode
		for i, c := range cands {
			if c.trans.IsOrtho() && w.cellInfo(c.cell, 0).safe {
				self := int32(len(loose) + i)
				hit := false
				stack = idx.search(grow(c.box, sep), stack, func(id int32) bool {
					if id != self {
						hit = true
						return false
					}
					return true
				})
				c.isolated = !hit
			}
		}
		count := map[variantKey]int{}
		for _, c := range cands {
			if c.isolated {
				count[keyOf(c, period)]++
			}
		}
		for _, c := range cands {
			if c.isolated && len(c.cell.Refs) > 0 && count[keyOf(c, period)] == 1 {
				c.isolated = false
			}
			if !c.isolated {
				next = append(next, c)
			}
		}
		open = next
	}
	return root
}
