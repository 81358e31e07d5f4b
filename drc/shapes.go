package drc

import "github.com/layoutmig/layoutmig/layout"

// Area returns the polygons whose area A (dbu², holes subtracted, see
// Polygon.Area) satisfies min ≤ A < max, as KLayout's with_area(min, max)
// on merged polygons. A minimum-area rule "area < v" is Area(polys, 0, v).
func Area(polys []Polygon, min, max int64) []Polygon {
	var out []Polygon
	for i := range polys {
		if a := polys[i].Area(); a >= min && a < max {
			out = append(out, polys[i])
		}
	}
	return out
}

// OffGrid returns the polygons with at least one vertex off the grid
// (x not a multiple of gx or y not a multiple of gy). A grid of 1 or less
// in a direction accepts every coordinate in it. The polygon is the marker;
// OffGridVertices lists the vertices themselves.
func OffGrid(polys []Polygon, gx, gy int32) []Polygon {
	var out []Polygon
	for i := range polys {
		if hasOffGrid(polys[i], gx, gy) {
			out = append(out, polys[i])
		}
	}
	return out
}

// OffGridVertices returns every vertex off the grid, in polygon order
// (KLayout's grid_check marks each with a degenerate edge pair at it).
func OffGridVertices(polys []Polygon, gx, gy int32) []layout.Point {
	var out []layout.Point
	for i := range polys {
		out = appendOffGrid(out, polys[i].Hull, gx, gy)
		for _, h := range polys[i].Holes {
			out = appendOffGrid(out, h, gx, gy)
		}
	}
	return out
}

func offGrid(q layout.Point, gx, gy int32) bool {
	return (gx > 1 && q.X%gx != 0) || (gy > 1 && q.Y%gy != 0)
}

func hasOffGrid(p Polygon, gx, gy int32) bool {
	for _, q := range p.Hull {
		if offGrid(q, gx, gy) {
			return true
		}
	}
	for _, h := range p.Holes {
		for _, q := range h {
			if offGrid(q, gx, gy) {
				return true
			}
		}
	}
	return false
}

func appendOffGrid(out []layout.Point, ring []layout.Point, gx, gy int32) []layout.Point {
	for _, q := range ring {
		if offGrid(q, gx, gy) {
			out = append(out, q)
		}
	}
	return out
}

// OffAngle returns the edges that do not run at a multiple of 45 degrees
// (neither axis-parallel nor diagonal), in polygon order.
func OffAngle(polys []Polygon) []Edge {
	var out []Edge
	var buf []Edge
	for i := range polys {
		buf = polys[i].AppendEdges(buf[:0])
		for _, e := range buf {
			dx, dy := abs64(e.dx()), abs64(e.dy())
			if dx != 0 && dy != 0 && dx != dy {
				out = append(out, e)
			}
		}
	}
	return out
}

// ExactSize returns the polygons that are not a size × size square (cut
// layers: contacts and vias come in exactly one size).
func ExactSize(polys []Polygon, size int32) []Polygon {
	var out []Polygon
	for i := range polys {
		p := &polys[i]
		if !p.IsBox() {
			out = append(out, *p)
			continue
		}
		b := p.Bounds()
		if b.Width() != int64(size) || b.Height() != int64(size) {
			out = append(out, *p)
		}
	}
	return out
}
