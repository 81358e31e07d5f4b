package drc

import (
	"math"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// density returns the windows of a density rule whose covered fraction lies
// outside [min, max], as the exported deck's without_density computes them
// with KLayout's tiling processor: tiles of the step s on a lattice anchored
// at (x0, y0) = (floor(left/s)·s, floor(bottom/s)·s) of the top cell's box,
// nx = max(1, ceil((right−x0−w)/s)+1) by ny of them, each tile enlarged by
// (w−s)/2 on every side to a window of edge w. A window's density is the
// area of the layer inside it over its area; it is clean when
// min − 1e-10 < density < max + 1e-10 (an absent limit is 0 or 1).
func density(layer *region.Region, top layout.Box, rule *rules.Rule, dbu float64) []layout.Box {
	if top.IsEmpty() {
		return nil
	}
	w := int64(math.Round(rule.Window / dbu))
	step := rule.Step
	if step == 0 {
		step = rule.Window
	}
	s := int64(math.Round(step / dbu))
	if w <= 0 || s <= 0 {
		return nil
	}
	x0 := int64(math.Floor(float64(top.Min.X)/float64(s))) * s
	y0 := int64(math.Floor(float64(top.Min.Y)/float64(s))) * s
	nx := max(int64(math.Ceil(float64(int64(top.Max.X)-x0-w)/float64(s)))+1, 1)
	ny := max(int64(math.Ceil(float64(int64(top.Max.Y)-y0-w)/float64(s)))+1, 1)
	border := int64(roundHalfAway(float64(w-s) / 2))
	vmin, vmax := 0.0, 1.0
	if rule.MinDensity != nil {
		vmin = *rule.MinDensity / 100
	}
	if rule.MaxDensity != nil {
		vmax = *rule.MaxDensity / 100
	}
	// The layer clipped to each window: one boolean of the layer with all
	// windows of a row would merge overlapping windows, so each window is
	// measured on its own, against the polygons near it.
	polys := FromRegion(layer)
	boxes := make([]layout.Box, len(polys))
	for i := range polys {
		boxes[i] = polys[i].Bounds()
	}
	var idx spatial
	if len(polys) > 0 {
		idx = buildSpatial(boxes, nil, w)
	}
	var out []layout.Box
	var near []int32
	for iy := int64(0); iy < ny; iy++ {
		for ix := int64(0); ix < nx; ix++ {
			bx := layout.Box{
				Min: layout.Point{X: clamp32(x0 + ix*s - border), Y: clamp32(y0 + iy*s - border)},
				Max: layout.Point{X: clamp32(x0 + (ix+1)*s + border), Y: clamp32(y0 + (iy+1)*s + border)},
			}
			var covered int64
			if idx != nil {
				near = near[:0]
				idx.search(bx, nil, func(id int32) bool {
					near = append(near, id)
					return true
				})
				covered = clippedArea(polys, near, bx)
			}
			d := float64(covered) / (float64(bx.Width()) * float64(bx.Height()))
			if !(d > vmin-1e-10 && d < vmax+1e-10) {
				out = append(out, bx)
			}
		}
	}
	return out
}

// clippedArea is the area of the given polygons inside box b.
func clippedArea(polys []Polygon, ids []int32, b layout.Box) int64 {
	if len(ids) == 0 {
		return 0
	}
	var a int64
	win := region.New()
	win.AddBox(b)
	part := region.New()
	for _, id := range ids {
		p := &polys[id]
		pb := p.Bounds()
		if pb.Min.X >= b.Min.X && pb.Min.Y >= b.Min.Y && pb.Max.X <= b.Max.X && pb.Max.Y <= b.Max.Y {
			a += p.Area()
			continue
		}
		part.AddPolygon(p.Hull, p.Holes...)
	}
	if !part.IsEmpty() {
		a += part.And(win).Area()
	}
	return a
}
