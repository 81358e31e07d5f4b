package drc

import (
	"slices"

	"github.com/layoutmig/layoutmig/layout"
)

// sortAll puts a rule's results in report order: edge pairs normalised and
// sorted (duplicates kept: they were removed, where the rule removes them,
// when the tasks' results were joined), polygons, edges and boxes sorted by
// their coordinates. The order depends only on the results, not on how
// they were found (flat, hierarchical, threads, tiles).
func (res *ruleResult) sortAll() {
	res.pairs = sortPairsKeep(res.pairs)
	slices.SortFunc(res.polys, comparePolygons)
	slices.SortFunc(res.edges, compareEdges)
	slices.SortFunc(res.boxes, compareBoxes)
}

// compareRings orders point rings lexicographically (points by y, then x),
// a prefix first.
func compareRings(a, b []layout.Point) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			if pointLess(a[i], b[i]) {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

// comparePolygons orders polygons by hull, then by holes.
func comparePolygons(a, b Polygon) int {
	if c := compareRings(a.Hull, b.Hull); c != 0 {
		return c
	}
	for i := range min(len(a.Holes), len(b.Holes)) {
		if c := compareRings(a.Holes[i], b.Holes[i]); c != 0 {
			return c
		}
	}
	return len(a.Holes) - len(b.Holes)
}

func compareBoxes(a, b layout.Box) int {
	if a.Min != b.Min {
		if pointLess(a.Min, b.Min) {
			return -1
		}
		return 1
	}
	if a.Max != b.Max {
		if pointLess(a.Max, b.Max) {
			return -1
		}
		return 1
	}
	return 0
}

// moved returns the edge displaced by d.
func (e Edge) moved(d layout.Point) Edge { return Edge{e.P1.Add(d), e.P2.Add(d)} }

// moved returns the pair displaced by d.
func (p EdgePair) moved(d layout.Point) EdgePair {
	return EdgePair{First: p.First.moved(d), Second: p.Second.moved(d), Symmetric: p.Symmetric}
}

// moved returns a copy of the polygon displaced by d.
func (p Polygon) moved(d layout.Point) Polygon {
	n := len(p.Hull)
	for _, h := range p.Holes {
		n += len(h)
	}
	pts := make([]layout.Point, 0, n)
	ring := func(r []layout.Point) []layout.Point {
		k := len(pts)
		for _, q := range r {
			pts = append(pts, q.Add(d))
		}
		return pts[k:len(pts):len(pts)]
	}
	out := Polygon{Hull: ring(p.Hull)}
	if len(p.Holes) > 0 {
		out.Holes = make([][]layout.Point, len(p.Holes))
		for i, h := range p.Holes {
			out.Holes[i] = ring(h)
		}
	}
	return out
}
