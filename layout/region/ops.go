package region

import (
	"runtime"
	"slices"
	"sync"
)

// Inside is a boolean operator given as a predicate on winding numbers: it
// reports whether a point is in the result given how many polygons of
// operand A and of operand B cover it (each input polygon counts once where
// its own winding number is non-zero). Inside(0, 0) must be false.
type Inside func(a, b int) bool

// The operators of the region algebra.
var (
	// InsideMerge is the union of A's polygons (B is ignored).
	InsideMerge Inside = func(a, _ int) bool { return a > 0 }
	InsideAnd   Inside = func(a, b int) bool { return a > 0 && b > 0 }
	InsideOr    Inside = func(a, b int) bool { return a > 0 || b > 0 }
	InsideNot   Inside = func(a, b int) bool { return a > 0 && b == 0 }
	InsideXor   Inside = func(a, b int) bool { return (a > 0) != (b > 0) }
)

// Merged returns the union of the region's polygons: overlapping and
// touching polygons become one, polygons touching only at a corner too
// (KLayout's min_coherence=false); holes are kept. A merged region is
// returned as a copy.
func (r *Region) Merged() *Region {
	if r.IsMerged() {
		c := r.Clone()
		c.merged = true
		return c
	}
	return Boolean(r, nil, InsideMerge)
}

// MergedMinCoverage returns the parts covered by more than minWC polygons
// (KLayout's merged(min_wc)); MergedMinCoverage(0) equals Merged.
func (r *Region) MergedMinCoverage(minWC int) *Region {
	if minWC <= 0 {
		return r.Merged()
	}
	return Boolean(r, nil, func(a, _ int) bool { return a > minWC })
}

// And returns the intersection of r and o.
func (r *Region) And(o *Region) *Region { return Boolean(r, o, InsideAnd) }

// Or returns the union of r and o.
func (r *Region) Or(o *Region) *Region { return Boolean(r, o, InsideOr) }

// Not returns the parts of r outside o.
func (r *Region) Not(o *Region) *Region { return Boolean(r, o, InsideNot) }

// Xor returns the parts covered by exactly one of r and o.
func (r *Region) Xor(o *Region) *Region { return Boolean(r, o, InsideXor) }

// Boolean applies the operator inside to operands a and b (b may be nil)
// with one scanline per cluster of interacting polygons, on all cores. The
// result is merged.
func Boolean(a, b *Region, inside Inside) *Region {
	if b == nil {
		b = &Region{}
	}
	na, nb := a.Len(), b.Len()
	out := &Region{merged: true}
	if na+nb == 0 {
		return out
	}
	job := &opJob{a: a, b: b, na: na, pred: inside}
	boxes := make([]Box, na+nb)
	for i := 0; i < na; i++ {
		boxes[i] = a.PolygonBBox(i)
	}
	for i := 0; i < nb; i++ {
		boxes[na+i] = b.PolygonBBox(i)
	}
	job.cl = makeClusters(boxes)
	parts := runChunks(job.cl.len(), func(i int) int { return job.cost(i) }, func(w *worker, k int, dst *Region) {
		w.cluster(job, job.cl.members(k), dst)
	})
	out.concat(parts)
	out.merged, out.simple = true, nil
	return out
}

// opJob is one boolean operation being run.
type opJob struct {
	a, b *Region
	na   int
	pred Inside
	cl   clusters
}

// poly resolves a global polygon index to its region, local index and
// operand.
func (j *opJob) poly(g int32) (*Region, int, uint8) {
	if int(g) < j.na {
		return j.a, int(g), 0
	}
	return j.b, int(g) - j.na, 1
}

func (j *opJob) cost(k int) int {
	c := 0
	for _, g := range j.cl.members(k) {
		r, i, _ := j.poly(g)
		s, e := r.ringRange(i)
		c += int(r.ringEnd(e-1) - r.ringStart(s))
	}
	return c
}

func (r *Region) ringStart(i int) uint32 {
	if i == 0 {
		return 0
	}
	return r.rings[i-1]
}

func (r *Region) ringEnd(i int) uint32 { return r.rings[i] }

// worker holds the per-goroutine scratch state.
type worker struct {
	sw    sweeper
	sn    snapper
	rs    ringSet
	kin   []kedge
	kop   []uint8
	sub   *worker // scratch worker normalising self-intersecting polygons
	sized []Point
	npred predicate
}

// runChunks runs fn over n items split into contiguous chunks of similar
// cost on all cores; each chunk writes into its own region, and the regions
// are returned in item order, so the result does not depend on scheduling.
func runChunks(n int, cost func(int) int, fn func(w *worker, item int, dst *Region)) []*Region {
	if n == 0 {
		return nil
	}
	total := 0
	for i := 0; i < n; i++ {
		total += cost(i) + 8
	}
	procs := runtime.GOMAXPROCS(0)
	target := max(total/(procs*8), 4096)
	var bounds []int
	acc := 0
	for i := 0; i < n; i++ {
		acc += cost(i) + 8
		if acc >= target {
			bounds = append(bounds, i+1)
			acc = 0
		}
	}
	if len(bounds) == 0 || bounds[len(bounds)-1] != n {
		bounds = append(bounds, n)
	}
	parts := make([]*Region, len(bounds))
	// newDst sizes a chunk's output for about as many points as its input
	// has, so that the arenas do not grow by repeated doubling.
	newDst := func(lo, hi int) *Region {
		c := 0
		for i := lo; i < hi; i++ {
			c += cost(i)
		}
		return &Region{pts: make([]Point, 0, c), rings: make([]uint32, 0, c/4+1), polys: make([]uint32, 0, c/4+1)}
	}
	if len(bounds) == 1 {
		w := &worker{}
		parts[0] = newDst(0, n)
		for i := 0; i < n; i++ {
			fn(w, i, parts[0])
		}
		return parts
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for p := 0; p < min(procs, len(bounds)); p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{}
			for {
				mu.Lock()
				c := next
				next++
				mu.Unlock()
				if c >= len(bounds) {
					return
				}
				lo := 0
				if c > 0 {
					lo = bounds[c-1]
				}
				dst := newDst(lo, bounds[c])
				for i := lo; i < bounds[c]; i++ {
					fn(w, i, dst)
				}
				parts[c] = dst
			}
		}()
	}
	wg.Wait()
	return parts
}

// cluster runs the operator on one cluster and appends the result to dst.
func (w *worker) cluster(j *opJob, members []int32, dst *Region) {
	var cnt [2]int
	for _, g := range members {
		_, _, op := j.poly(g)
		cnt[op]++
	}
	// Nothing can come out if no coverage count of the present operand(s)
	// is inside.
	if cnt[1] == 0 && !anyInside(j.pred, cnt[0], true) || cnt[0] == 0 && !anyInside(j.pred, cnt[1], false) {
		return
	}
	// A lone rectangle is its own result.
	if len(members) == 1 {
		r, i, op := j.poly(members[0])
		if r.NumHoles(i) == 0 && isRect(r.Hull(i)) {
			if j.pred(1-int(op), int(op)) {
				w.emitRect(r.Hull(i), dst)
			}
			return
		}
	}
	w.npred = predicate{inside: j.pred, nzA: cnt[0] == 1, nzB: cnt[1] == 1}
	w.sw.ed = w.sw.ed[:0]
	w.kin, w.kop = w.kin[:0], w.kop[:0]
	manh := true
	for _, g := range members {
		r, i, op := j.poly(g)
		if cnt[op] > 1 && !r.isSimple(i) {
			manh = w.addNormalized(r, i, op) && manh
			continue
		}
		s, e := r.ringRange(i)
		for k := s; k < e; k++ {
			manh = w.addRing(r.ring(k), op) && manh
		}
	}
	w.sweepAndEmit(manh, &w.npred, dst)
}

// anyInside reports whether some coverage count 1..n of a single present
// operand is inside.
func anyInside(in Inside, n int, isA bool) bool {
	for c := 1; c <= n; c++ {
		if isA && in(c, 0) || !isA && in(0, c) {
			return true
		}
	}
	return false
}

// addRing adds a ring's edges to the worker's input and reports whether the
// ring is Manhattan.
func (w *worker) addRing(pts []Point, op uint8) bool {
	n := len(pts)
	manh := true
	for i := 0; i < n; i++ {
		p, q := pts[i], pts[(i+1)%n]
		if p.X != q.X && p.Y != q.Y {
			manh = false
		}
		w.kin = append(w.kin, kedge{p, q})
		w.kop = append(w.kop, op)
	}
	return manh
}

// sweepAndEmit snaps (when needed), sweeps and emits the collected edges.
func (w *worker) sweepAndEmit(manh bool, pred *predicate, dst *Region) {
	if manh {
		for i, e := range w.kin {
			if e.p1.X == e.p2.X {
				w.sw.ed = appendSedge(w.sw.ed, e, w.kop[i])
			}
		}
	} else {
		w.sw.ed = w.sn.snapEdges(w.kin, w.kop, w.sw.ed)
	}
	switch {
	case manh && len(w.sw.ed) >= bigCluster:
		w.sw.run90tree(pred)
	case manh:
		w.sw.run90(pred)
	default:
		w.sw.run(pred)
	}
	w.rs.trace(w.sw.oe)
	w.rs.emit(dst)
}

// addNormalized adds, instead of a polygon that may intersect itself, the
// merged polygons of its non-zero winding area, so that every input polygon
// of a multi-polygon cluster counts 0 or 1 everywhere.
func (w *worker) addNormalized(r *Region, i int, op uint8) bool {
	if w.sub == nil {
		w.sub = &worker{}
	}
	sub := w.sub
	sub.sw.ed = sub.sw.ed[:0]
	sub.kin, sub.kop = sub.kin[:0], sub.kop[:0]
	s, e := r.ringRange(i)
	manh := true
	for k := s; k < e; k++ {
		manh = sub.addRing(r.ring(k), 0) && manh
	}
	p := predicate{inside: InsideMerge, nzA: true}
	var res Region
	sub.sweepAndEmit(manh, &p, &res)
	manh = true
	for k := range res.rings {
		manh = w.addRing(res.ring(k), op) && manh
	}
	return manh
}

// emitRect appends a rectangle as a clockwise polygon.
func (w *worker) emitRect(p []Point, dst *Region) {
	dst.appendBox(rectBox(p))
}

func rectBox(p []Point) Box {
	return Box{Min: Point{X: min(p[0].X, p[2].X), Y: min(p[0].Y, p[2].Y)}, Max: Point{X: max(p[0].X, p[2].X), Y: max(p[0].Y, p[2].Y)}}
}

// ringIsSimple checks a ring for self-intersections and self-touching
// (small rings only; larger ones count as not simple and are normalised
// when they share a cluster).
func ringIsSimple(p []Point) bool {
	n := len(p)
	switch {
	case n < 3:
		return false
	case n == 4 && isRect(p):
		return true
	case n > 64:
		return false
	}
	if rect, ok := rectilinearSimple(p); rect {
		return ok
	}
	return genericRingSimple(p)
}

// genericRingSimple checks any ring pair by pair.
func genericRingSimple(p []Point) bool {
	n := len(p)
	for i := 0; i < n; i++ {
		a0, a1 := p[i], p[(i+1)%n]
		prev := p[(i+n-1)%n]
		if crossSign(prev, a0, a1) == 0 && sprodSign(int64(a0.X)-int64(prev.X), int64(a0.Y)-int64(prev.Y), int64(a1.X)-int64(a0.X), int64(a1.Y)-int64(a0.Y)) <= 0 {
			return false // spike or repeated point
		}
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue
			}
			if segmentsTouch(a0, a1, p[j], p[(j+1)%n]) {
				return false
			}
		}
	}
	return true
}

// segmentsTouch reports whether the closed segments a-b and c-d share a
// point.
func segmentsTouch(a, b, c, d Point) bool {
	if max(a.X, b.X) < min(c.X, d.X) || max(c.X, d.X) < min(a.X, b.X) ||
		max(a.Y, b.Y) < min(c.Y, d.Y) || max(c.Y, d.Y) < min(a.Y, b.Y) {
		return false
	}
	d1, d2 := crossSign(a, b, c), crossSign(a, b, d)
	d3, d4 := crossSign(c, d, a), crossSign(c, d, b)
	if d1*d2 < 0 && d3*d4 < 0 {
		return true
	}
	return d1 == 0 && onSegment(a, b, c) || d2 == 0 && onSegment(a, b, d) ||
		d3 == 0 && onSegment(c, d, a) || d4 == 0 && onSegment(c, d, b)
}

func onSegment(a, b, q Point) bool {
	return min(a.X, b.X) <= q.X && q.X <= max(a.X, b.X) && min(a.Y, b.Y) <= q.Y && q.Y <= max(a.Y, b.Y)
}

// rectilinearSimple checks a rectilinear ring (alternating horizontal and
// vertical edges) for self-intersections: only a horizontal and a vertical
// edge that are not neighbours can meet, or two parallel edges on one line.
// rect is false if the ring is not of that form.
func rectilinearSimple(p []Point) (rect, ok bool) {
	n := len(p)
	if n%2 != 0 || n > 64 {
		return false, false
	}
	// Edge i runs from p[i] to p[i+1]; edges must alternate between
	// horizontal and vertical with non-zero length.
	h0 := p[0].Y == p[1].Y
	for i := 0; i < n; i++ {
		a, b := p[i], p[(i+1)%n]
		hor := a.Y == b.Y
		if hor != (h0 == (i%2 == 0)) || a == b || (hor && a.X == b.X) || (!hor && a.X != b.X) {
			return false, false
		}
	}
	first := 0
	if !h0 {
		first = 1
	}
	if n > 16 {
		return true, rectilinearSimpleSorted(p, first)
	}
	for i := first; i < n; i += 2 { // horizontal edges
		a, b := p[i], p[(i+1)%n]
		hx0, hx1, hy := min(a.X, b.X), max(a.X, b.X), a.Y
		for j := 1 - first; j < n; j += 2 { // vertical edges
			if j == (i+1)%n || (j+1)%n == i {
				continue // neighbours share a vertex
			}
			c, d := p[j], p[(j+1)%n]
			if c.X >= hx0 && c.X <= hx1 && hy >= min(c.Y, d.Y) && hy <= max(c.Y, d.Y) {
				return true, false
			}
		}
		for k := i + 2; k < n; k += 2 {
			c, d := p[k], p[(k+1)%n]
			if c.Y == hy && max(c.X, d.X) >= hx0 && min(c.X, d.X) <= hx1 {
				return true, false
			}
		}
	}
	for i := 1 - first; i < n; i += 2 {
		a, b := p[i], p[(i+1)%n]
		vy0, vy1, vx := min(a.Y, b.Y), max(a.Y, b.Y), a.X
		for k := i + 2; k < n; k += 2 {
			c, d := p[k], p[(k+1)%n]
			if c.X == vx && max(c.Y, d.Y) >= vy0 && min(c.Y, d.Y) <= vy1 {
				return true, false
			}
		}
	}
	return true, true
}

// axisEdge is an edge of a rectilinear ring: at coordinate c, spanning
// [lo, hi] along the other axis.
type axisEdge struct {
	c, lo, hi int32
	i         int32
}

// rectilinearSimpleSorted is rectilinearSimple for larger rings: edges
// sorted by their fixed coordinate, so each vertical edge only meets the
// horizontal edges within its span.
func rectilinearSimpleSorted(p []Point, first int) bool {
	n := len(p)
	var hs, vs [32]axisEdge
	h, v := hs[:0], vs[:0]
	for i := 0; i < n; i++ {
		a, b := p[i], p[(i+1)%n]
		if (i-first)%2 == 0 {
			h = append(h, axisEdge{a.Y, min(a.X, b.X), max(a.X, b.X), int32(i)})
		} else {
			v = append(v, axisEdge{a.X, min(a.Y, b.Y), max(a.Y, b.Y), int32(i)})
		}
	}
	byC := func(a, b axisEdge) int {
		if a.c != b.c {
			return cmpInt32(a.c, b.c)
		}
		return cmpInt32(a.lo, b.lo)
	}
	slices.SortFunc(h, byC)
	slices.SortFunc(v, byC)
	// Parallel edges on one line must not touch.
	for _, list := range [2][]axisEdge{h, v} {
		for k := 1; k < len(list); k++ {
			if list[k].c == list[k-1].c && list[k].lo <= list[k-1].hi {
				return false
			}
		}
	}
	for _, e := range v {
		k, _ := slices.BinarySearchFunc(h, e.lo, func(a axisEdge, y int32) int { return cmpInt32(a.c, y) })
		for ; k < len(h) && h[k].c <= e.hi; k++ {
			if e.c < h[k].lo || e.c > h[k].hi {
				continue
			}
			hi, vi := int(h[k].i), int(e.i)
			if hi == (vi+1)%n || vi == (hi+1)%n {
				continue // neighbours share a vertex
			}
			return false
		}
	}
	return true
}
