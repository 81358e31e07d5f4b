package region

import (
	"slices"
)

// ResolvedHoles returns the region with every hole joined to its polygon's
// contour by a cut line, as KLayout does when it writes polygons with holes
// to formats without holes: holes are taken in the order of their top edge
// (bottom to top, then left to right); from the leftmost point of a hole's
// top, a horizontal cut runs left to the nearest upward edge (of the hull or
// of another hole) and the hole's contour is spliced in there, going out
// and back along the cut. Where that edge is not vertical and crosses the
// cut between grid points, the cut goes instead to the nearest contour
// vertex visible from the hole's point, so that no edge is bent. The result
// has the same area and point set; its polygons have no holes and touch
// themselves only along the cut lines.
func (r *Region) ResolvedHoles() *Region {
	out := &Region{}
	var st stitcher
	for i := 0; i < r.Len(); i++ {
		if r.NumHoles(i) == 0 {
			out.appendRing(r.Hull(i))
			out.closePolygon()
			continue
		}
		out.appendRing(st.resolve(r, i))
		out.closePolygon()
	}
	out.simple = make([]bool, out.Len())
	for i := range out.simple {
		out.simple[i] = r.IsMerged() && r.NumHoles(i) == 0
	}
	return out
}

// stitcher splices holes into their hull with linked vertex lists.
type stitcher struct {
	pt   []Point
	next []int32
	ring []int32 // contour id of each vertex (hull 0, hole k)
	out  []Point
}

func (st *stitcher) add(p Point, ring int32) int32 {
	st.pt = append(st.pt, p)
	st.next = append(st.next, -1)
	st.ring = append(st.ring, ring)
	return int32(len(st.pt) - 1)
}

func (st *stitcher) resolve(r *Region, poly int) []Point {
	st.pt, st.next, st.ring = st.pt[:0], st.next[:0], st.ring[:0]
	s, e := r.ringRange(poly)
	type hole struct {
		top  Point
		node int32
	}
	var holes []hole
	for k := s; k < e; k++ {
		p := r.ring(k)
		first := int32(len(st.pt))
		best := -1
		for i, q := range p {
			n := st.add(q, int32(k-s))
			if i > 0 {
				st.next[n-1] = n
			}
			if k > s && (best < 0 || q.Y > p[best].Y || q.Y == p[best].Y && q.X < p[best].X) {
				best = i
			}
		}
		st.next[len(st.pt)-1] = first
		if k > s {
			holes = append(holes, hole{p[best], first + int32(best)})
		}
	}
	slices.SortStableFunc(holes, func(a, b hole) int {
		if a.top.Y != b.top.Y {
			return cmpInt32(a.top.Y, b.top.Y)
		}
		return cmpInt32(a.top.X, b.top.X)
	})
	for _, h := range holes {
		st.splice(h.node)
	}
	st.out = st.out[:0]
	for n := int32(0); ; {
		p := st.pt[n]
		if len(st.out) == 0 || st.out[len(st.out)-1] != p {
			st.out = append(st.out, p)
		}
		n = st.next[n]
		if n == 0 {
			break
		}
	}
	for len(st.out) > 1 && st.out[len(st.out)-1] == st.out[0] {
		st.out = st.out[:len(st.out)-1]
	}
	return st.out
}

// splice joins the hole containing node q to the contour on its left.
func (st *stitcher) splice(q int32) {
	qp := st.pt[q]
	hole := st.ring[q]
	// Nearest upward edge crossing y = qp.Y to the left of qp, compared
	// exactly as x = num/den.
	bestU := int32(-1)
	var bn, bd int64
	for u := int32(0); u < int32(len(st.pt)); u++ {
		if st.ring[u] == hole {
			continue
		}
		a, b := st.pt[u], st.pt[st.next[u]]
		if !(a.Y < qp.Y && qp.Y <= b.Y) {
			continue
		}
		dy := int64(b.Y) - int64(a.Y)
		num := int64(a.X)*dy + (int64(b.X)-int64(a.X))*(int64(qp.Y)-int64(a.Y))
		if cmpFrac(num, dy, int64(qp.X), 1) >= 0 {
			continue
		}
		if bestU < 0 || cmpFrac(num, dy, bn, bd) > 0 {
			bestU, bn, bd = u, num, dy
		}
	}
	if bestU < 0 {
		return // cannot happen for a valid polygon
	}
	// The hole's node before q, to close its cycle back through q.
	pq := q
	for st.next[pq] != q {
		pq = st.next[pq]
	}
	u, v := bestU, st.next[bestU]
	owner := st.ring[u]
	var at int32 // node after which the hole is spliced in
	if bn%bd == 0 {
		c := Point{X: int32(bn / bd), Y: qp.Y}
		switch c {
		case st.pt[v]:
			at = v
		default:
			at = st.add(c, owner)
			st.next[u] = at
			st.next[at] = v
		}
	} else {
		at = st.visibleVertex(q, u, v, Point{X: roundHalfAway(float64(bn) / float64(bd)), Y: qp.Y})
		owner = st.ring[at]
	}
	after := st.next[at]
	q2 := st.add(qp, owner)
	a2 := st.add(st.pt[at], owner)
	st.next[at] = q
	st.next[pq] = q2
	st.next[q2] = a2
	st.next[a2] = after
	for n := q; n != q2; n = st.next[n] {
		st.ring[n] = owner
	}
}

// visibleVertex returns a contour node visible from hole node q: the end of
// the hit edge u->v nearer to q, unless other vertices lie in the triangle
// (q, hit point, that end); then the one seen at the smallest angle from the
// cut direction.
func (st *stitcher) visibleVertex(q, u, v int32, hit Point) int32 {
	qp := st.pt[q]
	cand := u
	if st.pt[v].X > st.pt[u].X {
		cand = v
	}
	P := st.pt[cand]
	hole := st.ring[q]
	best := int32(-1)
	for n := int32(0); n < int32(len(st.pt)); n++ {
		if st.ring[n] == hole || n == cand {
			continue
		}
		R := st.pt[n]
		if R == P || !inTriangle(qp, hit, P, R) || R.X >= qp.X {
			continue
		}
		if best < 0 {
			best = n
			continue
		}
		B := st.pt[best]
		// smaller angle to the direction (-1, 0): |dy|/dx smaller
		dR, dB := int64(qp.X)-int64(R.X), int64(qp.X)-int64(B.X)
		aR, aB := abs64(int64(R.Y)-int64(qp.Y)), abs64(int64(B.Y)-int64(qp.Y))
		if c := sign64(aR*dB - aB*dR); c < 0 || c == 0 && dR < dB {
			best = n
		}
	}
	if best < 0 {
		return cand
	}
	return best
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// inTriangle reports whether r lies in the closed triangle a, b, c.
func inTriangle(a, b, c, r Point) bool {
	d1, d2, d3 := crossSign(a, b, r), crossSign(b, c, r), crossSign(c, a, r)
	neg := d1 < 0 || d2 < 0 || d3 < 0
	pos := d1 > 0 || d2 > 0 || d3 > 0
	return !(neg && pos)
}
