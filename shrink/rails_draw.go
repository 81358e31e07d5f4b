package shrink

import (
	"fmt"
	"math"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// drawRails is the rails step for one cell: the recipe's power rails along
// the bottom and top edges of the cell outline and its wells and implants at
// the left and right edges, as the target library draws them. Only cells
// whose outline is one row high are drawn on (standard cells); a cell
// without an outline box, or a taller one (a multi-row cell, a block), is
// left as it is. Rails marked library-only are left out of cells that
// placed reports as placed by another cell.
func (m *Migrator) drawRails(nc *layout.Cell, placed func() bool, st *CellStats) error {
	plan, err := m.railPlan()
	if err != nil {
		return err
	}
	if m.outline == nil {
		return nil
	}
	ob, ok := outlineBox(nc.Layers[*m.outline])
	if !ok || ob.Height() != m.rowH {
		return nil
	}
	for _, k := range plan.keepout {
		keepOut(nc, ob, k, st)
	}
	for i := range plan.rails {
		if plan.rails[i].spec.LibraryOnly && placed() {
			continue
		}
		m.drawRail(nc, ob, &plan.rails[i], st)
	}
	for i := range plan.bands {
		if err := m.drawBand(nc, ob, &plan.bands[i], st); err != nil {
			return err
		}
	}
	return nil
}

// keepOut trims a layer's shapes to stay k.d inside the outline's bottom
// and top edges and k.sides inside its left and right edges. Shapes inside
// stay as they are; those that reach closer are replaced by what is left of
// them (polygons).
func keepOut(nc *layout.Cell, ob layout.Box, k keepoutDBU, st *CellStats) {
	old := nc.Layers[k.key]
	if old == nil || old.IsEmpty() {
		return
	}
	x0, x1 := int64(math.MinInt32), int64(math.MaxInt32)
	if k.sides > 0 {
		x0, x1 = int64(ob.Min.X)+k.sides, int64(ob.Max.X)-k.sides
	}
	y0, y1 := int64(math.MinInt32), int64(math.MaxInt32)
	if k.d > 0 {
		y0, y1 = int64(ob.Min.Y)+k.d, int64(ob.Max.Y)-k.d
	}
	inside := func(b layout.Box) bool {
		return int64(b.Min.X) >= x0 && int64(b.Max.X) <= x1 && int64(b.Min.Y) >= y0 && int64(b.Max.Y) <= y1
	}
	if inside(old.Bounds()) {
		return
	}
	keep := region.New()
	keep.AddBox(railBox(x0, y0, x1, y1))
	ns := &layout.Shapes{Texts: old.Texts, Nodes: old.Nodes}
	// trim appends what is left of one shape, in the shape's place.
	trim := func(p []layout.Point) {
		r := region.New()
		r.AddPolygon(p)
		r.And(keep).AppendTo(ns)
	}
	for i, p := range old.Polygons.All() {
		if inside(layout.BoxOf(p)) {
			ns.Polygons.Add(p, old.Polygons.Info[i])
		} else {
			trim(p)
		}
	}
	for i := range old.Paths {
		if inside(old.Paths[i].Bounds()) {
			ns.Paths = append(ns.Paths, old.Paths[i])
		} else {
			trim(old.Paths[i].Outline())
		}
	}
	for i := range old.Boxes {
		if inside(layout.BoxOf(old.Boxes[i].Points[:4])) {
			ns.Boxes = append(ns.Boxes, old.Boxes[i])
		} else {
			trim(old.Boxes[i].Points[:4])
		}
	}
	nc.Layers[k.key] = ns
	st.addFix("keepout", 1)
}

// drawRail draws one rail: a box per layer across the whole outline width,
// centred on the row edge, the cut row between them and the pin and label.
func (m *Migrator) drawRail(nc *layout.Cell, ob layout.Box, r *railDBU, st *CellStats) {
	yc := int64(ob.Min.Y)
	if r.spec.Top {
		yc = int64(ob.Max.Y)
	}
	x0, x1 := int64(ob.Min.X), int64(ob.Max.X)
	for _, l := range r.layers {
		addRailBox(nc.Shapes(l.key), x0, yc-l.half, x1, yc+l.half)
		st.addFix("rail", 1)
	}
	if c := r.cut; c != nil {
		own := railCutBoxes(nc.Layers[c.key])
		for x := x0 + c.offset; x+c.size <= x1; x += c.pitch {
			b := railBox(x, yc-c.size/2, x+c.size, yc+c.size/2)
			if railCutTooClose(b, own, c.space) {
				continue
			}
			addRailBox(nc.Shapes(c.key), x, yc-c.size/2, x+c.size, yc+c.size/2)
			st.addFix("rail", 1)
		}
	}
	if r.label != nil {
		if r.pin != nil {
			for _, l := range r.layers {
				if l.key == m.drawingOf(r.spec.Pin) {
					addRailBox(nc.Shapes(*r.pin), x0, yc-l.half, x1, yc+l.half)
				}
			}
		}
		s := nc.Shapes(*r.label)
		s.Texts = append(s.Texts, layout.Text{Pos: layout.Point{X: int32(x0 + r.labelOffset), Y: int32(yc)},
			String: r.spec.Net, Trans: layout.Strans{Mag: 1}})
	}
}

// drawBand cuts the cell's own shapes of a band's layer to the outline's
// width (and to the band's clip range) and adds the band's box (or, with a
// reach, its two ends, when the cell has shapes of its own on the layer),
// less what its except expression covers. The layer
// is rewritten as merged polygons; its texts and nodes stay.
func (m *Migrator) drawBand(nc *layout.Cell, ob layout.Box, b *bandDBU, st *CellStats) error {
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	if b.clipped {
		lo, hi = int64(ob.Min.Y)+b.clipLo, int64(ob.Min.Y)+b.clipHi
	}
	keep := region.New()
	keep.AddBox(railBox(int64(ob.Min.X), lo, int64(ob.Max.X), hi))
	band := region.New()
	x0, x1 := int64(ob.Min.X), int64(ob.Max.X)
	y0, y1 := int64(ob.Min.Y)+b.from, int64(ob.Min.Y)+b.to
	old := nc.Layers[b.key]
	if b.reach > 0 && 2*b.reach < x1-x0 && old != nil && !old.IsEmpty() {
		band.AddBox(railBox(x0-b.extend, y0, x0+b.reach, y1))
		band.AddBox(railBox(x1-b.reach, y0, x1+b.extend, y1))
	} else {
		band.AddBox(railBox(x0-b.extend, y0, x1+b.extend, y1))
	}
	if b.except != nil {
		ex, err := m.eval(nc, b.except)
		if err != nil {
			return fmt.Errorf("%s:%d: placement.bands: except: %w", m.recipe.File, b.line, err)
		}
		band = band.Not(ex)
	}
	ns := &layout.Shapes{}
	r := band
	if old != nil {
		ns.Texts, ns.Nodes = old.Texts, old.Nodes
		r = region.FromShapes(old).And(keep).Or(band)
	}
	r = r.Merged()
	if b.close > 0 {
		r = r.Sized(int32(b.close)).Sized(-int32(b.close))
	}
	r.AppendTo(ns)
	nc.Layers[b.key] = ns
	st.addFix("band", 1)
	return nil
}

// placedBy reports whether any cell of the input (the keys of newCell)
// places c.
func placedBy(newCell map[*layout.Cell]*layout.Cell, c *layout.Cell) bool {
	for p := range newCell {
		for i := range p.Refs {
			if p.Refs[i].Cell == c {
				return true
			}
		}
	}
	return false
}

func (m *Migrator) drawingOf(name string) layout.LayerKey {
	l := m.tgt.Layer(name)
	return layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}
}

func railBox(x0, y0, x1, y1 int64) layout.Box {
	return layout.Box{Min: layout.Point{X: int32(x0), Y: int32(y0)}, Max: layout.Point{X: int32(x1), Y: int32(y1)}}
}

// addRailBox adds a rectangle as a polygon.
func addRailBox(s *layout.Shapes, x0, y0, x1, y1 int64) {
	b := railBox(x0, y0, x1, y1)
	s.Polygons.Add([]layout.Point{b.Min, {X: b.Min.X, Y: b.Max.Y}, b.Max, {X: b.Max.X, Y: b.Min.Y}}, nil)
}

// railCutBoxes returns the bounding boxes of a cut layer's shapes.
func railCutBoxes(s *layout.Shapes) []layout.Box {
	if s == nil {
		return nil
	}
	r := region.FromShapes(s)
	out := make([]layout.Box, r.Len())
	for i := range out {
		out[i] = r.PolygonBBox(i)
	}
	return out
}

// railCutTooClose reports whether b overlaps or comes closer than space
// (Euclidean) to any of the boxes.
func railCutTooClose(b layout.Box, boxes []layout.Box, space int64) bool {
	for _, o := range boxes {
		dx := max(0, int64(o.Min.X)-int64(b.Max.X), int64(b.Min.X)-int64(o.Max.X))
		dy := max(0, int64(o.Min.Y)-int64(b.Max.Y), int64(b.Min.Y)-int64(o.Max.Y))
		if dx*dx+dy*dy < space*space {
			return true
		}
	}
	return false
}
