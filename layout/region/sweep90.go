package region

import (
	"math"
	"slices"
)

// The Manhattan fast path of the scanline: all edges are vertical, so an
// edge's position never changes and the scanline lists can carry it inline.
// Between the positions where edges start or end on the current scanline the
// lists below and above are identical; where the windings on both sides are
// equal too, nothing can change there and the walk jumps to the next such
// position, only summing windings.

// entry is an edge on a Manhattan scanline list.
type entry struct {
	x, y2 int32
	id    int32
	w     int8
	op    uint8
}

func key90(e *sedge) uint64 {
	return uint64(uint32(e.y1)^0x80000000)<<32 | uint64(uint32(e.x1)^0x80000000)
}

// run90 is run for Manhattan edges.
func (s *sweeper) run90(pred *predicate) {
	s.pred = pred
	s.oe = s.oe[:0]
	ed := s.ed
	n := len(ed)
	if n == 0 {
		return
	}
	s.sort90()
	s.eout = slices.Grow(s.eout[:0], n)[:n]
	for i := range s.eout {
		s.eout[i] = -1
	}
	s.actM = s.actM[:0]
	next := 0
	y := ed[0].y1
	for {
		s.y = y
		k := next
		for k < n && ed[k].y1 == y {
			k++
		}
		s.buildN90(next, k)
		s.scan90()
		s.actM, s.nM = s.nM, s.actM
		next = k
		ny := int32(math.MaxInt32)
		if next < n {
			ny = ed[next].y1
		}
		for i := range s.actM {
			if y2 := s.actM[i].y2; y2 < ny {
				ny = y2
			}
		}
		if ny == math.MaxInt32 {
			break
		}
		y = ny
	}
}

// buildN90 builds the list above the scanline and the sorted positions of
// the events (edges ending or starting) on it.
func (s *sweeper) buildN90(from, to int) {
	nl := s.nM[:0]
	ev := s.evX[:0]
	ed := s.ed
	y := s.y
	act := s.actM
	i := 0
	for j := from; j < to; j++ {
		x := ed[j].x1
		for i < len(act) && act[i].x <= x {
			if act[i].y2 == y {
				ev = append(ev, act[i].x)
			} else {
				nl = append(nl, act[i])
			}
			i++
		}
		e := &ed[j]
		nl = append(nl, entry{x: x, y2: e.y2, id: int32(j), w: e.w, op: e.op})
		if len(ev) == 0 || ev[len(ev)-1] != x {
			ev = append(ev, x)
		}
	}
	for ; i < len(act); i++ {
		if act[i].y2 == y {
			ev = append(ev, act[i].x)
		} else {
			nl = append(nl, act[i])
		}
	}
	// The ends collected after the last start may be out of order with
	// respect to the starts: sort the (short) event list.
	if !slices.IsSorted(ev) {
		slices.Sort(ev)
	}
	s.nM, s.evX = nl, ev
}

// scan90 is scan for Manhattan edges.
func (s *sweeper) scan90() {
	S, N := s.actM, s.nM
	ev := s.evX
	y := s.y
	var wS, wN [2]int32
	hopen := int32(-1)
	hdir := 0
	i, j, k := 0, 0, 0
	const inf = math.MaxInt32
	for i < len(S) || j < len(N) {
		xe := int32(inf)
		for k < len(ev) && ev[k] < minPos(S, N, i, j) {
			k++
		}
		if k < len(ev) {
			xe = ev[k]
		}
		if wS == wN && hdir == 0 {
			// Nothing changes before the next event: sum the windings.
			for i < len(S) && S[i].x < xe {
				wS[S[i].op] += int32(S[i].w)
				i++
				j++
			}
			wN = wS
			if i >= len(S) && j >= len(N) {
				break
			}
		}
		x := minPos(S, N, i, j)
		i2, j2 := i, j
		vertex := x == xe
		for i2 < len(S) && S[i2].x == x {
			i2++
		}
		for j2 < len(N) && N[j2].x == x {
			j2++
		}
		P := Point{X: x, Y: y}
		s.ports = s.ports[:0]
		if vertex {
			for kk := i; kk < i2; kk++ {
				e := &S[kk]
				if o := s.eout[e.id]; o >= 0 {
					s.closeOut90(o, P)
					s.eout[e.id] = -1
				}
				wS[e.op] += int32(e.w)
			}
			if j2 > j {
				before := wN
				for kk := j; kk < j2; kk++ {
					wN[N[kk].op] += int32(N[kk].w)
				}
				inL, inR := s.pred.eval(before), s.pred.eval(wN)
				if inL != inR {
					s.openOut90(N[j].id, P, inR)
				}
			}
		} else {
			// Edges passing through: their status may change because the
			// windings beside them change here.
			before := wN
			ex, exk := int32(-1), -1
			for kk := i; kk < i2; kk++ {
				e := &S[kk]
				wN[e.op] += int32(e.w)
				wS[e.op] += int32(e.w)
				if o := s.eout[e.id]; o >= 0 {
					ex, exk = o, kk
				}
			}
			inL, inR := s.pred.eval(before), s.pred.eval(wN)
			if ex >= 0 && inL != inR && s.oe[ex].up == inR {
				s.eout[S[exk].id] = -1
				s.eout[S[i].id] = ex
			} else {
				if ex >= 0 {
					s.closeOut90(ex, P)
					s.eout[S[exk].id] = -1
				}
				if inL != inR {
					s.openOut90(S[i].id, P, inR)
				}
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

func minPos(S, N []entry, i, j int) int32 {
	x := int32(math.MaxInt32)
	if i < len(S) {
		x = S[i].x
	}
	if j < len(N) && N[j].x < x {
		x = N[j].x
	}
	return x
}

func (s *sweeper) openOut90(e int32, P Point, up bool) {
	idx := int32(len(s.oe))
	o := oedge{next: -1, up: up}
	if up {
		o.p1 = P
	} else {
		o.p2 = P
	}
	s.oe = append(s.oe, o)
	s.eout[e] = idx
	s.ports = append(s.ports, port{idx, !up, 0, 1})
}

func (s *sweeper) closeOut90(o int32, P Point) {
	if s.oe[o].up {
		s.oe[o].p2 = P
	} else {
		s.oe[o].p1 = P
	}
	s.ports = append(s.ports, port{o, s.oe[o].up, 0, -1})
}

// sort90 orders the edges by (y1, x1). Small clusters use insertion sort;
// larger ones sort packed integer keys (offsets from the cluster's corner
// and the edge index) and permute, which avoids comparator calls.
func (s *sweeper) sort90() {
	ed := s.ed
	n := len(ed)
	if n <= 24 {
		for i := 1; i < n; i++ {
			for j := i; j > 0 && key90(&ed[j]) < key90(&ed[j-1]); j-- {
				ed[j], ed[j-1] = ed[j-1], ed[j]
			}
		}
		return
	}
	x0, y0, x1, y1 := ed[0].x1, ed[0].y1, ed[0].x1, ed[0].y1
	for i := range ed {
		x0, x1 = min(x0, ed[i].x1), max(x1, ed[i].x1)
		y0, y1 = min(y0, ed[i].y1), max(y1, ed[i].y1)
	}
	if int64(x1)-int64(x0) >= 1<<22 || int64(y1)-int64(y0) >= 1<<22 || n >= 1<<20 {
		slices.SortFunc(ed, func(a, b sedge) int {
			ka, kb := key90(&a), key90(&b)
			switch {
			case ka < kb:
				return -1
			case ka > kb:
				return 1
			}
			return 0
		})
		return
	}
	keys := slices.Grow(s.keys[:0], n)[:n]
	for i := range ed {
		keys[i] = uint64(ed[i].y1-y0)<<42 | uint64(ed[i].x1-x0)<<20 | uint64(i)
	}
	slices.Sort(keys)
	tmp := slices.Grow(s.tmp[:0], n)[:n]
	for i, k := range keys {
		tmp[i] = ed[k&(1<<20-1)]
	}
	copy(ed, tmp)
	s.keys, s.tmp = keys, tmp
}
