package region

import (
	"slices"
	"sort"
)

// The snapping rule (KLayout 0.28's edge processor, applied before the
// scanline on any cluster that holds a non-Manhattan edge):
//
//  1. Two edges that cross (and share no end point) meet at their
//     intersection rounded to the grid: each coordinate is
//     p1 + d·t rounded to nearest with ties towards minus infinity, computed
//     from the lesser edge (points ordered by y, then x). Horizontal edges
//     take part in finding intersections but are dropped afterwards: the
//     scanline derives horizontal boundaries from the others.
//  2. Every non-horizontal edge that passes through the unit pixel centred
//     on such a point (the open square, with KLayout's tie rule on its
//     border) is cut there, i.e. bent through the grid point. A cut that
//     moves the edge off its line makes the edge "strong".
//  3. An end point exactly on another non-horizontal edge cuts it (strong).
//     Collinear overlapping edges cut each other at their end points.
//  4. An end point that is in the pixel of another edge without lying on it
//     is an attractor: it cuts every edge near it as soon as any of them is
//     strong (a closure over all attractor groups).
//  5. Each edge is split at its cut points, sorted along the edge; a
//     one-pixel "z" (step and step back) is straightened.
//
// This makes boolean results XOR-identical to KLayout's on any-angle data.

type snapCut struct {
	e int32
	p Point
}

type snapper struct {
	ed      []kedge
	op      []uint8
	cuts    []snapCut
	strong  []bool
	weak    []Point // intersection points to propagate
	weakSrc []int32 // the pair (2 per point) they came from
	// attractor groups: point and members
	grpPt     []Point
	grpStart  []int32
	grpMember []int32
	// candidate pairs in CSR form
	nbStart []int32
	nb      []int32
	order   []int32
	act     []int32
}

// snapEdges splits the directed edges (with their operands) according to
// the snapping rule and returns the non-horizontal pieces.
func (s *snapper) snapEdges(in []kedge, ops []uint8, out []sedge) []sedge {
	n := len(in)
	s.ed, s.op = in, ops
	s.cuts = s.cuts[:0]
	s.weak, s.weakSrc = s.weak[:0], s.weakSrc[:0]
	s.grpPt, s.grpStart, s.grpMember = s.grpPt[:0], s.grpStart[:0], s.grpMember[:0]
	s.strong = slices.Grow(s.strong[:0], n)[:n]
	clear(s.strong)
	s.buildPairs()

	for i := 0; i < n; i++ {
		for _, j32 := range s.nb[s.nbStart[i]:s.nbStart[i+1]] {
			if j := int(j32); j > i {
				s.pair(i, j)
			}
		}
	}
	// p1 attractors, grouped by the edge owning the point.
	for i := 0; i < n; i++ {
		c1 := in[i]
		start := len(s.grpMember)
		for _, j32 := range s.nb[s.nbStart[i]:s.nbStart[i+1]] {
			c2 := in[j32]
			if c2.dy() == 0 || (c1.parallel(c2) && c1.sideOf(c2.p1) == 0) {
				continue
			}
			if c2.onFuzzy(c1.p1) {
				if c2.onExact(c1.p1) {
					s.addCut(j32, c1.p1, true)
				} else {
					s.grpMember = append(s.grpMember, j32)
				}
			}
		}
		if len(s.grpMember) > start {
			s.grpPt = append(s.grpPt, c1.p1)
			s.grpStart = append(s.grpStart, int32(start))
		}
	}
	s.grpStart = append(s.grpStart, int32(len(s.grpMember)))
	// Propagate the intersection points to every edge through their pixel.
	for k, p := range s.weak {
		a, b := s.weakSrc[2*k], s.weakSrc[2*k+1]
		s.propagate(a, p)
		s.propagate(b, p)
		for _, c := range s.nb[s.nbStart[a]:s.nbStart[a+1]] {
			s.propagate(c, p)
		}
	}
	s.closeAttractors()
	return s.split(out)
}

func (s *snapper) addCut(e int32, p Point, strong bool) {
	s.cuts = append(s.cuts, snapCut{e, p})
	if strong {
		s.strong[e] = true
	}
}

func (s *snapper) propagate(e int32, p Point) {
	c := s.ed[e]
	if c.dy() == 0 || !c.onFuzzy(p) {
		return
	}
	s.addCut(e, p, !c.onExact(p))
}

func sharesEndPoint(a, b kedge) bool {
	return a.p1 == b.p1 || a.p1 == b.p2 || a.p2 == b.p1 || a.p2 == b.p2
}

// pair handles one unordered candidate pair: intersections and the cuts by
// collinear overlaps.
func (s *snapper) pair(i, j int) {
	a, b := s.ed[i], s.ed[j]
	ha, hb := a.dy() == 0, b.dy() == 0
	if ha && hb {
		return
	}
	collinear := !ha && !hb && a.parallel(b) && a.sideOf(b.p1) == 0
	if !collinear && !sharesEndPoint(a, b) {
		if p, ok := safeIntersect(a, b); ok {
			s.weak = append(s.weak, p)
			s.weakSrc = append(s.weakSrc, int32(i), int32(j))
		}
	}
	if collinear {
		s.collinearCuts(int32(i), int32(j))
		s.collinearCuts(int32(j), int32(i))
	}
}

// collinearCuts cuts edge c2 at the end points of the collinear edge c1
// that lie inside it.
func (s *snapper) collinearCuts(i1, i2 int32) {
	c1, c2 := s.ed[i1], s.ed[i2]
	for _, q := range [2]Point{c1.p1, c1.p2} {
		if c2.contains(q) && q != c2.p1 && q != c2.p2 {
			s.addCut(i2, q, !c2.onExact(q))
		}
	}
}

// closeAttractors fires every attractor group that has a strong member,
// repeatedly, since firing makes members strong.
func (s *snapper) closeAttractors() {
	ng := len(s.grpPt)
	if ng == 0 {
		return
	}
	fired := make([]bool, ng)
	for changed := true; changed; {
		changed = false
		for g := 0; g < ng; g++ {
			if fired[g] {
				continue
			}
			members := s.grpMember[s.grpStart[g]:s.grpStart[g+1]]
			any := false
			for _, m := range members {
				if s.strong[m] {
					any = true
					break
				}
			}
			if !any {
				continue
			}
			fired[g] = true
			for _, m := range members {
				if !s.strong[m] {
					changed = true
				}
				s.addCut(m, s.grpPt[g], true)
			}
		}
	}
}

// split cuts every edge at its cut points and returns the non-horizontal
// pieces.
func (s *snapper) split(out []sedge) []sedge {
	sort.Slice(s.cuts, func(a, b int) bool { return s.cuts[a].e < s.cuts[b].e })
	k := 0
	var pts []Point
	for i, e := range s.ed {
		pts = pts[:0]
		for k < len(s.cuts) && int(s.cuts[k].e) < i {
			k++
		}
		for k < len(s.cuts) && int(s.cuts[k].e) == i {
			pts = append(pts, s.cuts[k].p)
			k++
		}
		op := s.op[i]
		if len(pts) == 0 {
			out = appendSedge(out, e, op)
			continue
		}
		dx, dy := e.dx(), e.dy()
		proj := func(p Point) int64 {
			return sprod(dx, dy, int64(p.X)-int64(e.p1.X), int64(p.Y)-int64(e.p1.Y))
		}
		sort.Slice(pts, func(a, b int) bool {
			pa, pb := proj(pts[a]), proj(pts[b])
			if pa != pb {
				return pa < pb
			}
			return pointLess(pts[a], pts[b])
		})
		pll, pl := e.p1, e.p1
		emit := func(ne kedge) {
			// "z" straightening: a step followed by a step back is replaced
			// (horizontal pieces vanish anyway; a vertical one is cancelled).
			if pl.Y == pll.Y && ne.p2.X != pl.X && ne.p2.X == pll.X {
				ne = kedge{pll, ne.p2}
			} else if pl.X == pll.X && ne.p2.Y != pl.Y && ne.p2.Y == pll.Y {
				ne = kedge{ne.p1, pll}
			} else {
				pll = pl
			}
			out = appendSedge(out, ne, op)
		}
		for _, cp := range pts {
			if cp != pl {
				emit(kedge{pl, cp})
				pl = cp
			}
		}
		if pts[len(pts)-1] != e.p2 {
			emit(kedge{pl, e.p2})
		}
	}
	return out
}

// buildPairs finds all pairs of edges whose closed bounding boxes overlap
// (sweep over y), as adjacency lists.
func (s *snapper) buildPairs() {
	n := len(s.ed)
	s.order = slices.Grow(s.order[:0], n)[:n]
	for i := range s.order {
		s.order[i] = int32(i)
	}
	ymin := func(e kedge) int32 { return min(e.p1.Y, e.p2.Y) }
	ymax := func(e kedge) int32 { return max(e.p1.Y, e.p2.Y) }
	slices.SortFunc(s.order, func(a, b int32) int { return int(ymin(s.ed[a])) - int(ymin(s.ed[b])) })
	type pr struct{ a, b int32 }
	var pairs []pr
	s.act = s.act[:0]
	for _, i := range s.order {
		e := s.ed[i]
		y0 := ymin(e)
		w := 0
		for _, j := range s.act {
			o := s.ed[j]
			if ymax(o) < y0 {
				continue
			}
			s.act[w] = j
			w++
			if max(e.p1.X, e.p2.X) >= min(o.p1.X, o.p2.X) && max(o.p1.X, o.p2.X) >= min(e.p1.X, e.p2.X) {
				pairs = append(pairs, pr{i, j}, pr{j, i})
			}
		}
		s.act = append(s.act[:w], i)
	}
	s.nbStart = slices.Grow(s.nbStart[:0], n+1)[:n+1]
	clear(s.nbStart)
	for _, p := range pairs {
		s.nbStart[p.a+1]++
	}
	for i := 0; i < n; i++ {
		s.nbStart[i+1] += s.nbStart[i]
	}
	s.nb = slices.Grow(s.nb[:0], len(pairs))[:len(pairs)]
	fill := make([]int32, n)
	copy(fill, s.nbStart[:n])
	for _, p := range pairs {
		s.nb[fill[p.a]] = p.b
		fill[p.a]++
	}
	// Deterministic neighbour order.
	for i := 0; i < n; i++ {
		slices.Sort(s.nb[s.nbStart[i]:s.nbStart[i+1]])
	}
}
