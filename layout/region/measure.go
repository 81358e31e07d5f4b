package region

import "math"

// Edge is a directed edge of a polygon; the inside is on its right.
type Edge struct {
	P1, P2 Point
}

// Area is the area of the merged region in square database units (holes
// subtracted, overlaps counted once), as KLayout's Region#area.
func (r *Region) Area() int64 {
	m := r
	if !r.IsMerged() {
		m = r.Merged()
	}
	var a int64
	for i := range m.rings {
		a -= area2(m.ring(i))
	}
	return a / 2
}

// PolygonArea is the area of polygon i (hull minus holes).
func (r *Region) PolygonArea(i int) int64 {
	s, e := r.ringRange(i)
	var a int64
	for k := s; k < e; k++ {
		a -= area2(r.ring(k))
	}
	return a / 2
}

// Perimeter is the total length of the merged region's boundary (hulls and
// holes), in database units.
func (r *Region) Perimeter() float64 {
	m := r
	if !r.IsMerged() {
		m = r.Merged()
	}
	var l float64
	for i := range m.rings {
		l += ringPerimeter(m.ring(i))
	}
	return l
}

func ringPerimeter(p []Point) float64 {
	var l float64
	n := len(p)
	for i := 0; i < n; i++ {
		a, b := p[i], p[(i+1)%n]
		dx, dy := float64(b.X)-float64(a.X), float64(b.Y)-float64(a.Y)
		if dx == 0 || dy == 0 {
			l += math.Abs(dx + dy)
		} else {
			l += math.Hypot(dx, dy)
		}
	}
	return l
}

// Edges returns the edges of the merged region, hull edges clockwise and
// hole edges counter-clockwise, so the inside is on the right of each.
func (r *Region) Edges() []Edge {
	m := r
	if !r.IsMerged() {
		m = r.Merged()
	}
	out := make([]Edge, 0, len(m.pts))
	for i := range m.rings {
		p := m.ring(i)
		for k := range p {
			out = append(out, Edge{p[k], p[(k+1)%len(p)]})
		}
	}
	return out
}
