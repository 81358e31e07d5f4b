package drc

import (
	"fmt"
	"math"
)

// Relation says how the two edges of a pair must face each other.
type Relation uint8

const (
	// RelWidth: insides face each other (width; overlap of two layers).
	RelWidth Relation = iota
	// RelSpace: outsides face each other (space, notch, isolated,
	// separation).
	RelSpace
	// RelEnclosing: the first edge (outer layer) has its inside towards the
	// second edge's outside, both running the same way.
	RelEnclosing
	// RelEnclosed: the first edge (inner layer) has its outside towards the
	// second edge's inside (the mirror of RelEnclosing).
	RelEnclosed
)

func (r Relation) String() string {
	switch r {
	case RelWidth:
		return "width"
	case RelSpace:
		return "space"
	case RelEnclosing:
		return "enclosing"
	case RelEnclosed:
		return "enclosed"
	}
	return fmt.Sprintf("Relation(%d)", uint8(r))
}

// Metric is the distance measure of a check.
type Metric uint8

const (
	// Euclidean distance between the edges (KLayout's default
	// "euclidian").
	Euclidean Metric = iota
	// Square: closer than d to the other edge's line, within the other
	// edge extended by d at both ends (Chebyshev for axis-parallel edges).
	Square
	// Projection: closer than d to the other edge's line, within the other
	// edge's projection (no extension).
	Projection
)

func (m Metric) String() string {
	switch m {
	case Euclidean:
		return "euclidian"
	case Square:
		return "square"
	case Projection:
		return "projection"
	}
	return fmt.Sprintf("Metric(%d)", uint8(m))
}

// CheckOptions are the options of an edge-pair check. The zero value is
// KLayout's default: Euclidean, parts of edges, angle limit 90°, no
// projection limits, shielded.
type CheckOptions struct {
	Metric Metric
	// WholeEdges reports whole edges instead of the violating parts.
	WholeEdges bool
	// AngleLimit (degrees) drops pairs whose edges meet at this angle or
	// more; 0 means the default of 90, which keeps only pairs with
	// dot(a,b) < 0 (after the relation's reversal), strictly.
	AngleLimit float64
	// MinProjection and MaxProjection (dbu) keep only pairs where the
	// projection of one edge on the other, p, has MinProjection ≤ p <
	// MaxProjection for either direction. MaxProjection 0 means no upper
	// limit.
	MinProjection, MaxProjection int64
	// Transparent switches shielding off.
	Transparent bool
}

// CheckEdges is the exact edge-pair test of KLAYOUT_SEMANTICS.md §2 for one
// pair of edges, without shielding: a is the edge of the first layer, b of
// the second (of the same layer for single-layer checks), each with its
// polygon's inside on its right. It reports whether the pair violates
// relation rel at distance d (dbu) and returns the violating parts (or the
// whole edges) in their original directions, as an ordered pair (a part,
// b part).
func CheckEdges(rel Relation, d int32, opt CheckOptions, a, b Edge) (EdgePair, bool) {
	var t tester
	t.init(rel, d, opt)
	return t.check(a, b)
}

// tester holds a prepared check: relation, distance and options.
type tester struct {
	rel        Relation
	d          int64
	metric     Metric
	whole      bool
	angle      float64
	angleCos   float64
	minProj    int64
	maxProj    int64
	projLimits bool
}

func (t *tester) init(rel Relation, d int32, opt CheckOptions) {
	*t = tester{rel: rel, d: int64(d), metric: opt.Metric, whole: opt.WholeEdges, angle: opt.AngleLimit,
		minProj: opt.MinProjection, maxProj: opt.MaxProjection}
	if t.angle == 0 {
		t.angle = 90
	}
	t.angleCos = math.Cos(t.angle * math.Pi / 180)
	if t.maxProj <= 0 {
		t.maxProj = math.MaxInt64
	}
	t.projLimits = t.minProj > 0 || t.maxProj < math.MaxInt64
}

func (t *tester) check(a, b Edge) (EdgePair, bool) {
	if t.projLimits {
		if p := projection(a, b); !(p >= t.minProj && p < t.maxProj) {
			if p = projection(b, a); !(p >= t.minProj && p < t.maxProj) {
				return EdgePair{}, false
			}
		}
	}
	// Angle: enclosing and enclosed want edges running the same way.
	aa := a
	if t.rel == RelEnclosing || t.rel == RelEnclosed {
		aa = a.Reversed()
	}
	if t.angle == 90 {
		if dot(aa, b) >= 0 {
			return EdgePair{}, false
		}
	} else if float64(-dot(aa, b))/(aa.length()*b.length()) < t.angleCos+1e-10 {
		return EdgePair{}, false
	}
	// Turn both edges so that their insides face each other ("width"
	// orientation).
	an, bn := a, b
	if t.rel == RelSpace || t.rel == RelEnclosed {
		an = an.Reversed()
	}
	if t.rel == RelSpace || t.rel == RelEnclosing {
		bn = bn.Reversed()
	}
	var p2, p1 Edge
	var in1, in2 bool
	switch t.metric {
	case Euclidean:
		p2, in2 = nearEuclidean(t.d, an, bn)
		if !in2 {
			return EdgePair{}, false
		}
		p1, in1 = nearEuclidean(t.d, bn, an)
	case Square:
		p2, in2 = nearBox(t.d, t.d, an, bn)
		if !in2 {
			return EdgePair{}, false
		}
		p1, in1 = nearBox(t.d, t.d, bn, an)
	default:
		p2, in2 = nearBox(t.d, 0, an, bn)
		if !in2 {
			return EdgePair{}, false
		}
		p1, in1 = nearBox(t.d, 0, bn, an)
	}
	if !in1 {
		return EdgePair{}, false
	}
	if t.whole {
		return EdgePair{First: a, Second: b}, true
	}
	if t.rel == RelSpace || t.rel == RelEnclosed {
		p1 = p1.Reversed()
	}
	if t.rel == RelSpace || t.rel == RelEnclosing {
		p2 = p2.Reversed()
	}
	return EdgePair{First: p1, Second: p2}, true
}

// projection is the length of b projected onto a, clipped to a, rounded.
func projection(a, b Edge) int64 {
	if a.Degenerate() || b.Degenerate() {
		return 0
	}
	al := a.sqLength()
	l1 := float64(dotPts(b.P1, a.P1, a.P2, a.P1)) / al
	l2 := float64(dotPts(b.P2, a.P1, a.P2, a.P1)) / al
	l1 = min(1.0, max(0.0, l1))
	l2 = min(1.0, max(0.0, l2))
	return roundHalfAway(a.length() * math.Abs(l2-l1))
}

// clipToInside keeps the part of g on the inside (right) of e's line. It
// reports false if nothing is left. Collinear edges that touch or overlap
// keep their zero distance (the "kissing corner" exception).
func clipToInside(e, g Edge) (Edge, bool) {
	s1, s2 := e.side(g.P1), e.side(g.P2)
	thr := -1
	if s1 == 0 && s2 == 0 && e.intersects(g) {
		thr = 0
	}
	switch {
	case s1 > thr && s2 > thr:
		return g, false
	case s2 > thr:
		g.P2 = g.cutPoint(e)
	case s1 > thr:
		g.P1 = g.cutPoint(e)
	}
	return g, true
}

// rootInterval solves |q0 + λ·v − o|² = d² for λ, given a = |v|²,
// b = (q0−o)·v and the constant term; it reports false without a real
// solution.
func rootInterval(a, b, c float64) (float64, float64, bool) {
	s := float64(b*b) - float64(a*c)
	if s < 0 {
		return 0, 0, false
	}
	r := math.Sqrt(s)
	return (-b - r) / a, (-b + r) / a, true
}

func sqDist(p, q [2]int32) float64 {
	dx, dy := float64(p[0])-float64(q[0]), float64(p[1])-float64(q[1])
	return float64(dx*dx) + float64(dy*dy)
}

// nearEuclidean returns the part of g that lies on the inside of e and
// closer than d to the segment e (Euclidean metric). Both edges are in
// "width" orientation.
func nearEuclidean(d int64, e, g Edge) (Edge, bool) {
	if e.Degenerate() {
		return Edge{}, false
	}
	g, ok := clipToInside(e, g)
	if !ok {
		return Edge{}, false
	}
	dd := float64(d) * float64(d)
	if g.Degenerate() {
		o := g.P1
		if e.side(o) >= 0 {
			return Edge{}, false
		}
		a := e.sqLength()
		b := float64(dotPts(e.P1, o, e.P2, e.P1))
		c := sqDist([2]int32{e.P1.X, e.P1.Y}, [2]int32{o.X, o.Y}) - dd
		if l1, l2, ok := rootInterval(a, b, c); ok && max(0.0, l1) <= min(1.0, l2) {
			return g, true
		}
		return Edge{}, false
	}

	l1, l2 := math.MaxFloat64, -math.MaxFloat64
	if e.parallel(g) {
		if math.Abs(float64(e.distance(g.P1))) >= float64(d) {
			return Edge{}, false
		}
	} else {
		// Body: the part of g between e's line and that line moved inwards
		// by d, and between the normals through e's end points.
		ef := 1.0 / e.length()
		enx, eny := ef*float64(e.dy()), -ef*float64(e.dx())
		e1dx := float64(e.P1.X) + enx*float64(d)
		e1dy := float64(e.P1.Y) + eny*float64(d)
		gdx, gdy := float64(g.dx()), float64(g.dy())
		edx, edy := float64(e.dx()), float64(e.dy())
		det := float64(gdx*edy) - float64(gdy*edx)
		ux, uy := e1dx-float64(g.P1.X), e1dy-float64(g.P1.Y)
		lp1 := (float64(ux*edy) - float64(uy*edx)) / det
		vx, vy := float64(int64(e.P1.X)-int64(g.P1.X)), float64(int64(e.P1.Y)-int64(g.P1.Y))
		lp2 := (float64(vx*edy) - float64(vy*edx)) / det
		if lp1 > lp2 {
			lp1, lp2 = lp2, lp1
		}
		if dot(e, g) == 0 {
			if e1, e2 := g.side(e.P1), g.side(e.P2); e1*e2 <= 0 {
				l1, l2 = lp1, lp2
			}
		} else {
			det2 := float64(gdx*eny) - float64(gdy*enx)
			lt1 := (float64(vx*eny) - float64(vy*enx)) / det2
			wx, wy := float64(int64(e.P2.X)-int64(g.P1.X)), float64(int64(e.P2.Y)-int64(g.P1.Y))
			lt2 := (float64(wx*eny) - float64(wy*enx)) / det2
			if lt1 > lt2 {
				lt1, lt2 = lt2, lt1
			}
			if ll1, ll2 := max(lp1, lt1), min(lp2, lt2); ll1 <= ll2 {
				l1, l2 = ll1, ll2
			}
		}
	}
	// Ends: the parts of g's line within d of e's end points; the result is
	// the hull of body and end intervals.
	a := g.sqLength()
	g1 := [2]int32{g.P1.X, g.P1.Y}
	for _, o := range [2][2]int32{{e.P1.X, e.P1.Y}, {e.P2.X, e.P2.Y}} {
		b := float64((int64(g.P1.X)-int64(o[0]))*g.dx() + (int64(g.P1.Y)-int64(o[1]))*g.dy())
		c := sqDist(g1, o) - dd
		if r1, r2, ok := rootInterval(a, b, c); ok {
			l1 = min(l1, r1)
			l2 = max(l2, r2)
		}
	}
	l1 = max(0.0, l1)
	l2 = min(1.0, l2)
	if l1 >= l2 {
		return Edge{}, false
	}
	return Edge{g.along(l1), g.along(l2)}, true
}

// nearBox returns the part of g on the inside of e, closer than d to e's
// line and whose projection lies on e extended by ext at both ends (square
// metric: ext = d; projection metric: ext = 0).
func nearBox(d, ext int64, e, g Edge) (Edge, bool) {
	if e.Degenerate() {
		return Edge{}, false
	}
	g, ok := clipToInside(e, g)
	if !ok {
		return Edge{}, false
	}
	elen := e.length()
	lim := -(float64(ext) * elen)
	if g.Degenerate() {
		gd := float64(e.distance(g.P1))
		if gd <= -float64(d) || gd >= 0 {
			return Edge{}, false
		}
		if float64(dotPts(g.P1, e.P1, e.P2, e.P1)) < lim || float64(dotPts(e.P2, g.P1, e.P2, e.P1)) < lim {
			return Edge{}, false
		}
		return g, true
	}

	l1, l2 := 0x1p-1022, math.MaxFloat64 // DBL_MIN, DBL_MAX, as KLayout starts
	ef := 1.0 / elen
	epx, epy := ef*float64(e.dx()), ef*float64(e.dy())
	enx, eny := ef*float64(e.dy()), -ef*float64(e.dx())
	gdx, gdy := float64(g.dx()), float64(g.dy())
	if e.parallel(g) {
		if math.Abs(float64(e.distance(g.P1))) >= float64(d) {
			return Edge{}, false
		}
	} else {
		edx, edy := float64(e.dx()), float64(e.dy())
		e1dx := float64(e.P1.X) + enx*float64(d)
		e1dy := float64(e.P1.Y) + eny*float64(d)
		det := float64(gdx*edy) - float64(gdy*edx)
		ux, uy := e1dx-float64(g.P1.X), e1dy-float64(g.P1.Y)
		lp1 := (float64(ux*edy) - float64(uy*edx)) / det
		vx, vy := float64(int64(e.P1.X)-int64(g.P1.X)), float64(int64(e.P1.Y)-int64(g.P1.Y))
		lp2 := (float64(vx*edy) - float64(vy*edx)) / det
		if lp1 > lp2 {
			lp1, lp2 = lp2, lp1
		}
		l1, l2 = lp1, lp2
	}
	if dot(e, g) == 0 {
		if float64(dotPts(g.P1, e.P1, e.P2, e.P1)) < lim || float64(dotPts(e.P2, g.P1, e.P2, e.P1)) < lim {
			return Edge{}, false
		}
	} else {
		det := float64(gdx*eny) - float64(gdy*enx)
		x1 := float64(int64(e.P1.X)-int64(g.P1.X)) - epx*float64(ext)
		y1 := float64(int64(e.P1.Y)-int64(g.P1.Y)) - epy*float64(ext)
		lt1 := (float64(x1*eny) - float64(y1*enx)) / det
		x2 := float64(int64(e.P2.X)-int64(g.P1.X)) + epx*float64(ext)
		y2 := float64(int64(e.P2.Y)-int64(g.P1.Y)) + epy*float64(ext)
		lt2 := (float64(x2*eny) - float64(y2*enx)) / det
		if lt1 > lt2 {
			lt1, lt2 = lt2, lt1
		}
		l1 = max(l1, lt1)
		l2 = min(l2, lt2)
	}
	l1 = max(0.0, l1)
	l2 = min(1.0, l2)
	if l1 >= l2 {
		return Edge{}, false
	}
	return Edge{g.along(l1), g.along(l2)}, true
}
