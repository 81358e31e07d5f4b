package drc

import (
	"slices"
)

// EdgePair is one violation of an edge-pair check: the parts of two edges
// (or the whole edges, with CheckOptions.WholeEdges) that are too close, each in
// its original direction.
//
// Single-layer checks (width, space, notch, isolated) give Symmetric pairs:
// one per pair of edges, the lesser edge first (Edge.Less). Two-layer checks
// give ordered pairs: First is the edge of the layer the check is called on
// (the outer layer for Enclosing, the inner one for Enclosed).
type EdgePair struct {
	First, Second Edge
	Symmetric     bool
}

// Normalized returns the pair in its canonical form: a symmetric pair with
// its lesser edge first; an ordered pair unchanged.
func (p EdgePair) Normalized() EdgePair {
	if p.Symmetric && p.Second.Less(p.First) {
		p.First, p.Second = p.Second, p.First
	}
	return p
}

// Less orders pairs by first edge, then second edge, then ordered before
// symmetric. Normalised pairs sort deterministically.
func (p EdgePair) Less(o EdgePair) bool { return comparePairs(p, o) < 0 }

func compareEdges(a, b Edge) int {
	switch {
	case a == b:
		return 0
	case a.Less(b):
		return -1
	}
	return 1
}

func comparePairs(a, b EdgePair) int {
	if c := compareEdges(a.First, b.First); c != 0 {
		return c
	}
	if c := compareEdges(a.Second, b.Second); c != 0 {
		return c
	}
	switch {
	case a.Symmetric == b.Symmetric:
		return 0
	case b.Symmetric:
		return -1
	}
	return 1
}

// SortPairs normalises the pairs, sorts them and removes duplicates, in
// place, and returns the shortened slice: the result of a check as a set.
func SortPairs(ps []EdgePair) []EdgePair {
	return slices.Compact(sortPairsKeep(ps))
}

// sortPairsKeep normalises and sorts the pairs in place, keeping
// duplicates: KLayout's single-polygon checks (width, notch) write every
// pair of edges that violates, and two different pairs of edges can give
// the same parts (points where edges meet), which KLayout then reports
// twice.
func sortPairsKeep(ps []EdgePair) []EdgePair {
	for i := range ps {
		ps[i] = ps[i].Normalized()
	}
	slices.SortFunc(ps, comparePairs)
	return ps
}

func (p EdgePair) separator() byte {
	if p.Symmetric {
		return '|'
	}
	return '/'
}

// String formats the pair in database units as KLayout prints it:
// "(200,0;200,1000)|(100,1000;100,0)" for a symmetric pair (lesser edge
// first), "(100,1000;100,388)/(200,500;200,1112)" for an ordered one.
func (p EdgePair) String() string {
	p = p.Normalized()
	b := make([]byte, 0, 96)
	b = p.First.appendDBU(b)
	b = append(b, p.separator())
	b = p.Second.appendDBU(b)
	return string(b)
}

// Format formats the pair in µm for a database unit of dbu µm, as KLayout
// writes it in a marker database: "(0.2,0;0.2,1)|(0.1,1;0.1,0)".
func (p EdgePair) Format(dbu float64) string {
	p = p.Normalized()
	b := make([]byte, 0, 96)
	b = p.First.appendMicrons(b, dbu)
	b = append(b, p.separator())
	b = p.Second.appendMicrons(b, dbu)
	return string(b)
}

// normalizedLoop orients the pair so that First.P1 → First.P2 → Second.P1
// → Second.P2 runs round a quadrilateral clockwise (KLayout's
// edge_pair::normalize). Shielding looks at the two connecting segments of
// that loop.
func normalizedLoop(f, s Edge) (Edge, Edge) {
	a1 := crossVec(f.P2.X, f.P2.Y, s.P2.X, s.P2.Y, f.P1.X, f.P1.Y, s.P1.X, s.P1.Y)
	a2 := crossVec(f.P1.X, f.P1.Y, s.P2.X, s.P2.Y, f.P2.X, f.P2.Y, s.P1.X, s.P1.Y)
	if abs64(a2) > abs64(a1) {
		f = f.Reversed()
		a1 = a2
	}
	switch {
	case a1 < 0:
		f, s = f.Reversed(), s.Reversed()
	case a1 == 0:
		if dot(f, s) > 0 {
			f = f.Reversed()
		}
		if f.side(s.P1) > 0 || s.side(f.P1) > 0 {
			f, s = f.Reversed(), s.Reversed()
		}
	}
	return f, s
}

// crossVec is (a−b) × (c−d) for points a, b, c, d given as coordinates.
func crossVec(ax, ay, bx, by, cx, cy, dx, dy int32) int64 {
	ux, uy := int64(ax)-int64(bx), int64(ay)-int64(by)
	vx, vy := int64(cx)-int64(dx), int64(cy)-int64(dy)
	return ux*vy - uy*vx
}

// shields reports whether edge q hides the violation (f, s): q crosses both
// connecting segments of the normalised pair, at different points or
// properly (KLayout's rule: a shield that blocks only part of the view
// neither drops nor trims the pair).
func shields(f, s, q Edge) bool {
	f, s = normalizedLoop(f, s)
	pe1 := Edge{f.P1, s.P2}
	pe2 := Edge{s.P1, f.P2}
	ip1, ok1 := pe1.intersectionPoint(q)
	if !ok1 {
		return false
	}
	ip2, ok2 := pe2.intersectionPoint(q)
	if !ok2 {
		return false
	}
	return ip1 != ip2 || (pe1.side(q.P1) != 0 && pe2.side(q.P2) != 0)
}
