package drc

import (
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// FromRegion returns the merged polygons of a region of the geometry kernel
// as check input, merging first if the region is raw. The kernel's merged
// polygons already follow KLayout's conventions (hull clockwise, holes
// anticlockwise, corner-touching shapes joined, no collinear points);
// FromRegion copies them and starts each contour where KLayout does.
func FromRegion(r *region.Region) []Polygon {
	if !r.IsMerged() {
		r = r.Merged()
	}
	out := make([]Polygon, r.Len())
	var holes [][]layout.Point
	for i := range out {
		holes = holes[:0]
		for j := range r.NumHoles(i) {
			holes = append(holes, r.Hole(i, j))
		}
		out[i] = NewPolygon(r.Hull(i), holes...)
	}
	return out
}
