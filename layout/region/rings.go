package region

import (
	"slices"

	"github.com/layoutmig/layoutmig/layout"
)

// ringSet is a scratch arena of traced rings of one cluster.
type ringSet struct {
	pts    []Point
	ends   []int32
	area   []int64 // twice the signed area (negative: clockwise hull)
	box    []Box
	parent []int32
	seen   []bool
}

func (rs *ringSet) reset() {
	rs.pts, rs.ends, rs.area, rs.box = rs.pts[:0], rs.ends[:0], rs.area[:0], rs.box[:0]
}

func (rs *ringSet) ring(i int) []Point {
	s := int32(0)
	if i > 0 {
		s = rs.ends[i-1]
	}
	return rs.pts[s:rs.ends[i]]
}

// trace follows the linked output edges of the sweeper into rings, dropping
// collinear and repeated points and rings without area.
func (rs *ringSet) trace(oe []oedge) {
	rs.reset()
	rs.seen = slices.Grow(rs.seen[:0], len(oe))[:len(oe)]
	clear(rs.seen)
	for i := range oe {
		if rs.seen[i] {
			continue
		}
		start := len(rs.pts)
		j := int32(i)
		for j >= 0 && !rs.seen[j] {
			rs.seen[j] = true
			rs.pts = append(rs.pts, oe[j].p1)
			j = oe[j].next
		}
		ring := compressRing(rs.pts[start:])
		rs.pts = rs.pts[:start+len(ring)]
		a := area2(ring)
		if len(ring) < 3 || a == 0 {
			rs.pts = rs.pts[:start]
			continue
		}
		rs.ends = append(rs.ends, int32(len(rs.pts)))
		rs.area = append(rs.area, a)
		rs.box = append(rs.box, layout.BoxOf(ring))
	}
}

// compressRing removes repeated points and points on a straight line (or
// a spike) between their neighbours, in place.
func compressRing(p []Point) []Point {
	out := p[:0]
	for _, q := range p {
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		for len(out) >= 2 && crossSign(out[len(out)-2], out[len(out)-1], q) == 0 {
			out = out[:len(out)-1]
		}
		out = append(out, q)
	}
	for len(out) >= 3 {
		n := len(out)
		switch {
		case out[n-1] == out[0]:
			out = out[:n-1]
		case crossSign(out[n-2], out[n-1], out[0]) == 0:
			out = out[:n-1]
		case crossSign(out[n-1], out[0], out[1]) == 0:
			copy(out, out[1:])
			out = out[:n-1]
		default:
			return out
		}
	}
	return out
}

// emit appends the traced rings to out as polygons: each clockwise ring is
// a hull, each counter-clockwise ring a hole of the innermost hull around
// it.
func (rs *ringSet) emit(out *Region) {
	n := len(rs.ends)
	holes := 0
	for _, a := range rs.area {
		if a > 0 {
			holes++
		}
	}
	if holes == 0 {
		for i := 0; i < n; i++ {
			out.appendRing(rs.ring(i))
			out.closePolygon()
		}
		return
	}
	rs.parent = slices.Grow(rs.parent[:0], n)[:n]
	for h := 0; h < n; h++ {
		rs.parent[h] = -1
		if rs.area[h] < 0 {
			continue
		}
		hb := rs.box[h]
		best := -1
		for g := 0; g < n; g++ {
			if rs.area[g] >= 0 || !boxContains(rs.box[g], hb) {
				continue
			}
			if best >= 0 && -rs.area[g] >= -rs.area[best] {
				continue
			}
			if ringEncloses(rs.ring(g), rs.ring(h)) {
				best = g
			}
		}
		rs.parent[h] = int32(best)
	}
	for g := 0; g < n; g++ {
		if rs.area[g] >= 0 {
			continue
		}
		out.appendRing(rs.ring(g))
		for h := 0; h < n; h++ {
			if rs.parent[h] == int32(g) {
				out.appendRing(rs.ring(h))
			}
		}
		out.closePolygon()
	}
}

func boxContains(outer, inner Box) bool {
	return outer.Min.X <= inner.Min.X && outer.Min.Y <= inner.Min.Y && outer.Max.X >= inner.Max.X && outer.Max.Y >= inner.Max.Y
}

// ringEncloses reports whether the hull ring g encloses the hole ring h.
// Rings do not cross, but a hole may touch its hull (or another hull) in
// vertices, so the test uses a vertex of h that is not on g.
func ringEncloses(g, h []Point) bool {
	for _, q := range h {
		if !onRing(g, q) {
			return winding(g, q) != 0
		}
	}
	// All vertices touch g: try the midpoints of h's edges (exactly, in
	// doubled coordinates).
	n := len(h)
	for i := range h {
		a, b := h[i], h[(i+1)%n]
		mx, my := int64(a.X)+int64(b.X), int64(a.Y)+int64(b.Y)
		if w, on := windingDoubled(g, mx, my); !on {
			return w != 0
		}
	}
	return true
}

// windingDoubled is the winding number of ring g around the point
// (qx/2, qy/2), and whether the point lies on g.
func windingDoubled(g []Point, qx, qy int64) (int, bool) {
	w := 0
	n := len(g)
	a := g[n-1]
	for _, b := range g {
		ax, ay, bx, by := 2*int64(a.X), 2*int64(a.Y), 2*int64(b.X), 2*int64(b.Y)
		c := cmp128(mul128(bx-ax, qy-ay), mul128(by-ay, qx-ax))
		if c == 0 && qx >= min(ax, bx) && qx <= max(ax, bx) && qy >= min(ay, by) && qy <= max(ay, by) {
			return 0, true
		}
		if ay <= qy {
			if by > qy && c > 0 {
				w++
			}
		} else if by <= qy && c < 0 {
			w--
		}
		a = b
	}
	return w, false
}

// onRing reports whether q lies on an edge of the ring.
func onRing(p []Point, q Point) bool {
	n := len(p)
	a := p[n-1]
	for _, b := range p {
		if q.X >= min(a.X, b.X) && q.X <= max(a.X, b.X) && q.Y >= min(a.Y, b.Y) && q.Y <= max(a.Y, b.Y) && crossSign(a, b, q) == 0 {
			return true
		}
		a = b
	}
	return false
}

// winding is the winding number of ring around q (q not on the ring).
func winding(ring []Point, q Point) int {
	w := 0
	n := len(ring)
	a := ring[n-1]
	for _, b := range ring {
		if a.Y <= q.Y {
			if b.Y > q.Y && crossSign(a, b, q) > 0 {
				w++
			}
		} else if b.Y <= q.Y && crossSign(a, b, q) < 0 {
			w--
		}
		a = b
	}
	return w
}
