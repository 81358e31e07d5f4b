package region

import (
	"fmt"
	"strings"
)

// mustParse reads polygons in the notation of Region.String.
func mustParse(s string) *Region {
	r := New()
	s = strings.TrimSpace(s)
	for len(s) > 0 {
		if s[0] != '(' {
			panic("expected (: " + s)
		}
		end := strings.IndexByte(s, ')')
		body := s[1:end]
		s = strings.TrimLeft(s[end+1:], "; ")
		var rings [][]Point
		for _, rs := range strings.Split(body, "/") {
			var ring []Point
			for _, ps := range strings.Split(rs, ";") {
				var x, y int32
				if _, err := fmt.Sscanf(ps, "%d,%d", &x, &y); err != nil {
					panic(err)
				}
				ring = append(ring, Point{X: x, Y: y})
			}
			rings = append(rings, ring)
		}
		r.AddPolygon(rings[0], rings[1:]...)
	}
	return r
}

// normalString prints the merged region with KLayout's point order: each
// ring starting at its lowest, then leftmost point.
func normalString(r *Region) string {
	m := r.Merged()
	c := m.Clone()
	for k := range c.rings {
		p := c.ring(k)
		best := 0
		for i, q := range p {
			if q.Y < p[best].Y || q.Y == p[best].Y && q.X < p[best].X {
				best = i
			}
		}
		rot := append(append([]Point(nil), p[best:]...), p[:best]...)
		copy(p, rot)
	}
	return c.String()
}
