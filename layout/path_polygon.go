package layout

import "math"

// pathEpsilon is the tolerance of the floating-point tests in path outline
// construction (KLayout's db::epsilon).
const pathEpsilon = 1e-10

// PathHalfCirclePoints is the number of points KLayout 0.28 uses for each
// round end of a PathRound path (half of its default of 32 points per full
// circle).
const PathHalfCirclePoints = 16

// PathEndExtensions returns the begin and end extensions of the path as
// KLayout 0.28 reads them from GDSII: 0 for flush ends, Width/2 (truncated
// toward zero, with the sign of Width, so a negative width shortens the path)
// for extended and round ends, and BgnExtn/EndExtn for custom ends. The
// outline width itself is always the absolute width.
func (p *Path) PathEndExtensions() (bgn, end int32) {
	switch p.Type {
	case PathExtended, PathRound:
		return p.Width / 2, p.Width / 2
	case PathCustom:
		return p.BgnExtn, p.EndExtn
	}
	return 0, 0
}

// Outline returns the polygon a path draws, computed the way KLayout 0.28
// does, so that region operations on paths agree with KLayout's to the
// database unit:
//
//   - Coincident points and points on the straight line between their
//     neighbours are dropped first.
//   - Each segment is shifted by half the absolute width along its normal.
//     For horizontal and vertical segments the shift is rounded to an integer
//     first; for 45-degree segments it is rounded to a multiple of √2 so that
//     the shifted points stay on the grid.
//   - Joints are the intersection of the shifted segments. A joint sharper
//     than the width allows is cut off (two points); a segment too short for
//     its neighbours gives a three-point loop through the centre line point;
//     a reversal gives a square end.
//   - Ends are extended by PathEndExtensions; round ends are approximated by
//     PathHalfCirclePoints points on an ellipse whose axes are the extension
//     and the half width, scaled by 1/cos(π/(2n)) so the polygon circumscribes
//     the curve.
//   - A path of one point is a box (or an ellipse for round ends) around it.
//
// Every floating-point coordinate is rounded half away from zero. The
// outline may overlap itself at sharp joints; region building merges it with
// the non-zero winding rule, as KLayout does. The orientation is the one
// generated (left side forward, right side backward); callers normalise it.
func (p *Path) Outline() []Point {
	pts := pathRealPoints(p.Points)
	if len(pts) == 0 {
		return nil
	}
	w := p.Width
	if w < 0 {
		w = -w
	}
	bgn, end := p.PathEndExtensions()
	n := 2
	if p.Type == PathRound {
		n = PathHalfCirclePoints
	}
	out := make([]Point, 0, 2*len(pts)+2*n)
	out = shiftedPoints(out, bgn, end, w, true, pts, n)
	rev := make([]Point, len(pts))
	for i := range pts {
		rev[i] = pts[len(pts)-1-i]
	}
	out = shiftedPoints(out, end, bgn, w, false, rev, n)
	return out
}

// pathRealPoints drops coincident points and points lying on the segment
// between their neighbours.
func pathRealPoints(in []Point) []Point {
	out := make([]Point, 0, len(in))
	n := len(in)
	for i := 0; i < n; {
		out = append(out, in[i])
		i++
		for i < n && in[i] == out[len(out)-1] {
			i++
		}
		if i == n {
			break
		}
		// in[pn] is the next distinct point; skip it while it lies on the
		// segment from the last output point to the point after it.
		pn, j := i, i+1
		for {
			for j < n && in[j] == in[pn] {
				j++
			}
			if j == n || !segmentContains(out[len(out)-1], in[j], in[pn]) {
				break
			}
			pn = j
			j++
		}
		i = j - 1
	}
	return out
}

// segmentContains reports whether q lies on the closed segment a-b.
func segmentContains(a, b, q Point) bool {
	if a == b {
		return q == a
	}
	cross := (int64(b.X)-int64(a.X))*(int64(q.Y)-int64(a.Y)) - (int64(b.Y)-int64(a.Y))*(int64(q.X)-int64(a.X))
	if cross != 0 {
		return false
	}
	return min(a.X, b.X) <= q.X && q.X <= max(a.X, b.X) && min(a.Y, b.Y) <= q.Y && q.Y <= max(a.Y, b.Y)
}

type dvec struct{ x, y float64 }

func (a dvec) add(b dvec) dvec    { return dvec{a.x + b.x, a.y + b.y} }
func (a dvec) sub(b dvec) dvec    { return dvec{a.x - b.x, a.y - b.y} }
func (a dvec) mul(f float64) dvec { return dvec{float64(a.x * f), float64(a.y * f)} }
func (a dvec) length() float64    { return math.Sqrt(float64(a.x*a.x) + float64(a.y*a.y)) }
func vprodD(a, b dvec) float64    { return float64(a.x*b.y) - float64(a.y*b.x) }
func sprodD(a, b dvec) float64    { return float64(a.x*b.x) + float64(a.y*b.y) }
func pointPlus(p Point, v dvec) Point {
	return Point{p.X + roundHalfAway(v.x), p.Y + roundHalfAway(v.y)}
}

// roundHalfAway rounds like KLayout's integer coordinate conversion:
// v+0.5 (or v-0.5) truncated. It differs from roundCoord (math.Round) only
// in the last bit of values just below one half, where KLayout's addition
// rounds up; outlines must match KLayout's to the unit.
func roundHalfAway(v float64) int32 {
	if v > 0 {
		return int32(v + 0.5)
	}
	return int32(v - 0.5)
}

// gridScaled multiplies a unit vector by d, rounding d so that axis-parallel
// and 45-degree vectors land on the grid.
func gridScaled(p dvec, d float64) dvec {
	switch {
	case math.Abs(p.x) < pathEpsilon || math.Abs(p.y) < pathEpsilon:
		return p.mul(float64(roundHalfAway(d)))
	case math.Abs(math.Abs(p.x)-math.Abs(p.y)) < pathEpsilon:
		return p.mul(math.Sqrt2 * float64(roundHalfAway(d*(1/math.Sqrt2))))
	}
	return p.mul(d)
}

func unitOf(a, b Point) dvec {
	d := dvec{float64(b.X) - float64(a.X), float64(b.Y) - float64(a.Y)}
	return d.mul(1.0 / d.length())
}

// shiftedPoints appends one side of the outline: the start cap, the joints
// on the left of the direction of travel, and the end cap.
func shiftedPoints(out []Point, start, end, width int32, forward bool, pts []Point, ncircle int) []Point {
	disp := float64(width) * 0.5
	a0 := math.Pi / (2.0 * float64(ncircle))
	cd, sd := math.Cos(a0), math.Sin(a0)
	c2d := float64(cd*cd) - float64(sd*sd)
	s2d := 2 * cd * sd

	if len(pts) == 1 {
		p := pts[0]
		ed := dvec{1, 0}
		if !forward {
			ed = dvec{-1, 0}
		}
		nd := dvec{-ed.y, ed.x}
		if ncircle > 2 {
			edd := ed.mul(float64(-start) / cd)
			ndd := nd.mul(disp / cd)
			c, s := cd, sd
			for i := 0; i < ncircle/2; i++ {
				out = append(out, pointPlus(p, edd.mul(c).add(ndd.mul(s))))
				c, s = float64(c*c2d)-float64(s*s2d), float64(s*c2d)+float64(c*s2d)
			}
			edd = ed.mul(float64(end) / cd)
			c, s = math.Cos(a0*float64(ncircle-1)), math.Sin(a0*float64(ncircle-1))
			for i := 0; i < ncircle/2; i++ {
				out = append(out, pointPlus(p, edd.mul(c).add(ndd.mul(s))))
				c, s = float64(c*c2d)+float64(s*s2d), float64(s*c2d)-float64(c*s2d)
			}
		} else {
			out = append(out, pointPlus(p, ed.mul(float64(-start)).add(nd.mul(disp))))
			out = append(out, pointPlus(p, ed.mul(float64(end)).add(nd.mul(disp))))
		}
		return out
	}

	first := true
	ip := 0
	for ipp := 1; ipp < len(pts); ipp++ {
		p, pp := pts[ip], pts[ipp]
		ed := unitOf(p, pp)
		nd := gridScaled(dvec{-ed.y, ed.x}, disp)
		if first {
			first = false
			if ncircle > 2 {
				edd := ed.mul(float64(-start) / cd)
				ndd := nd.mul(1.0 / cd)
				c, s := cd, sd
				for i := 0; i < ncircle/2; i++ {
					out = append(out, pointPlus(p, edd.mul(c).add(ndd.mul(s))))
					c, s = float64(c*c2d)-float64(s*s2d), float64(s*c2d)+float64(c*s2d)
				}
			} else {
				out = append(out, pointPlus(p, gridScaled(ed, float64(-start)).add(nd)))
			}
		}
		if ipp+1 == len(pts) {
			if ncircle > 2 {
				edd := ed.mul(float64(end) / cd)
				ndd := nd.mul(1.0 / cd)
				c, s := math.Cos(a0*float64(ncircle-1)), math.Sin(a0*float64(ncircle-1))
				for i := 0; i < ncircle/2; i++ {
					out = append(out, pointPlus(pp, edd.mul(c).add(ndd.mul(s))))
					c, s = float64(c*c2d)+float64(s*s2d), float64(s*c2d)-float64(c*s2d)
				}
			} else {
				out = append(out, pointPlus(pp, gridScaled(ed, float64(end)).add(nd)))
			}
			break
		}
		ppp := pts[ipp+1]
		eed := unitOf(pp, ppp)
		nnd := gridScaled(dvec{-eed.y, eed.x}, disp)
		l1max, l2max := nd.length(), nnd.length()
		l1min := -pointDistance(p, pp) - nd.length()
		l2min := -pointDistance(ppp, pp) - nnd.length()
		dv := vprodD(ed, eed)
		if math.Abs(dv) > pathEpsilon {
			l1 := vprodD(nnd.sub(nd), eed) / dv
			l2 := vprodD(nd.sub(nnd), ed) / dv
			switch {
			case l1 < l1min-pathEpsilon || l2 < l2min-pathEpsilon:
				// Segments too short to meet: a loop through the centre point.
				out = append(out, pointPlus(pp, nd), pp, pointPlus(pp, nnd))
			case l1 < l1max+pathEpsilon && l2 < l2max+pathEpsilon:
				out = append(out, pointPlus(pp, nd.add(ed.mul(l1))))
			default:
				out = append(out, pointPlus(pp, nd.add(ed.mul(math.Min(l1max, l1)))))
				out = append(out, pointPlus(pp, nnd.sub(eed.mul(math.Min(l2max, l2)))))
			}
			ip = ipp
		} else if sprodD(ed, eed) < -pathEpsilon {
			// The path turns back on itself: square off the turn.
			out = append(out, pointPlus(pp, nd.add(gridScaled(ed, disp))))
			out = append(out, pointPlus(pp, nnd.sub(gridScaled(eed, disp))))
			ip = ipp
		}
	}
	return out
}

func pointDistance(a, b Point) float64 {
	dx, dy := float64(b.X)-float64(a.X), float64(b.Y)-float64(a.Y)
	return math.Sqrt(float64(dx*dx) + float64(dy*dy))
}
