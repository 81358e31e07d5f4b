package region

import (
	"runtime"
	"slices"
	"sync"

	"github.com/layoutmig/layoutmig/layout"
)

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
	first := r.Len()
	r.addShapes(s)
	r.checkSimple(first)
}

// addShapes adds a layer's shapes without checking them for
// self-intersections.
func (r *Region) addShapes(s *layout.Shapes) {
	np := s.Polygons.NumPoints() + 4*len(s.Boxes)
	for i := range s.Paths {
		np += 2*len(s.Paths[i].Points) + 2
	}
	n := s.Polygons.Len() + len(s.Boxes) + len(s.Paths)
	r.pts = slices.Grow(r.pts, np)
	r.rings = slices.Grow(r.rings, n)
	r.polys = slices.Grow(r.polys, n)
	r.simple = slices.Grow(r.simple, n)
	for i := 0; i < s.Polygons.Len(); i++ {
		if r.addPolygon(s.Polygons.Polygon(i), nil) {
			r.addRaw(false)
		}
	}
	for i := range s.Boxes {
		r.AddBox(layout.BoxOf(s.Boxes[i].Points[:]))
	}
	for i := range s.Paths {
		if r.addPolygon(s.Paths[i].Outline(), nil) {
			r.addRaw(false)
		}
	}
}

// checkSimple records, on all cores, which of the polygons from index first
// on do not touch or intersect themselves.
func (r *Region) checkSimple(first int) {
	n := r.Len() - first
	if n <= 0 {
		return
	}
	procs := min(runtime.GOMAXPROCS(0), 1+n/4096)
	if procs == 1 {
		for i := first; i < r.Len(); i++ {
			r.simple[i] = r.NumHoles(i) == 0 && ringIsSimple(r.Hull(i))
		}
		return
	}
	var wg sync.WaitGroup
	for p := 0; p < procs; p++ {
		lo, hi := first+n*p/procs, first+n*(p+1)/procs
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				r.simple[i] = r.NumHoles(i) == 0 && ringIsSimple(r.Hull(i))
			}
		}()
	}
	wg.Wait()
}

// FromFlat returns the raw region of layer k of top and everything placed
// under it, transformed into top's coordinates (see layout.Library.Instances
// for the rounding of transforms). Path widths scale with the magnification
// unless absolute (negative), as in layout.Library.Flatten.
func FromFlat(lib *layout.Library, top *layout.Cell, k layout.LayerKey) *Region {
	r := New()
	add := func(pts []layout.Point) {
		if r.addPolygon(pts, nil) {
			r.addRaw(false)
		}
	}
	var buf []layout.Point
	for inst := range lib.Instances(top) {
		s := inst.Cell.Layers[k]
		if s == nil {
			continue
		}
		t := inst.Trans
		if !t.Mirror && t.Angle == 0 && t.Mag == 1 && t.Disp == [2]float64{} {
			r.addShapes(s)
			continue
		}
		for i := 0; i < s.Polygons.Len(); i++ {
			buf = t.ApplyAll(buf[:0], s.Polygons.Polygon(i))
			add(buf)
		}
		for i := range s.Boxes {
			buf = t.ApplyAll(buf[:0], s.Boxes[i].Points[:4])
			add(buf)
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
			add(q.Outline())
		}
	}
	r.checkSimple(0)
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
