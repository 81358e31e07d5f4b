package region

import "github.com/layoutmig/layoutmig/layout"

// FromCell returns the raw region of one layer of a cell's own shapes (not
// its references; flatten first for those): boundaries, BOX elements and
// paths (converted to polygons as KLayout 0.28 does, see
// layout.Path.Outline). Texts and nodes carry no area and are ignored.
func FromCell(c *layout.Cell, k layout.LayerKey) *Region {
	r := New()
	if s := c.Layers[k]; s != nil {
		r.AddShapes(s)
	}
	return r
}

// FromShapes returns the raw region of a layer's shapes.
func FromShapes(s *layout.Shapes) *Region {
	r := New()
	r.AddShapes(s)
	return r
}

// AddShapes adds the polygons, boxes and paths of a layer.
func (r *Region) AddShapes(s *layout.Shapes) {
	for i := 0; i < s.Polygons.Len(); i++ {
		r.AddPolygon(s.Polygons.Polygon(i))
	}
	for i := range s.Boxes {
		r.AddBox(layout.BoxOf(s.Boxes[i].Points[:]))
	}
	for i := range s.Paths {
		r.AddPolygon(s.Paths[i].Outline())
	}
}

// FromFlat returns the raw region of layer k of top and everything placed
// under it, transformed into top's coordinates (see layout.Library.Instances
// for the rounding of transforms). Path widths scale with the magnification
// unless absolute (negative), as in layout.Library.Flatten.
func FromFlat(lib *layout.Library, top *layout.Cell, k layout.LayerKey) *Region {
	r := New()
	var buf []layout.Point
	for inst := range lib.Instances(top) {
		s := inst.Cell.Layers[k]
		if s == nil {
			continue
		}
		t := inst.Trans
		if t.Mirror == false && t.Angle == 0 && t.Mag == 1 && t.Disp == [2]float64{} {
			r.AddShapes(s)
			continue
		}
		for i := 0; i < s.Polygons.Len(); i++ {
			buf = t.ApplyAll(buf[:0], s.Polygons.Polygon(i))
			r.AddPolygon(buf)
		}
		for i := range s.Boxes {
			buf = t.ApplyAll(buf[:0], s.Boxes[i].Points[:4])
			r.AddPolygon(buf)
		}
		for i := range s.Paths {
			p := s.Paths[i]
			q := p
			q.Points = t.ApplyAll(nil, p.Points)
			if p.Width > 0 {
				q.Width = t.ApplyLength(p.Width)
			}
			if p.Type == layout.PathCustom {
				q.BgnExtn, q.EndExtn = t.ApplyLength(p.BgnExtn), t.ApplyLength(p.EndExtn)
			}
			r.AddPolygon(q.Outline())
		}
	}
	return r
}

// AppendTo adds the region's polygons to a layer as GDSII boundaries, with
// holes resolved by cut lines (see ResolvedHoles).
func (r *Region) AppendTo(s *layout.Shapes) {
	res := r.ResolvedHoles()
	for i := 0; i < res.Len(); i++ {
		s.Polygons.Add(res.Hull(i), nil)
	}
}
