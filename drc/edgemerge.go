package drc

import (
	"math"
	"slices"

	"github.com/layoutmig/layoutmig/layout"
)

// KLayout merges an edge collection before it filters or checks it
// (Edges' "merged semantics"): edges that touch end to end or overlap and
// are parallel within about one database unit (|a × b| < min(|a|, |b|):
// the longer edge bends away from the shorter one's line by less than one
// unit) are joined, transitively, into clusters; each cluster becomes the
// parts of the line through its extreme points that its edges cover (with
// multiplicity: opposite edges cancel), cut at rounded positions. On
// Manhattan polygons nothing changes (consecutive edges are never
// parallel); on any-angle data a polyline of slightly bent edges becomes
// one edge.

// mergeEdges is KLayout's merge of an edge collection. Edges that join
// nothing (degenerate ones included) are kept as they are.
func mergeEdges(in []Edge) []Edge {
	n := len(in)
	if n < 2 {
		return slices.Clone(in)
	}
	uf := make([]int32, n)
	for i := range uf {
		uf[i] = int32(i)
	}
	var find func(int32) int32
	find = func(i int32) int32 {
		for uf[i] != i {
			uf[i] = uf[uf[i]]
			i = uf[i]
		}
		return i
	}
	joined := make([]bool, n)
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	minX := func(e Edge) int32 { return min(e.P1.X, e.P2.X) }
	slices.SortFunc(idx, func(a, b int32) int { return int(minX(in[a])) - int(minX(in[b])) })
	for k, i := range idx {
		bi := in[i].Bounds()
		for _, j := range idx[k+1:] {
			bj := in[j].Bounds()
			if bj.Min.X > bi.Max.X {
				break
			}
			if bj.Min.Y > bi.Max.Y || bi.Min.Y > bj.Max.Y {
				continue
			}
			if joinable(in[i], in[j]) {
				joined[i], joined[j] = true, true
				a, b := find(i), find(j)
				if a != b {
					uf[max(a, b)] = min(a, b)
				}
			}
		}
	}
	clusters := map[int32][]int32{}
	var out []Edge
	var order []int32
	for i := range in {
		if !joined[i] {
			out = append(out, in[i])
			continue
		}
		r := find(int32(i))
		if _, ok := clusters[r]; !ok {
			order = append(order, r)
		}
		clusters[r] = append(clusters[r], int32(i))
	}
	for _, r := range order {
		cl := make([]Edge, len(clusters[r]))
		for k, i := range clusters[r] {
			cl[k] = in[i]
		}
		out = appendJoined(out, cl)
	}
	return out
}

// joinable is KLayout's test for putting two edges into one cluster: both
// non-degenerate, parallel within the tolerance, and touching end to end or
// coincident.
func joinable(a, b Edge) bool {
	if a.Degenerate() || b.Degenerate() {
		return false
	}
	vp := math.Abs(float64(a.dx()*b.dy() - a.dy()*b.dx()))
	if !(vp < math.Min(a.length(), b.length())) {
		return false
	}
	if a.P1 == b.P1 || a.P1 == b.P2 || a.P2 == b.P1 || a.P2 == b.P2 {
		return true
	}
	return coincident(a, b)
}

// coincident reports whether two parallel edges lie on one line and share
// a stretch of it.
func coincident(a, b Edge) bool {
	if !a.parallel(b) || a.distance(b.P1) != 0 || a.distance(b.P2) != 0 {
		return false
	}
	l := a.sqLength()
	t1 := float64(dotPts(b.P1, a.P1, a.P2, a.P1)) / l
	t2 := float64(dotPts(b.P2, a.P1, a.P2, a.P1)) / l
	lo, hi := math.Min(t1, t2), math.Max(t1, t2)
	return hi > 0 && lo < 1
}

// appendJoined appends the merged form of one cluster (EdgeBooleanCluster
// with the "or" operation).
func appendJoined(out []Edge, cl []Edge) []Edge {
	main := -1
	for i, e := range cl {
		if !e.Degenerate() && (main < 0 || cl[main].length() < e.length()) {
			main = i
		}
	}
	if main < 0 {
		return out
	}
	r := cl[main]
	l1, l2 := 0.0, r.length()
	n := 1 / l2
	p1, p2 := r.P1, r.P2
	rd := Edge{layout.Point{}, layout.Point{X: r.P2.X - r.P1.X, Y: r.P2.Y - r.P1.Y}}
	proj := func(p layout.Point) float64 {
		return float64((int64(p.X)-int64(r.P1.X))*rd.dx()+(int64(p.Y)-int64(r.P1.Y))*rd.dy()) * n
	}
	for _, o := range cl {
		ll1, ll2 := proj(o.P1), proj(o.P2)
		if ll1 < l1 {
			p1, l1 = o.P1, ll1
		}
		if ll2 < l1 {
			p1, l1 = o.P2, ll2
		}
		if ll1 > l2 {
			p2, l2 = o.P1, ll1
		}
		if ll2 > l2 {
			p2, l2 = o.P2, ll2
		}
	}
	dx, dy := float64(int64(p2.X)-int64(p1.X)), float64(int64(p2.Y)-int64(p1.Y))
	dl := math.Sqrt(dx*dx + dy*dy)
	if dl == 0 {
		return out
	}
	n = 1 / dl
	// Coverage along the line, in rounded units from p1: +1 for edges
	// running p1 → p2, −1 for the others.
	type ev struct {
		at int64
		dv int
	}
	var evs []ev
	at := func(p layout.Point) int64 {
		return roundHalfAway(float64(float64(int64(p.X)-int64(p1.X))*dx+float64(int64(p.Y)-int64(p1.Y))*dy) * n)
	}
	for _, o := range cl {
		a, b := at(o.P1), at(o.P2)
		switch {
		case a < b:
			evs = append(evs, ev{a, 1}, ev{b, -1})
		case a > b:
			evs = append(evs, ev{b, -1}, ev{a, 1})
		}
	}
	slices.SortFunc(evs, func(x, y ev) int {
		switch {
		case x.at < y.at:
			return -1
		case x.at > y.at:
			return 1
		}
		return 0
	})
	point := func(l int64) layout.Point {
		f := float64(l) * n
		return layout.Point{X: p1.X + int32(roundHalfAway(dx*f)), Y: p1.Y + int32(roundHalfAway(dy*f))}
	}
	sum, sgn := 0, 0
	var start int64
	for i := 0; i < len(evs); {
		x := evs[i].at
		for i < len(evs) && evs[i].at == x {
			sum += evs[i].dv
			i++
		}
		s := 0
		if sum > 0 {
			s = 1
		} else if sum < 0 {
			s = -1
		}
		if s == sgn {
			continue
		}
		if sgn > 0 {
			out = append(out, Edge{point(start), point(x)})
		} else if sgn < 0 {
			out = append(out, Edge{point(x), point(start)})
		}
		sgn, start = s, x
	}
	return out
}

// offAngleEdges is the angle check as the exported deck runs it:
// L.edges.without_angle(0).without_angle(90) (.without_angle(45)
// .without_angle(-45) unless orthogonal). Each filter merges its input
// edge collection first (see mergeEdges), so nearly collinear edges are
// joined step by step, and the edges left at the end are reported. Only
// polygons with an edge that is not axis-parallel can report anything or
// change (edges of different merged polygons never touch).
func offAngleEdges(polys []Polygon, orthogonal bool) []Edge {
	// The filters by the angle they remove (a degenerate edge has angle 0).
	filters := []func(dx, dy int64) bool{
		func(dx, dy int64) bool { return dy == 0 },
		func(dx, dy int64) bool { return dx == 0 },
	}
	if !orthogonal {
		filters = append(filters,
			func(dx, dy int64) bool { return dx == dy },
			func(dx, dy int64) bool { return dx == -dy },
		)
	}
	var out, buf []Edge
	for i := range polys {
		buf = polys[i].AppendEdges(buf[:0])
		manhattan := true
		for _, e := range buf {
			if !e.isOrtho() {
				manhattan = false
				break
			}
		}
		if manhattan {
			continue
		}
		edges := slices.Clone(buf)
		for _, f := range filters {
			edges = mergeEdges(edges)
			kept := edges[:0]
			for _, e := range edges {
				if !f(e.dx(), e.dy()) {
					kept = append(kept, e)
				}
			}
			edges = kept
		}
		out = append(out, edges...)
	}
	return out
}
