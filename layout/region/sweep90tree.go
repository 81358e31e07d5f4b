package region

import (
	"math"
	"slices"
)

// The Manhattan scanline for large clusters, with a cost bound independent
// of how wide the scanline is: vertical edges never move, so the cluster's
// distinct x values are numbered once and the scanline state is kept per x:
// the number of edges there, their winding changes (in Fenwick trees, for
// prefix sums in O(log X)) and the boundary piece open there. A scanline
// visits only the x where edges start or end and, where the windings above
// and below differ, the x of the edges in between (those are crossings with
// horizontal input edges). Every visit costs O(log X), so a cluster of m
// edges with k crossings costs O((m+k) log m), however many edges the
// scanline crosses. It produces exactly what run90 produces.

// bigCluster is the cluster size (in vertical edges) from which run90tree
// is used; below it the list walk of run90 is faster.
const bigCluster = 4096

// fenwick is a Fenwick tree of int32 counts.
type fenwick []int32

// add adds v at index i (0-based).
func (f fenwick) add(i int, v int32) {
	for i++; i < len(f); i += i & -i {
		f[i] += v
	}
}

// prefix returns the sum over indices < i.
func (f fenwick) prefix(i int) int32 {
	var s int32
	for ; i > 0; i -= i & -i {
		s += f[i]
	}
	return s
}

// firstAbove returns the smallest index i with prefix(i+1) > t (for
// non-negative entries), or len(f)-1 if there is none.
func (f fenwick) firstAbove(t int32) int {
	pos := 0
	step := 1
	for step*2 < len(f) {
		step *= 2
	}
	for ; step > 0; step /= 2 {
		if pos+step < len(f) && f[pos+step] <= t {
			pos += step
			t -= f[pos]
		}
	}
	return pos
}

// xEvent is the change at one x of the scanline.
type xEvent struct {
	xi         int32
	dA, dB, dN int32
}

// treeState is the scratch state of run90tree.
type treeState struct {
	xs           []int32
	xi           []int32 // x index of each edge
	byEnd        []int32 // edges ordered by y2
	dA, dB, cnt  []int32
	fA, fB, fCnt fenwick
	out          []int32 // open boundary piece at each x, or -1
	ev           []xEvent
}

func growInt32(s []int32, n int) []int32 { return slices.Grow(s[:0], n)[:n] }

// run90tree is run90 with the per-x state (see above).
func (s *sweeper) run90tree(pred *predicate) {
	s.pred = pred
	s.oe = s.oe[:0]
	ed := s.ed
	n := len(ed)
	if n == 0 {
		return
	}
	s.sort90()
	t := &s.tree
	t.xs = growInt32(t.xs, n)
	for i := range ed {
		t.xs[i] = ed[i].x1
	}
	slices.Sort(t.xs)
	t.xs = slices.Compact(t.xs)
	nx := len(t.xs)
	t.xi = growInt32(t.xi, n)
	for i := range ed {
		k, _ := slices.BinarySearch(t.xs, ed[i].x1)
		t.xi[i] = int32(k)
	}
	t.byEnd = growInt32(t.byEnd, n)
	for i := range t.byEnd {
		t.byEnd[i] = int32(i)
	}
	slices.SortFunc(t.byEnd, func(a, b int32) int { return cmpInt32(ed[a].y2, ed[b].y2) })
	t.dA, t.dB, t.cnt = growInt32(t.dA, nx), growInt32(t.dB, nx), growInt32(t.cnt, nx)
	clear(t.dA)
	clear(t.dB)
	clear(t.cnt)
	t.fA, t.fB, t.fCnt = fenwick(growInt32(t.fA, nx+1)), fenwick(growInt32(t.fB, nx+1)), fenwick(growInt32(t.fCnt, nx+1))
	clear(t.fA)
	clear(t.fB)
	clear(t.fCnt)
	t.out = growInt32(t.out, nx)
	for i := range t.out {
		t.out[i] = -1
	}
	next, nextEnd := 0, 0
	y := ed[0].y1
	for {
		s.y = y
		// The changes on this scanline, by x.
		t.ev = t.ev[:0]
		for ; nextEnd < n && ed[t.byEnd[nextEnd]].y2 == y; nextEnd++ {
			e := t.byEnd[nextEnd]
			t.ev = append(t.ev, t.change(ed, e, -1))
		}
		for ; next < n && ed[next].y1 == y; next++ {
			t.ev = append(t.ev, t.change(ed, int32(next), 1))
		}
		slices.SortFunc(t.ev, func(a, b xEvent) int { return cmpInt32(a.xi, b.xi) })
		w := 0
		for _, e := range t.ev {
			if w > 0 && t.ev[w-1].xi == e.xi {
				t.ev[w-1].dA += e.dA
				t.ev[w-1].dB += e.dB
				t.ev[w-1].dN += e.dN
				continue
			}
			t.ev[w] = e
			w++
		}
		t.ev = t.ev[:w]
		s.scanTree()
		for _, e := range t.ev {
			t.dA[e.xi] += e.dA
			t.dB[e.xi] += e.dB
			t.cnt[e.xi] += e.dN
			t.fA.add(int(e.xi), e.dA)
			t.fB.add(int(e.xi), e.dB)
			t.fCnt.add(int(e.xi), e.dN)
		}
		ny := int32(math.MaxInt32)
		if next < n {
			ny = ed[next].y1
		}
		if nextEnd < n && ed[t.byEnd[nextEnd]].y2 < ny {
			ny = ed[t.byEnd[nextEnd]].y2
		}
		if ny == math.MaxInt32 {
			break
		}
		y = ny
	}
}

// change is the event of edge e starting (sign 1) or ending (sign -1).
func (t *treeState) change(ed []sedge, e int32, sign int32) xEvent {
	ev := xEvent{xi: t.xi[e], dN: sign}
	d := sign * int32(ed[e].w)
	if ed[e].op == 0 {
		ev.dA = d
	} else {
		ev.dB = d
	}
	return ev
}

// scanTree walks one scanline over the per-x state (below the line) and
// the events (the changes to above it).
func (s *sweeper) scanTree() {
	t := &s.tree
	y := s.y
	nx := len(t.xs)
	var wS, wN [2]int32
	hopen := int32(-1)
	hdir := 0
	p := -1 // last visited x index
	k := 0  // next event
	for {
		var q int
		if wS != wN || hdir != 0 {
			// Inside a changed part: the next edge below, or the next event.
			q = nx
			if p+1 < nx {
				q = t.fCnt.firstAbove(t.fCnt.prefix(p + 1))
			}
			if k < len(t.ev) && int(t.ev[k].xi) < q {
				q = int(t.ev[k].xi)
			}
			if q >= nx {
				break
			}
		} else {
			if k >= len(t.ev) {
				break
			}
			q = int(t.ev[k].xi)
			wS = [2]int32{t.fA.prefix(q), t.fB.prefix(q)}
			wN = wS
		}
		P := Point{X: t.xs[q], Y: y}
		s.ports = s.ports[:0]
		gS := [2]int32{t.dA[q], t.dB[q]}
		if k < len(t.ev) && int(t.ev[k].xi) == q {
			e := t.ev[k]
			k++
			if o := t.out[q]; o >= 0 {
				s.closeOut90(o, P)
				t.out[q] = -1
			}
			wS[0] += gS[0]
			wS[1] += gS[1]
			before := wN
			wN[0] += gS[0] + e.dA
			wN[1] += gS[1] + e.dB
			if t.cnt[q]+e.dN > 0 {
				if inL, inR := s.pred.eval(before), s.pred.eval(wN); inL != inR {
					s.openOutAt(&t.out[q], P, inR)
				}
			}
		} else {
			before := wN
			wS[0] += gS[0]
			wS[1] += gS[1]
			wN[0] += gS[0]
			wN[1] += gS[1]
			inL, inR := s.pred.eval(before), s.pred.eval(wN)
			ex := t.out[q]
			if !(ex >= 0 && inL != inR && s.oe[ex].up == inR) {
				if ex >= 0 {
					s.closeOut90(ex, P)
					t.out[q] = -1
				}
				if inL != inR {
					s.openOutAt(&t.out[q], P, inR)
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
		p = q
	}
}

// openOutAt opens a vertical boundary piece at P and records it in *slot.
func (s *sweeper) openOutAt(slot *int32, P Point, up bool) {
	idx := int32(len(s.oe))
	o := oedge{next: -1, up: up}
	if up {
		o.p1 = P
	} else {
		o.p2 = P
	}
	s.oe = append(s.oe, o)
	*slot = idx
	s.ports = append(s.ports, port{idx, !up, 0, 1})
}
