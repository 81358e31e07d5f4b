package region

import (
	"math"
	"slices"
)

// SizeMode selects how convex corners are treated when sizing (KLayout's
// size modes). Each edge moves by the sizing distance along its normal; at
// a convex corner the two moved edges meet if neither needs to be extended
// by more than ext·d, otherwise each is extended by at most ext·d and the
// two ends are joined by a cut.
type SizeMode int

// The sizing modes, with their extension limits ext.
const (
	SizeDiamond     SizeMode = 0 // ext = 0: corners cut diagonally
	SizeOctagon     SizeMode = 1 // ext = √2−1
	SizeSquareLimit SizeMode = 2 // ext = 1: KLayout's default
	SizeAcuteLimit  SizeMode = 3 // ext = √2+1
	SizeNoLimit     SizeMode = 4 // ext = 10
)

const sizeEpsilon = 1e-10

func (m SizeMode) ext() float64 {
	switch m {
	case SizeDiamond:
		return 0
	case SizeOctagon:
		return math.Sqrt(2.0) - 1.0
	case SizeSquareLimit:
		return 1.0
	case SizeAcuteLimit:
		return math.Sqrt(2.0) + 1.0
	case SizeNoLimit:
		return 10.0
	}
	return 100.0
}

// Sized returns the region grown by d (shrunk for negative d) with
// KLayout's default corner handling (SizeSquareLimit).
func (r *Region) Sized(d int32) *Region { return r.SizedXY(d, d, SizeSquareLimit) }

// SizedXY sizes by dx horizontally and dy vertically with the given corner
// mode, as KLayout's Region#sized(dx, dy, mode): the region is merged
// first; each merged polygon is sized on its own (every contour, holes
// included, moved by the distance along its normals, with the corner rule
// of the mode; 45-degree edges move by a multiple of √2 so they stay on the
// grid) and then merged with itself (positive winding numbers). The
// results of different polygons are not merged with each other (they may
// overlap after growing), so the returned region is raw for positive
// sizing; for negative sizing it is merged.
func (r *Region) SizedXY(dx, dy int32, mode SizeMode) *Region {
	m := r
	if !r.IsMerged() {
		m = r.Merged()
	}
	if dx == 0 && dy == 0 {
		return m.Clone()
	}
	if m.Len() == 1 && m.NumHoles(0) == 0 && mode >= SizeSquareLimit && isRect(m.Hull(0)) {
		// KLayout's shortcut for a region that is a single box.
		out := &Region{merged: true}
		b := rectBox(m.Hull(0))
		out.AddBox(Box{Min: Point{X: b.Min.X - dx, Y: b.Min.Y - dy}, Max: Point{X: b.Max.X + dx, Y: b.Max.Y + dy}})
		out.merged, out.simple = true, nil
		return out
	}
	job := sizeJob{r: m, dx: dx, dy: dy, mode: mode}
	parts := runChunks(m.Len(), func(i int) int {
		s, e := m.ringRange(i)
		return int(m.ringEnd(e-1) - m.ringStart(s))
	}, func(w *worker, i int, dst *Region) { w.sizePolygon(&job, i, dst) })
	out := &Region{}
	out.concat(parts)
	out.merged = dx < 0 && dy < 0
	if out.merged {
		out.simple = nil
	} else {
		out.simple = make([]bool, out.Len())
		for i := range out.simple {
			out.simple[i] = true
		}
	}
	return out
}

type sizeJob struct {
	r      *Region
	dx, dy int32
	mode   SizeMode
}

// sizePolygon sizes one merged polygon and merges the result with itself.
func (w *worker) sizePolygon(j *sizeJob, i int, dst *Region) {
	r := j.r
	s, e := r.ringRange(i)
	if e-s == 1 && j.mode >= SizeSquareLimit && (j.dx >= 0) == (j.dy >= 0) && isRect(r.Hull(i)) {
		// A rectangle grows or shrinks into a rectangle (the corner points
		// of the general rule coincide with the rectangle's corners).
		b := rectBox(r.Hull(i))
		x0, x1 := int64(b.Min.X)-int64(j.dx), int64(b.Max.X)+int64(j.dx)
		y0, y1 := int64(b.Min.Y)-int64(j.dy), int64(b.Max.Y)+int64(j.dy)
		if x1 > x0 && y1 > y0 {
			dst.appendBox(Box{Min: Point{X: int32(x0), Y: int32(y0)}, Max: Point{X: int32(x1), Y: int32(y1)}})
		}
		return
	}
	w.sw.ed = w.sw.ed[:0]
	w.kin, w.kop = w.kin[:0], w.kop[:0]
	manh := true
	for k := s; k < e; k++ {
		w.sized = compressKeepReflections(sizeContour(w.sized[:0], r.ring(k), j.dx, j.dy, j.mode))
		if len(w.sized) >= 3 {
			manh = w.addRing(w.sized, 0) && manh
		}
	}
	w.npred = predicate{inside: InsideMerge}
	w.sweepAndEmit(manh, &w.npred, dst)
}

type vec2 struct{ x, y float64 }

func (a vec2) add(b vec2) vec2      { return vec2{a.x + b.x, a.y + b.y} }
func (a vec2) sub(b vec2) vec2      { return vec2{a.x - b.x, a.y - b.y} }
func (a vec2) scale(f float64) vec2 { return vec2{float64(a.x * f), float64(a.y * f)} }
func (a vec2) length() float64      { return math.Sqrt(float64(a.x*a.x) + float64(a.y*a.y)) }
func vprodF(a, b vec2) float64      { return float64(a.x*b.y) - float64(a.y*b.x) }
func sprodF(a, b vec2) float64      { return float64(a.x*b.x) + float64(a.y*b.y) }

func plus(p Point, v vec2) Point {
	return Point{X: p.X + roundHalfAway(v.x), Y: p.Y + roundHalfAway(v.y)}
}

// gridScale multiplies a unit vector by d, rounding so that horizontal,
// vertical and 45-degree vectors stay on the grid.
func gridScale(p vec2, d float64) vec2 {
	switch {
	case math.Abs(p.x) < sizeEpsilon || math.Abs(p.y) < sizeEpsilon:
		return p.scale(float64(roundHalfAway(d)))
	case math.Abs(math.Abs(p.x)-math.Abs(p.y)) < sizeEpsilon:
		return p.scale(math.Sqrt2 * float64(roundHalfAway(d*(1/math.Sqrt2))))
	}
	return p.scale(d)
}

// normals returns the unit direction of an edge vector d and its shift
// vector for sizing by dx, dy (both already made non-negative) with the
// sign nsign.
func normals(dxv, dyv int64, dx, dy float64, nsign float64) (ed, nd vec2) {
	if dx == dy {
		f := math.Sqrt(float64(float64(dxv)*float64(dxv)) + float64(float64(dyv)*float64(dyv)))
		if f < 1e-5 {
			return vec2{}, vec2{}
		}
		ed = vec2{float64(dxv), float64(dyv)}.scale(1.0 / f)
		nd = gridScale(vec2{-ed.y, ed.x}, math.Abs(dx)*nsign)
		return ed, nd
	}
	f := math.Sqrt(float64(dx*dx*float64(dyv)*float64(dyv)) + float64(dy*dy*float64(dxv)*float64(dxv)))
	if f < 1e-10 {
		switch {
		case dx == 0:
			ed = vec2{0, 1}
		case dy == 0:
			ed = vec2{1, 0}
		}
		return ed, vec2{}
	}
	ed = vec2{float64(dxv), float64(dyv)}.scale(dx * dy / f)
	nd = vec2{float64(-float64(dyv) * dx * dx), float64(float64(dxv) * dy * dy)}.scale(nsign / f)
	return ed, nd
}

// signTol is the sign of v with a dead zone of ±0.01, as KLayout uses for
// vectors representing integer edges.
func signTol(v float64) int {
	switch {
	case v <= -1e-2:
		return -1
	case v < 1e-2:
		return 0
	}
	return 1
}

// sizeContour appends to out the contour p moved by dx, dy with KLayout's
// algorithm (polygon_contour::size): at each vertex the two neighbouring
// edges are moved along their normals; a concave corner becomes a
// three-point loop through the original vertex (merged away later), a
// convex corner the meeting point of the moved edges or, beyond the mode's
// extension limit, a cut. The result may intersect itself.
func sizeContour(out []Point, p []Point, dxi, dyi int32, mode SizeMode) []Point {
	n := len(p)
	if n < 2 {
		return append(out, p...)
	}
	ext := mode.ext()
	nsign := 1.0
	if int64(dxi)+int64(dyi) <= 0 {
		nsign = -1
	}
	dx, dy := float64(dxi)*nsign, float64(dyi)*nsign
	edge := func(i int) (int64, int64) {
		a, b := p[i%n], p[(i+1)%n]
		return int64(b.X) - int64(a.X), int64(b.Y) - int64(a.Y)
	}
	ex, ey := edge(0)
	ed, nd := normals(ex, ey, dx, dy, nsign)
	for i := 1; i <= n; i++ {
		pp := p[i%n]
		fx, fy := edge(i)
		eed, nnd := normals(fx, fy, dx, dy, nsign)
		vpsign := signTol(vprodF(eed, ed)) * int(nsign)
		if vpsign <= 0 {
			switch {
			case nd.length() < sizeEpsilon:
				out = append(out, pp, plus(pp, nnd))
			case nnd.length() < sizeEpsilon:
				out = append(out, plus(pp, nd), pp)
			case vpsign == 0 && signTol(sprodF(nd, nnd)) > 0:
				out = append(out, plus(pp, nd))
			default:
				out = append(out, plus(pp, nd), pp, plus(pp, nnd))
			}
		} else {
			l1max := ext * nd.length() / ed.length()
			l2max := ext * nnd.length() / eed.length()
			dv := vprodF(ed, eed)
			l1 := vprodF(nnd.sub(nd), eed) / dv
			l2 := vprodF(nd.sub(nnd), ed) / dv
			switch {
			case (l1 < -sizeEpsilon) != (l2 < -sizeEpsilon):
				out = append(out, plus(pp, nd), plus(pp, nnd))
			case l1 < l1max+sizeEpsilon && l2 < l2max+sizeEpsilon:
				out = append(out, plus(pp, nd.add(ed.scale(l1))))
			default:
				out = append(out, plus(pp, nd.add(ed.scale(math.Min(l1max, l1)))))
				out = append(out, plus(pp, nnd.sub(eed.scale(math.Min(l2max, l2)))))
			}
		}
		ed, nd = eed, nnd
	}
	return out
}

// compressKeepReflections drops repeated points and points lying between
// their neighbours on a straight line, but keeps reflections (a contour
// turning back on itself), as KLayout stores a sized contour. The dropped
// points matter: they would otherwise attract nearby edges when the contour
// is merged.
func compressKeepReflections(p []Point) []Point {
	// cyclic de-duplication
	n := 0
	for _, q := range p {
		if n == 0 || p[n-1] != q {
			p[n] = q
			n++
		}
	}
	for n > 1 && p[n-1] == p[0] {
		n--
	}
	p = p[:n]
	if n < 3 {
		return p[:0]
	}
	between := func(a, b, c Point) bool {
		return crossSign(a, b, c) == 0 && sprodSign(int64(a.X)-int64(b.X), int64(a.Y)-int64(b.Y), int64(c.X)-int64(b.X), int64(c.Y)-int64(b.Y)) < 0
	}
	// Start at a corner: a point kept whatever else is dropped.
	start := -1
	for i := 0; i < n; i++ {
		if !between(p[(i+n-1)%n], p[i], p[(i+1)%n]) {
			start = i
			break
		}
	}
	if start < 0 {
		return p[:0]
	}
	// Rotate so that the corner comes first, then drop in place: the write
	// index never passes the read index.
	slices.Reverse(p[:start])
	slices.Reverse(p[start:])
	slices.Reverse(p)
	m := 1
	for k := 1; k < n; k++ {
		cur, next := p[k], p[(k+1)%n]
		if cur == p[m-1] || between(p[m-1], cur, next) {
			continue
		}
		p[m] = cur
		m++
	}
	if m < 3 {
		return p[:0]
	}
	return p[:m]
}
