package drc

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/layoutmig/layoutmig/layout"
)

// Edge is a directed segment from P1 to P2 in database units. Edges taken
// from a Polygon have the polygon's inside on their right.
type Edge struct {
	P1, P2 layout.Point
}

// E is shorthand for the edge (x1,y1)->(x2,y2).
func E(x1, y1, x2, y2 int32) Edge {
	return Edge{layout.Point{X: x1, Y: y1}, layout.Point{X: x2, Y: y2}}
}

// Reversed returns the edge running the other way.
func (e Edge) Reversed() Edge { return Edge{e.P2, e.P1} }

// Degenerate reports whether the edge is a single point.
func (e Edge) Degenerate() bool { return e.P1 == e.P2 }

// Bounds is the bounding box of the edge.
func (e Edge) Bounds() layout.Box {
	return layout.Box{
		Min: layout.Point{X: min(e.P1.X, e.P2.X), Y: min(e.P1.Y, e.P2.Y)},
		Max: layout.Point{X: max(e.P1.X, e.P2.X), Y: max(e.P1.Y, e.P2.Y)},
	}
}

// Less orders edges as KLayout does: by P1, then by P2, comparing points by
// y and then x.
func (e Edge) Less(o Edge) bool {
	if e.P1 != o.P1 {
		return pointLess(e.P1, o.P1)
	}
	return pointLess(e.P2, o.P2)
}

func pointLess(a, b layout.Point) bool {
	if a.Y != b.Y {
		return a.Y < b.Y
	}
	return a.X < b.X
}

// String formats the edge in database units: "(x1,y1;x2,y2)".
func (e Edge) String() string {
	b := make([]byte, 0, 48)
	return string(e.appendDBU(b))
}

func (e Edge) appendDBU(b []byte) []byte {
	b = append(b, '(')
	b = strconv.AppendInt(b, int64(e.P1.X), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(e.P1.Y), 10)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(e.P2.X), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(e.P2.Y), 10)
	return append(b, ')')
}

// Format formats the edge in µm for a database unit of dbu µm, as KLayout
// prints floating-point edges (12 significant digits, no trailing zeros):
// "(0.2,0;0.2,1)".
func (e Edge) Format(dbu float64) string {
	return string(e.appendMicrons(make([]byte, 0, 48), dbu))
}

func (e Edge) appendMicrons(b []byte, dbu float64) []byte {
	b = append(b, '(')
	b = appendMicron(b, e.P1.X, dbu)
	b = append(b, ',')
	b = appendMicron(b, e.P1.Y, dbu)
	b = append(b, ';')
	b = appendMicron(b, e.P2.X, dbu)
	b = append(b, ',')
	b = appendMicron(b, e.P2.Y, dbu)
	return append(b, ')')
}

// appendMicron appends c·dbu the way C's "%.12g" prints it (KLayout's
// tl::to_string for doubles).
func appendMicron(b []byte, c int32, dbu float64) []byte {
	v := float64(c) * dbu
	if v == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'g', 12, 64)
}

// --- integer geometry, as KLayout's db::edge computes it ---------------------

func (e Edge) dx() int64 { return int64(e.P2.X) - int64(e.P1.X) }
func (e Edge) dy() int64 { return int64(e.P2.Y) - int64(e.P1.Y) }

func (e Edge) isOrtho() bool { return e.P1.X == e.P2.X || e.P1.Y == e.P2.Y }

// sqLength is the squared length as a float64 (exact below 2^53).
func (e Edge) sqLength() float64 {
	dx, dy := float64(e.dx()), float64(e.dy())
	return dx*dx + dy*dy
}

func (e Edge) length() float64 { return math.Sqrt(e.sqLength()) }

// roundedLength is the length rounded to an integer (KLayout's
// edge::length).
func (e Edge) roundedLength() int64 { return int64(e.length() + 0.5) }

func sign(v int64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// crossTo is (e.P2−e.P1) × (p−e.P1): positive if p lies left of e.
func (e Edge) crossTo(p layout.Point) int64 {
	return e.dx()*(int64(p.Y)-int64(e.P1.Y)) - e.dy()*(int64(p.X)-int64(e.P1.X))
}

// side is +1 if p lies left of e's line, 0 on it, −1 right of it (inside).
func (e Edge) side(p layout.Point) int {
	if e.Degenerate() {
		return 0
	}
	return sign(e.crossTo(p))
}

// distance is the signed distance of p from e's line, positive on the left,
// computed as KLayout does: the cross product over the rounded length,
// rounded to an integer.
func (e Edge) distance(p layout.Point) int64 {
	if e.Degenerate() {
		return 0
	}
	return roundHalfAway(float64(e.crossTo(p)) / float64(e.roundedLength()))
}

// distanceAbs is |distance| with KLayout's rounding of the absolute value.
func (e Edge) distanceAbs(p layout.Point) int64 {
	if e.Degenerate() {
		return 0
	}
	c := e.crossTo(p)
	if c < 0 {
		c = -c
	}
	return int64(float64(c)/float64(e.roundedLength()) + 0.5)
}

func (e Edge) parallel(o Edge) bool { return e.dx()*o.dy()-e.dy()*o.dx() == 0 }

func dot(e, o Edge) int64 { return e.dx()*o.dx() + e.dy()*o.dy() }

// dotPts is (a−o)·(b−c) for the points given.
func dotPts(a, o, b, c layout.Point) int64 {
	return (int64(a.X)-int64(o.X))*(int64(b.X)-int64(c.X)) + (int64(a.Y)-int64(o.Y))*(int64(b.Y)-int64(c.Y))
}

// contains reports whether p lies on the segment (closer than half a unit
// to its line and between its end points).
func (e Edge) contains(p layout.Point) bool {
	if e.Degenerate() {
		return e.P1 == p
	}
	return e.distanceAbs(p) < 1 && dotPts(p, e.P1, e.P2, e.P1) >= 0 && dotPts(p, e.P2, e.P1, e.P2) >= 0
}

func boxesTouch(a, b layout.Box) bool {
	return a.Min.X <= b.Max.X && b.Min.X <= a.Max.X && a.Min.Y <= b.Max.Y && b.Min.Y <= a.Max.Y
}

// crossedBy reports whether o's end points lie on different sides of e's
// line, or one of them on it.
func (e Edge) crossedBy(o Edge) bool {
	res := true
	switch e.side(o.P1) {
	case -1:
		res = false
	case 0:
		return true
	}
	switch e.side(o.P2) {
	case 1:
		res = !res
	case 0:
		return true
	}
	return res
}

// intersects reports whether the two segments share a point.
func (e Edge) intersects(o Edge) bool {
	switch {
	case e.Degenerate():
		return o.contains(e.P1)
	case o.Degenerate():
		return e.contains(o.P1)
	case !boxesTouch(e.Bounds(), o.Bounds()):
		return false
	case e.isOrtho() && o.isOrtho():
		return true
	}
	return e.crossedBy(o) && o.crossedBy(e)
}

// intersectionPoint returns a common point of the segments, as KLayout's
// edge::intersect_point chooses it.
func (e Edge) intersectionPoint(o Edge) (layout.Point, bool) {
	switch {
	case e.Degenerate():
		return e.P1, o.contains(e.P1)
	case o.Degenerate():
		return o.P1, e.contains(o.P1)
	case !boxesTouch(e.Bounds(), o.Bounds()):
		return layout.Point{}, false
	case e.isOrtho() && o.isOrtho():
		return layout.Point{
			X: max(min(e.P1.X, e.P2.X), min(o.P1.X, o.P2.X)),
			Y: max(min(e.P1.Y, e.P2.Y), min(o.P1.Y, o.P2.Y)),
		}, true
	case !e.crossedBy(o):
		return layout.Point{}, false
	}
	res, onEdge := true, false
	va := o.crossTo(e.P1)
	switch sign(va) {
	case -1:
		res = false
	case 0:
		onEdge = true
	}
	vb := -o.crossTo(e.P2)
	switch sign(-vb) {
	case 1:
		res = !res
	case 0:
		onEdge = true
	}
	if onEdge {
		switch {
		case e.contains(o.P1):
			return o.P1, true
		case e.contains(o.P2):
			return o.P2, true
		case o.contains(e.P1):
			return e.P1, true
		case o.contains(e.P2):
			return e.P2, true
		}
		return layout.Point{}, false
	}
	if !res {
		return layout.Point{}, false
	}
	va, vb = abs64(va), abs64(vb)
	return layout.Point{
		X: e.P1.X + divExact(e.dx(), va, va+vb),
		Y: e.P1.Y + divExact(e.dy(), va, va+vb),
	}, true
}

// cutPoint is where o's infinite line meets e's line, computed along o and
// rounded to the grid (KLayout's e.cut_point(o)). The lines must not be
// parallel.
func (e Edge) cutPoint(o Edge) layout.Point {
	vp := o.dx()*e.dy() - o.dy()*e.dx()
	pr1 := float64((int64(o.P1.X)-int64(e.P1.X))*e.dy() - (int64(o.P1.Y)-int64(e.P1.Y))*e.dx())
	f := pr1 / float64(vp)
	return layout.Point{
		X: o.P1.X - int32(roundHalfAway(float64(o.dx())*f)),
		Y: o.P1.Y - int32(roundHalfAway(float64(o.dy())*f)),
	}
}

// along returns e.P1 + round(t·(P2−P1)).
func (e Edge) along(t float64) layout.Point {
	return layout.Point{
		X: e.P1.X + int32(roundHalfAway(float64(e.dx())*t)),
		Y: e.P1.Y + int32(roundHalfAway(float64(e.dy())*t)),
	}
}

// roundHalfAway rounds as KLayout's coord_traits::rounded: add or subtract
// one half, then truncate.
func roundHalfAway(v float64) int64 {
	if v > 0 {
		return int64(v + 0.5)
	}
	return int64(v - 0.5)
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// divExact computes a·b/den (b, den > 0) rounded to the nearest integer,
// exact halves towards minus infinity, with a 128-bit intermediate
// (KLayout's div_exact).
func divExact(a, b, den int64) int32 {
	neg := a < 0
	if neg {
		a = -a
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	var k uint64
	if neg {
		k = uint64(den / 2)
	} else {
		k = uint64((den - 1) / 2)
	}
	var carry uint64
	lo, carry = bits.Add64(lo, k, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, uint64(den))
	if neg {
		return -int32(q)
	}
	return int32(q)
}
