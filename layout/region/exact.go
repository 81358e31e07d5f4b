package region

import (
	"math"
	"math/bits"
)

// Exact integer geometry. Coordinates must lie within ±2^30 database units
// (over a metre at 1 nm): then every cross or dot product of coordinate
// differences fits an int64, and the few wider products use 128 bits.

// MaxCoord is the largest coordinate magnitude the exact arithmetic
// supports for non-Manhattan geometry.
const MaxCoord = 1 << 30

// cross returns (a-o) x (b-o).
func cross(o, a, b Point) int64 {
	return (int64(a.X)-int64(o.X))*(int64(b.Y)-int64(o.Y)) - (int64(a.Y)-int64(o.Y))*(int64(b.X)-int64(o.X))
}

// crossSign is the sign of (a-o) x (b-o), exact for all int32 points
// (cross may overflow beyond ±2^30).
func crossSign(o, a, b Point) int {
	ax, ay := int64(a.X)-int64(o.X), int64(a.Y)-int64(o.Y)
	bx, by := int64(b.X)-int64(o.X), int64(b.Y)-int64(o.Y)
	return vprodSign(ax, ay, bx, by)
}

// vprodSign is the sign of a x b for vectors with components below 2^32 in
// magnitude.
func vprodSign(ax, ay, bx, by int64) int {
	if small(ax) && small(ay) && small(bx) && small(by) {
		return sign64(ax*by - ay*bx)
	}
	return cmp128(mul128(ax, by), mul128(ay, bx))
}

// sprodSign is the sign of the dot product of two such vectors.
func sprodSign(ax, ay, bx, by int64) int {
	if small(ax) && small(ay) && small(bx) && small(by) {
		return sign64(ax*bx + ay*by)
	}
	return cmp128(mul128(ax, bx), mul128(-ay, by))
}

// small reports whether |v| < 2^31, so that a sum of two products fits an
// int64.
func small(v int64) bool { return uint64(v+(1<<31)) < 1<<32 }

// vprod returns a x b for two vectors given as components.
func vprod(ax, ay, bx, by int64) int64 { return ax*by - ay*bx }

// sprod returns the dot product of two vectors.
func sprod(ax, ay, bx, by int64) int64 { return ax*bx + ay*by }

func sign64(v int64) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// pointLess orders points by y, then x (KLayout's point order).
func pointLess(a, b Point) bool {
	if a.Y != b.Y {
		return a.Y < b.Y
	}
	return a.X < b.X
}

// kedge is a directed edge as KLayout's edge processor sees it.
type kedge struct{ p1, p2 Point }

func (e kedge) dx() int64 { return int64(e.p2.X) - int64(e.p1.X) }
func (e kedge) dy() int64 { return int64(e.p2.Y) - int64(e.p1.Y) }

func (e kedge) less(o kedge) bool {
	if e.p1 != o.p1 {
		return pointLess(e.p1, o.p1)
	}
	return pointLess(e.p2, o.p2)
}

func (e kedge) isOrtho() bool { return e.p1.X == e.p2.X || e.p1.Y == e.p2.Y }

// inBox reports whether p lies in the closed bounding box of e.
func (e kedge) inBox(p Point) bool {
	return p.X >= min(e.p1.X, e.p2.X) && p.X <= max(e.p1.X, e.p2.X) &&
		p.Y >= min(e.p1.Y, e.p2.Y) && p.Y <= max(e.p1.Y, e.p2.Y)
}

// boxesTouch reports whether the closed bounding boxes of e and o overlap.
func (e kedge) boxesTouch(o kedge) bool {
	return max(e.p1.X, e.p2.X) >= min(o.p1.X, o.p2.X) && max(o.p1.X, o.p2.X) >= min(e.p1.X, e.p2.X) &&
		max(e.p1.Y, e.p2.Y) >= min(o.p1.Y, o.p2.Y) && max(o.p1.Y, o.p2.Y) >= min(e.p1.Y, e.p2.Y)
}

// sideOf is the sign of p relative to the line of e (1 left, -1 right).
func (e kedge) sideOf(p Point) int { return sign64(cross(e.p1, e.p2, p)) }

func (e kedge) parallel(o kedge) bool { return vprod(e.dx(), e.dy(), o.dx(), o.dy()) == 0 }

// roundedLength is the edge length rounded half up, as KLayout's length().
func (e kedge) roundedLength() float64 {
	dx, dy := float64(e.dx()), float64(e.dy())
	return float64(int64(math.Sqrt(dx*dx+dy*dy) + 0.5))
}

// contains is KLayout's Edge::contains: p is less than half a database unit
// from the line (measured against the rounded length) and projects onto the
// closed edge.
func (e kedge) contains(p Point) bool {
	if e.p1 == e.p2 {
		return p == e.p1
	}
	axb := cross(e.p1, e.p2, p)
	if axb < 0 {
		axb = -axb
	}
	d := float64(axb) / e.roundedLength()
	if int64(d+0.5) >= 1 {
		return false
	}
	return sprod(int64(p.X)-int64(e.p1.X), int64(p.Y)-int64(e.p1.Y), e.dx(), e.dy()) >= 0 &&
		sprod(int64(p.X)-int64(e.p2.X), int64(p.Y)-int64(e.p2.Y), -e.dx(), -e.dy()) >= 0
}

// crossedBy reports whether o's end points lie on different sides of e's
// line (or on it).
func (e kedge) crossedBy(o kedge) bool {
	a := e.sideOf(o.p1)
	if a == 0 {
		return true
	}
	b := e.sideOf(o.p2)
	if b == 0 {
		return true
	}
	return a != b
}

// divExact returns a*b/d rounded to the nearest integer with ties towards
// minus infinity (b >= 0, d > 0), KLayout's div_exact.
func divExact(a, b, d int64) int64 {
	neg := a < 0
	ua := uint64(a)
	if neg {
		ua = uint64(-a)
	}
	hi, lo := bits.Mul64(ua, uint64(b))
	var add uint64
	if neg {
		add = uint64(d / 2)
	} else {
		add = uint64((d - 1) / 2)
	}
	lo2, carry := bits.Add64(lo, add, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo2, uint64(d))
	if neg {
		return -int64(q)
	}
	return int64(q)
}

// intersectPoint is KLayout's Edge::intersect_point: the intersection of two
// edges rounded to the grid, or false.
func (e kedge) intersectPoint(o kedge) (Point, bool) {
	if !e.boxesTouch(o) {
		return Point{}, false
	}
	if e.isOrtho() && o.isOrtho() {
		x := max(min(e.p1.X, e.p2.X), min(o.p1.X, o.p2.X))
		y := max(min(e.p1.Y, e.p2.Y), min(o.p1.Y, o.p2.Y))
		return Point{X: x, Y: y}, true
	}
	if !e.crossedBy(o) {
		return Point{}, false
	}
	res, endsOn := true, false
	vxa := cross(o.p1, o.p2, e.p1)
	if vxa < 0 {
		res = false
	} else if vxa == 0 {
		endsOn = true
	}
	vsb := cross(o.p1, o.p2, e.p2)
	vxb := -vsb
	if vsb > 0 {
		res = !res
	} else if vsb == 0 {
		endsOn = true
	}
	switch {
	case endsOn:
		switch {
		case e.contains(o.p1):
			return o.p1, true
		case e.contains(o.p2):
			return o.p2, true
		case o.contains(e.p1):
			return e.p1, true
		case o.contains(e.p2):
			return e.p2, true
		}
		return Point{}, false
	case res:
		if vxa < 0 {
			vxa = -vxa
		}
		if vxb < 0 {
			vxb = -vxb
		}
		x := int64(e.p1.X) + divExact(e.dx(), vxa, vxa+vxb)
		y := int64(e.p1.Y) + divExact(e.dy(), vxa, vxa+vxb)
		return Point{X: int32(x), Y: int32(y)}, true
	}
	return Point{}, false
}

// safeIntersect orders the edges before intersecting so the result does not
// depend on the argument order.
func safeIntersect(a, b kedge) (Point, bool) {
	if a.less(b) {
		return a.intersectPoint(b)
	}
	return b.intersectPoint(a)
}

// onExact reports whether pt lies exactly on the closed edge.
func (e kedge) onExact(pt Point) bool {
	if !e.inBox(pt) {
		return false
	}
	if e.dx() == 0 || e.dy() == 0 {
		return true
	}
	return cross(e.p1, e.p2, pt) == 0
}

// onFuzzy reports whether the edge passes through the unit pixel centred on
// pt (excluding its own end points), with KLayout's tie rule on the pixel
// boundary.
func (e kedge) onFuzzy(pt Point) bool {
	if pt == e.p1 || pt == e.p2 || !e.inBox(pt) {
		return false
	}
	dx, dy := e.dx(), e.dy()
	if dx == 0 || dy == 0 {
		return true
	}
	withEqual := false
	ox, oy := int64(-1), int64(1)
	if (dx < 0 && dy > 0) || (dx > 0 && dy < 0) {
		ox, withEqual = 1, true
	}
	a1 := 2 * vprod(int64(pt.X)-int64(e.p1.X), int64(pt.Y)-int64(e.p1.Y), dx, dy)
	a2 := vprod(ox, oy, dx, dy)
	if (a1 < 0) == (a2 < 0) {
		withEqual = false
	}
	if a1 < 0 {
		a1 = -a1
	}
	if a2 < 0 {
		a2 = -a2
	}
	return a1 < a2 || (a1 == a2 && withEqual)
}
