package drc

import (
	"strconv"

	"github.com/layoutmig/layoutmig/layout"
)

// Polygon is a merged polygon as KLayout holds one: a hull running clockwise
// and holes running anticlockwise, so that the inside lies on the right of
// every edge. Rings are open (the closing point is not repeated), carry no
// repeated points and no vertex in the middle of a straight run. Build one
// with NewPolygon, which orients and cleans arbitrary rings; a literal
// Polygon must already have that form.
type Polygon struct {
	Hull  []layout.Point
	Holes [][]layout.Point
}

// NewPolygon builds a polygon from a hull ring and hole rings given in any
// orientation, open or closed. It drops repeated points and vertices in the
// middle of straight runs, orients the hull clockwise and the holes
// anticlockwise, and starts every ring at its lowest point (least y, then
// least x), as KLayout normalises contours. The start matters: KLayout's
// shielding test depends, in rare tie cases, on the order in which a
// polygon's edges are visited, and we visit them in the same order. Degenerate rings (fewer than three corners)
// become empty.
func NewPolygon(hull []layout.Point, holes ...[]layout.Point) Polygon {
	p := Polygon{Hull: normRing(hull, true)}
	for _, h := range holes {
		if r := normRing(h, false); len(r) > 0 {
			p.Holes = append(p.Holes, r)
		}
	}
	return p
}

// Box returns the box as a polygon.
func Box(x0, y0, x1, y1 int32) Polygon {
	return NewPolygon([]layout.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}})
}

// normRing copies a ring, removes repeated points and straight-through
// vertices, orients it (clockwise when cw) and rotates it to start at the
// point of least y, then least x.
func normRing(in []layout.Point, cw bool) []layout.Point {
	pts := make([]layout.Point, 0, len(in))
	for _, q := range in {
		if len(pts) == 0 || pts[len(pts)-1] != q {
			pts = append(pts, q)
		}
	}
	for len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	// Remove vertices where the ring runs straight on (collinear, same
	// direction) until none is left; spikes (reversals) stay, as KLayout
	// keeps them.
	for changed := true; changed && len(pts) >= 3; {
		changed = false
		out := pts[:0]
		n := len(pts)
		for i := 0; i < n; i++ {
			prev := pts[(i+n-1)%n]
			if len(out) > 0 {
				prev = out[len(out)-1]
			}
			cur, next := pts[i], pts[(i+1)%n]
			if straight(prev, cur, next) {
				changed = true
				continue
			}
			out = append(out, cur)
		}
		pts = out
	}
	if len(pts) < 3 {
		return nil
	}
	if a := ringArea2(pts); (a > 0) != cw {
		// ringArea2 > 0 means clockwise.
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	first := 0
	for i, q := range pts {
		if pointLess(q, pts[first]) {
			first = i
		}
	}
	out := make([]layout.Point, 0, len(pts))
	out = append(out, pts[first:]...)
	return append(out, pts[:first]...)
}

func straight(a, b, c layout.Point) bool {
	ux, uy := int64(b.X)-int64(a.X), int64(b.Y)-int64(a.Y)
	vx, vy := int64(c.X)-int64(b.X), int64(c.Y)-int64(b.Y)
	return ux*vy-uy*vx == 0 && ux*vx+uy*vy > 0
}

// ringArea2 is twice the signed area of a ring, positive for a clockwise
// ring (KLayout's contour area2).
func ringArea2(pts []layout.Point) int64 {
	n := len(pts)
	if n < 3 {
		return 0
	}
	var a int64
	l := pts[n-1]
	for _, q := range pts {
		a += int64(q.X)*int64(l.Y) - int64(q.Y)*int64(l.X)
		l = q
	}
	return a
}

// Area is the area in dbu² with the holes subtracted, as KLayout computes
// it: each ring's doubled area halved with truncation, then summed.
func (p Polygon) Area() int64 {
	a := ringArea2(p.Hull) / 2
	for _, h := range p.Holes {
		a += ringArea2(h) / 2
	}
	return a
}

// Bounds is the bounding box of the hull.
func (p Polygon) Bounds() layout.Box { return layout.BoxOf(p.Hull) }

// NumEdges is the number of edges, holes included.
func (p Polygon) NumEdges() int {
	n := len(p.Hull)
	for _, h := range p.Holes {
		n += len(h)
	}
	return n
}

// AppendEdges appends the polygon's edges, hull first, then each hole, in
// ring order, and returns the extended slice.
func (p Polygon) AppendEdges(dst []Edge) []Edge {
	dst = appendRing(dst, p.Hull)
	for _, h := range p.Holes {
		dst = appendRing(dst, h)
	}
	return dst
}

func appendRing(dst []Edge, r []layout.Point) []Edge {
	n := len(r)
	for i := range n {
		j := i + 1
		if j == n {
			j = 0
		}
		dst = append(dst, Edge{r[i], r[j]})
	}
	return dst
}

// IsBox reports whether the polygon is an axis-parallel rectangle.
func (p Polygon) IsBox() bool {
	if len(p.Holes) != 0 || len(p.Hull) != 4 {
		return false
	}
	for i := range 4 {
		if !(Edge{p.Hull[i], p.Hull[(i+1)%4]}).isOrtho() {
			return false
		}
	}
	return true
}

// String formats the polygon in database units as KLayout does:
// "(0,0;0,40;40,40;40,0/5,5;8,5;5,6)".
func (p Polygon) String() string {
	b := []byte{'('}
	b = appendPoints(b, p.Hull)
	for _, h := range p.Holes {
		b = append(b, '/')
		b = appendPoints(b, h)
	}
	return string(append(b, ')'))
}

func appendPoints(b []byte, pts []layout.Point) []byte {
	for i, q := range pts {
		if i > 0 {
			b = append(b, ';')
		}
		b = strconv.AppendInt(b, int64(q.X), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(q.Y), 10)
	}
	return b
}
