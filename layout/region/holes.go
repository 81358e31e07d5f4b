package region

import (
	"slices"
)

// ResolvedHoles returns the region with every hole joined to its polygon's
// contour by a cut line, as KLayout does when it writes polygons with holes
// to formats without holes: holes are taken in the order of their top edge
// (bottom to top, then left to right); from the leftmost point of a hole's
// top, a horizontal cut runs left to the nearest upward edge (of the hull or
// of a hole already joined or still to be joined) and the hole's contour is
// spliced in there, going out and back along the cut. The result has the
// same area and point set; its polygons have no holes and touch themselves
// only along the cut lines.
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
	nOrig := int32(len(st.pt))
	for _, h := range holes {
		q := h.top
		// Nearest upward edge crossing the cut line to the left of q.
		bestU := int32(-1)
		var bestX int32
		for u := int32(0); u < int32(len(st.pt)); u++ {
			if st.ring[u] == st.ring[h.node] {
				continue
			}
			a, b := st.pt[u], st.pt[st.next[u]]
			if !(a.Y < q.Y && q.Y <= b.Y) {
				continue
			}
			x := b.X
			if b.Y != q.Y {
				num := float64(a.X) + float64(int64(b.X)-int64(a.X))*float64(int64(q.Y)-int64(a.Y))/float64(int64(b.Y)-int64(a.Y))
				x = roundHalfAway(num)
			}
			if x < q.X && (bestU < 0 || x > bestX) {
				bestU, bestX = u, x
			}
		}
		if bestU < 0 {
			continue // cannot happen for a valid polygon
		}
		_ = nOrig
		c := Point{X: bestX, Y: q.Y}
		u := bestU
		v := st.next[u]
		// The hole's vertex before q, to close its cycle back through q.
		pq := h.node
		for st.next[pq] != h.node {
			pq = st.next[pq]
		}
		owner := st.ring[u]
		c1 := st.add(c, owner)
		q2 := st.add(q, owner)
		c2 := st.add(c, owner)
		st.next[u] = c1
		st.next[c1] = h.node
		st.next[pq] = q2
		st.next[q2] = c2
		st.next[c2] = v
		// The hole now belongs to the contour it joined.
		for n := h.node; ; n = st.next[n] {
			if n == q2 {
				break
			}
			st.ring[n] = owner
		}
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
