package region

import (
	"math"
	"math/bits"
	"slices"
)

// sedge is an input edge of the scanline: y1 < y2 (horizontal edges are not
// needed: the scanline derives horizontal boundaries from the others). w is
// the change of the winding number of operand op when the edge is crossed
// from left to right: +1 for an edge that runs upward in its clockwise hull
// (inside on its right), -1 for one running downward.
type sedge struct {
	x1, y1, x2, y2 int32
	w              int8
	op             uint8
}

func appendSedge(out []sedge, e kedge, op uint8) []sedge {
	switch {
	case e.p1.Y < e.p2.Y:
		return append(out, sedge{e.p1.X, e.p1.Y, e.p2.X, e.p2.Y, 1, op})
	case e.p1.Y > e.p2.Y:
		return append(out, sedge{e.p2.X, e.p2.Y, e.p1.X, e.p1.Y, -1, op})
	}
	return out
}

// appendRingSedges appends the non-horizontal edges of a closed ring.
func appendRingSedges(out []sedge, pts []Point, op uint8) []sedge {
	n := len(pts)
	for i := 0; i < n; i++ {
		out = appendSedge(out, kedge{pts[i], pts[(i+1)%n]}, op)
	}
	return out
}

// predicate decides from the winding numbers of the two operands whether a
// point is inside the result. With nz set for an operand its count is
// clamped to 0 or 1 (the non-zero rule for an operand given by a single
// polygon that may intersect itself).
type predicate struct {
	inside   Inside
	nzA, nzB bool
}

func (p *predicate) eval(w [2]int32) bool {
	a, b := int(w[0]), int(w[1])
	if p.nzA && a != 0 {
		a = 1
	}
	if p.nzB && b != 0 {
		b = 1
	}
	return p.inside(a, b)
}

// oedge is an output edge: a boundary piece of the result, inside on its
// right. next links the rings.
type oedge struct {
	p1, p2 Point
	next   int32
	up     bool // vertical/sloped edge opened at its lower end going up
}

// port is one end of an output edge at the vertex being linked: the edge,
// whether it arrives there (its p2 is the vertex) and the direction from the
// vertex along the edge.
type port struct {
	e      int32
	in     bool
	dx, dy int64
}

// sweeper runs the scanline over one cluster of edges. It keeps its buffers
// between clusters so that the hot loop allocates nothing.
type sweeper struct {
	ed     []sedge
	active []int32
	nlist  []int32
	eout   []int32
	oe     []oedge
	ports  []port
	pred   *predicate
	y      int32
	// Manhattan fast path (sweep90.go)
	actM, nM []entry
	evX      []int32
	keys     []uint64
	tmp      []sedge
	tree     treeState // large Manhattan clusters (sweep90tree.go)
}

// run sweeps the edges in s.ed (in any order, any angle) and leaves the
// result's boundary in s.oe, linked into rings. Manhattan clusters use
// run90 or run90tree.
func (s *sweeper) run(pred *predicate) {
	s.pred = pred
	s.oe = s.oe[:0]
	n := len(s.ed)
	if n == 0 {
		return
	}
	ed := s.ed
	slices.SortFunc(ed, func(a, b sedge) int {
		if a.y1 != b.y1 {
			return cmpInt32(a.y1, b.y1)
		}
		if a.x1 != b.x1 {
			return cmpInt32(a.x1, b.x1)
		}
		return cmpSlope(a, b)
	})
	s.eout = slices.Grow(s.eout[:0], n)[:n]
	for i := range s.eout {
		s.eout[i] = -1
	}
	s.active = s.active[:0]
	next := 0
	y := ed[0].y1
	for {
		s.y = y
		k := next
		for k < n && ed[k].y1 == y {
			k++
		}
		s.buildN(next, k)
		s.scan()
		s.active, s.nlist = s.nlist, s.active
		next = k
		ny := int32(math.MaxInt32)
		if next < n {
			ny = ed[next].y1
		}
		for _, e := range s.active {
			if y2 := ed[e].y2; y2 < ny {
				ny = y2
			}
		}
		if ny == math.MaxInt32 {
			break
		}
		y = ny
	}
}

func cmpInt32(a, b int32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpSlope orders edges by dx/dy (dy > 0), i.e. by their x just above a
// common point.
func cmpSlope(a, b sedge) int {
	l := (int64(a.x2) - int64(a.x1)) * (int64(b.y2) - int64(b.y1))
	r := (int64(b.x2) - int64(b.x1)) * (int64(a.y2) - int64(a.y1))
	return sign64(l - r)
}

// xAt returns the x of edge e at the scanline as a fraction num/den (den > 0).
func (s *sweeper) xAt(e *sedge) (int64, int64) {
	switch {
	case s.y == e.y1 || e.x1 == e.x2:
		return int64(e.x1), 1
	case s.y == e.y2:
		return int64(e.x2), 1
	}
	dy := int64(e.y2) - int64(e.y1)
	return int64(e.x1)*dy + (int64(e.x2)-int64(e.x1))*(int64(s.y)-int64(e.y1)), dy
}

// cmpFrac compares a/b with c/d (b, d > 0).
func cmpFrac(a, b, c, d int64) int {
	if b == d {
		return sign64(a - c)
	}
	return cmp128(mul128(a, d), mul128(c, b))
}

type i128 struct {
	hi int64
	lo uint64
}

func mul128(a, b int64) i128 {
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = uint64(-a)
	}
	if b < 0 {
		ub = uint64(-b)
	}
	hi, lo := bits.Mul64(ua, ub)
	r := i128{int64(hi), lo}
	if neg {
		r.lo = ^r.lo + 1
		r.hi = ^r.hi
		if r.lo == 0 {
			r.hi++
		}
	}
	return r
}

func cmp128(a, b i128) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

// cmpPos compares the x of two active edges at the scanline.
func (s *sweeper) cmpPos(a, b int32) int {
	ea, eb := &s.ed[a], &s.ed[b]
	na, da := s.xAt(ea)
	nb, db := s.xAt(eb)
	return cmpFrac(na, da, nb, db)
}

// buildN fills s.nlist with the edges above the scanline in their order
// just above it: the active edges that go on, merged with the edges
// starting here (ed[from:to], sorted by x and slope).
func (s *sweeper) buildN(from, to int) {
	nl := s.nlist[:0]
	ed := s.ed
	y := s.y
	i := 0
	act := s.active
	for j := from; j < to; j++ {
		for i < len(act) {
			a := act[i]
			if ed[a].y2 == y {
				i++
				continue
			}
			c := s.cmpPos(a, int32(j))
			if c < 0 || (c == 0 && cmpSlope(ed[a], ed[j]) <= 0) {
				nl = append(nl, a)
				i++
				continue
			}
			break
		}
		nl = append(nl, int32(j))
	}
	for ; i < len(act); i++ {
		if a := act[i]; ed[a].y2 != y {
			nl = append(nl, a)
		}
	}
	s.nlist = nl
}

// scan walks the scanline from left to right over the edges below (the
// active list) and above (the new list), emitting and linking the boundary
// pieces that start or end on it.
func (s *sweeper) scan() {
	S, N := s.active, s.nlist
	ed := s.ed
	y := s.y
	var wS, wN [2]int32
	hopen := int32(-1)
	hdir := 0
	i, j := 0, 0
	for i < len(S) || j < len(N) {
		var head int32
		if j >= len(N) || (i < len(S) && s.cmpPos(S[i], N[j]) <= 0) {
			head = S[i]
		} else {
			head = N[j]
		}
		i2, j2 := i, j
		vertex := false
		for i2 < len(S) && s.cmpPos(S[i2], head) == 0 {
			if ed[S[i2]].y2 == y {
				vertex = true
			}
			i2++
		}
		for j2 < len(N) && s.cmpPos(N[j2], head) == 0 {
			if ed[N[j2]].y1 == y {
				vertex = true
			}
			j2++
		}
		if !vertex && wS == wN && hdir == 0 {
			// Untouched part of the scanline: windings pass through.
			for k := i; k < i2; k++ {
				e := &ed[S[k]]
				wS[e.op] += int32(e.w)
			}
			wN = wS
			i, j = i2, j2
			continue
		}
		P := s.pointAt(head)
		if s.y == debugY {
			println("pos", P.X, P.Y, "vertex", vertex, "wS", wS[0], "wN", wN[0], "hdir", hdir, "i", i, i2, "j", j, j2)
		}
		s.ports = s.ports[:0]
		if vertex {
			for k := i; k < i2; k++ {
				e := S[k]
				if o := s.eout[e]; o >= 0 {
					s.closeOut(o, e, P)
					s.eout[e] = -1
				}
				wS[ed[e].op] += int32(ed[e].w)
			}
			for k := j; k < j2; {
				k2 := k + 1
				for k2 < j2 && cmpSlope(ed[N[k2]], ed[N[k]]) == 0 {
					k2++
				}
				before := wN
				for kk := k; kk < k2; kk++ {
					wN[ed[N[kk]].op] += int32(ed[N[kk]].w)
				}
				inL, inR := s.pred.eval(before), s.pred.eval(wN)
				if inL != inR {
					s.openOut(N[k], P, inR)
				}
				k = k2
			}
		} else {
			// Edges passing through: their boundary status may change
			// because the windings beside them change here.
			for k := i; k < i2; {
				k2 := k + 1
				for k2 < i2 && cmpSlope(ed[S[k2]], ed[S[k]]) == 0 {
					k2++
				}
				before := wN
				for kk := k; kk < k2; kk++ {
					e := &ed[S[kk]]
					wN[e.op] += int32(e.w)
					wS[e.op] += int32(e.w)
				}
				inL, inR := s.pred.eval(before), s.pred.eval(wN)
				ex, exk := int32(-1), -1
				for kk := k; kk < k2; kk++ {
					if o := s.eout[S[kk]]; o >= 0 {
						ex, exk = o, kk
					}
				}
				if ex >= 0 && inL != inR && s.oe[ex].up == inR {
					s.eout[S[exk]] = -1
					s.eout[S[k]] = ex
				} else {
					if ex >= 0 {
						s.closeOut(ex, S[exk], P)
						s.eout[S[exk]] = -1
					}
					if inL != inR {
						s.openOut(S[k], P, inR)
					}
				}
				k = k2
			}
		}
		inS, inN := s.pred.eval(wS), s.pred.eval(wN)
		hnew := 0
		if inS && !inN {
			hnew = 1
		} else if inN && !inS {
			hnew = -1
		}
		if hopen >= 0 && (len(s.ports) > 0 || hnew != hdir) {
			s.closeH(hopen, hdir, P)
			hopen, hdir = -1, 0
		}
		if hnew != 0 && hopen < 0 {
			hopen, hdir = s.openH(hnew, P), hnew
		}
		s.link()
		i, j = i2, j2
	}
}

var debugY int32 = -1 << 30

// pointAt is the scanline point of an edge, rounded half away from zero
// when the edge passes between grid points.
func (s *sweeper) pointAt(e int32) Point {
	se := &s.ed[e]
	num, den := s.xAt(se)
	if den == 1 {
		return Point{X: int32(num), Y: s.y}
	}
	return Point{X: roundHalfAway(float64(num) / float64(den)), Y: s.y}
}

func roundHalfAway(v float64) int32 {
	if v > 0 {
		return int32(v + 0.5)
	}
	return int32(v - 0.5)
}

// openOut starts a boundary piece along input edge e at P: upward when the
// inside is on the edge's right.
func (s *sweeper) openOut(e int32, P Point, up bool) {
	idx := int32(len(s.oe))
	se := &s.ed[e]
	dx, dy := int64(se.x2)-int64(se.x1), int64(se.y2)-int64(se.y1)
	o := oedge{next: -1, up: up}
	if up {
		o.p1 = P
	} else {
		o.p2 = P
	}
	s.oe = append(s.oe, o)
	s.eout[e] = idx
	s.ports = append(s.ports, port{idx, !up, dx, dy})
}

// closeOut ends the boundary piece o (opened on a collinear edge below) at P.
func (s *sweeper) closeOut(o, e int32, P Point) {
	se := &s.ed[e]
	dx, dy := int64(se.x2)-int64(se.x1), int64(se.y2)-int64(se.y1)
	if s.oe[o].up {
		s.oe[o].p2 = P
	} else {
		s.oe[o].p1 = P
	}
	s.ports = append(s.ports, port{o, s.oe[o].up, -dx, -dy})
}

// openH starts a horizontal boundary piece at P running right (dir 1,
// inside below) or left (dir -1, inside above).
func (s *sweeper) openH(dir int, P Point) int32 {
	idx := int32(len(s.oe))
	o := oedge{next: -1}
	if dir > 0 {
		o.p1 = P
	} else {
		o.p2 = P
	}
	s.oe = append(s.oe, o)
	s.ports = append(s.ports, port{idx, dir < 0, 1, 0})
	return idx
}

func (s *sweeper) closeH(o int32, dir int, P Point) {
	if dir > 0 {
		s.oe[o].p2 = P
	} else {
		s.oe[o].p1 = P
	}
	s.ports = append(s.ports, port{o, dir > 0, -1, 0})
}

// link joins the pieces meeting at the current vertex. Where several
// contours touch in one point each arriving piece continues with the
// leaving piece next to it clockwise, turning through the outside between
// them. This joins hulls that touch at a corner into one polygon and keeps
// a hole that touches its hull or another hole a separate hole, as KLayout
// does (min_coherence=false).
func (s *sweeper) link() {
	p := s.ports
	switch len(p) {
	case 0:
		return
	case 2:
		if p[0].in {
			s.oe[p[0].e].next = p[1].e
		} else {
			s.oe[p[1].e].next = p[0].e
		}
		return
	}
	slices.SortFunc(p, func(a, b port) int { return cmpAngle(a.dx, a.dy, b.dx, b.dy) })
	n := len(p)
	for k := range p {
		if !p[k].in {
			continue
		}
		prev := p[(k+n-1)%n]
		if prev.in {
			// Not alternating (cannot happen for a consistent boundary):
			// take the nearest leaving piece clockwise.
			for d := 2; d <= n; d++ {
				if q := p[(k+n-d)%n]; !q.in {
					prev = q
					break
				}
			}
		}
		s.oe[p[k].e].next = prev.e
	}
}

// cmpAngle orders direction vectors counter-clockwise starting at +x.
func cmpAngle(ax, ay, bx, by int64) int {
	ha := ay < 0 || (ay == 0 && ax < 0)
	hb := by < 0 || (by == 0 && bx < 0)
	if ha != hb {
		if ha {
			return 1
		}
		return -1
	}
	return -sign64(vprod(ax, ay, bx, by))
}
