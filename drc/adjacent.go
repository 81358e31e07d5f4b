package drc

import (
	"math"
	"slices"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// adjacentSides is the "enclosure on one of two adjacent sides" check of
// package rules, computed as the exported KLayout deck computes it:
//
//	inner.interacting(outer.enclosing(inner, v, projection).second_edges
//	                  .width(angle_limit(100.0), 1.dbu).polygons(1.dbu))
//
// The inner edge parts enclosed by less than v (projection metric) are
// collected; pairs of such parts that meet (an edge-collection width check
// of 1 dbu, angle limit 100°) become small polygons (KLayout's
// EdgePair#polygons(1)); the inner polygons touching one of them are the
// violations, whole.
func adjacentSides(inner, outer []Polygon, innerRegion *region.Region, v int32) []Polygon {
	if v <= 0 || len(inner) == 0 || len(outer) == 0 {
		return nil
	}
	pairs := Enclosing(outer, inner, v, CheckOptions{Metric: Projection})
	if len(pairs) == 0 {
		return nil
	}
	edges := make([]Edge, len(pairs))
	for i, p := range pairs {
		edges[i] = p.Second
	}
	edges = mergeEdges(edges)
	markers := region.New()
	for _, p := range edgesWidth(edges, 1, CheckOptions{AngleLimit: 100}) {
		markers.AddPolygon(pairPolygon(p, 1))
	}
	if markers.IsEmpty() {
		return nil
	}
	return FromRegion(innerRegion.Interacting(markers))
}

// edgesWidth is KLayout's width check on an edge collection (each edge's
// inside on its right): every two edges whose boxes lie closer than d are
// measured with the exact edge-pair test, no shielding.
func edgesWidth(edges []Edge, d int32, opt CheckOptions) []EdgePair {
	var t tester
	t.init(RelWidth, d, opt)
	enl := int64(d) - 1
	idx := make([]int32, len(edges))
	for i := range idx {
		idx[i] = int32(i)
	}
	minX := func(e Edge) int64 { return int64(min(e.P1.X, e.P2.X)) }
	slices.SortFunc(idx, func(a, b int32) int { return cmp64(minX(edges[a]), minX(edges[b])) })
	var out []EdgePair
	for n, i := range idx {
		bi := edges[i].Bounds()
		for _, j := range idx[n+1:] {
			bj := edges[j].Bounds()
			if int64(bj.Min.X) > int64(bi.Max.X)+enl {
				break
			}
			if int64(bj.Min.Y) > int64(bi.Max.Y)+enl || int64(bi.Min.Y) > int64(bj.Max.Y)+enl {
				continue
			}
			a, b := edges[i], edges[j]
			if a.Less(b) {
				a, b = b, a
			}
			if ep, ok := t.check(a, b); ok {
				out = append(out, ep)
			} else if ep, ok := t.check(b, a); ok {
				out = append(out, ep)
			}
		}
	}
	return out
}

// pairPolygon is KLayout's EdgePair#polygons(e) for one pair: the pair is
// normalised (a clockwise loop), each non-degenerate edge is extended by e
// at both ends, a pair of two points becomes a box around the point or a
// thin band between the points, and each edge is shifted outwards by e.
func pairPolygon(p EdgePair, e float64) []layout.Point {
	f, s := normalizedLoop(p.First, p.Second)
	type dedge struct{ x1, y1, x2, y2 float64 }
	de := func(g Edge) dedge {
		return dedge{float64(g.P1.X), float64(g.P1.Y), float64(g.P2.X), float64(g.P2.Y)}
	}
	extend := func(g *dedge) {
		dx, dy := g.x2-g.x1, g.y2-g.y1
		l := math.Sqrt(dx*dx + dy*dy)
		if l == 0 {
			return
		}
		ux, uy := dx/l*e, dy/l*e
		g.x1, g.y1, g.x2, g.y2 = g.x1-ux, g.y1-uy, g.x2+ux, g.y2+uy
	}
	shift := func(g *dedge) {
		dx, dy := g.x2-g.x1, g.y2-g.y1
		l := math.Sqrt(dx*dx + dy*dy)
		if l == 0 {
			return
		}
		nx, ny := -dy/l*e, dx/l*e
		g.x1, g.y1, g.x2, g.y2 = g.x1+nx, g.y1+ny, g.x2+nx, g.y2+ny
	}
	e1, e2 := de(f), de(s)
	if !f.Degenerate() {
		extend(&e1)
	}
	if !s.Degenerate() {
		extend(&e2)
	}
	if f.Degenerate() && s.Degenerate() {
		if f.P1 == s.P1 {
			// A box around the point: the first edge becomes a horizontal
			// one, the second the same reversed.
			e1 = dedge{e1.x1 - e, e1.y1, e1.x2 + e, e1.y2}
			e2 = dedge{e2.x1 + e, e2.y1, e2.x2 - e, e2.y2}
		} else {
			e1 = de(Edge{f.P1, s.P1})
			e2 = de(Edge{s.P1, f.P1})
		}
	}
	shift(&e1)
	shift(&e2)
	r := func(v float64) int32 { return int32(roundHalfAway(v)) }
	return []layout.Point{{X: r(e1.x1), Y: r(e1.y1)}, {X: r(e1.x2), Y: r(e1.y2)}, {X: r(e2.x1), Y: r(e2.y1)}, {X: r(e2.x2), Y: r(e2.y2)}}
}
