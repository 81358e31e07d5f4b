package region

// Selection of whole polygons by their relation to another region, with
// KLayout's semantics (both regions merged first; results are polygons of
// the merged region):
//
//   - Interacting: the polygon and the other region share at least one
//     point (overlap, abutting edges or corners touching).
//   - Overlapping: they share area.
//   - Inside: the polygon lies within the other region (touching its
//     boundary from inside is allowed).
//   - Outside: they share no area (touching is allowed); Outside is
//     NotOverlapping.
//
// Each polygon is tested against the other region's polygons in its cluster
// whose bounding boxes touch it: area relations with one small scanline per
// polygon, touching by an edge test. On Manhattan data the selections equal
// KLayout's. On any-angle data KLayout decides from scanline events, which
// can miss a sliver of a polygon that starts at a vertex shared with the
// other region's boundary; the area test here does not.

type relation uint8

const (
	relInteract relation = 1 << iota
	relOverlap
	relInside
)

// Interacting returns the polygons of r that touch or overlap o.
func (r *Region) Interacting(o *Region) *Region { return selectBy(r, o, relInteract, true) }

// NotInteracting returns the polygons of r that neither touch nor overlap o.
func (r *Region) NotInteracting(o *Region) *Region { return selectBy(r, o, relInteract, false) }

// Overlapping returns the polygons of r that share area with o.
func (r *Region) Overlapping(o *Region) *Region { return selectBy(r, o, relOverlap, true) }

// NotOverlapping returns the polygons of r that share no area with o.
func (r *Region) NotOverlapping(o *Region) *Region { return selectBy(r, o, relOverlap, false) }

// Inside returns the polygons of r that lie within o.
func (r *Region) Inside(o *Region) *Region { return selectBy(r, o, relInside, true) }

// NotInside returns the polygons of r that do not lie within o.
func (r *Region) NotInside(o *Region) *Region { return selectBy(r, o, relInside, false) }

// Outside returns the polygons of r that share no area with o (they may
// touch it).
func (r *Region) Outside(o *Region) *Region { return selectBy(r, o, relOverlap, false) }

// NotOutside returns the polygons of r that share area with o.
func (r *Region) NotOutside(o *Region) *Region { return selectBy(r, o, relOverlap, true) }

func selectBy(r, o *Region, rel relation, want bool) *Region {
	a := r.Merged()
	out := &Region{merged: true}
	if a.IsEmpty() {
		return out
	}
	if o == nil {
		o = &Region{}
	}
	o = o.Merged()
	na, nb := a.Len(), o.Len()
	boxes := make([]Box, na+nb)
	for i := 0; i < na; i++ {
		boxes[i] = a.PolygonBBox(i)
	}
	for i := 0; i < nb; i++ {
		boxes[na+i] = o.PolygonBBox(i)
	}
	job := &opJob{a: a, b: o, na: na}
	job.cl = makeClusters(boxes)
	parts := runChunks(job.cl.len(), job.cost, func(w *worker, k int, dst *Region) {
		var bs []int32
		members := job.cl.members(k)
		for _, g := range members {
			if int(g) >= na {
				bs = append(bs, g-int32(na))
			}
		}
		for _, g := range members {
			if int(g) >= na {
				continue
			}
			i := int(g)
			has := w.relate(a, i, o, bs, boxes[i], boxes[na:], rel)
			if has == want {
				s, e := a.ringRange(i)
				for k := s; k < e; k++ {
					dst.appendRing(a.ring(k))
				}
				dst.closePolygon()
			}
		}
	})
	out.concat(parts)
	return out
}

// relate tests polygon i of a against the candidate polygons cand of b.
func (w *worker) relate(a *Region, i int, b *Region, cand []int32, box Box, bboxes []Box, rel relation) bool {
	var near []int32
	for _, j := range cand {
		if boxesTouch(box, bboxes[j]) {
			near = append(near, j)
		}
	}
	if len(near) == 0 {
		return false
	}
	switch rel {
	case relInside:
		// Nothing of the polygon may be left outside b.
		return w.polygonOp(a, i, b, near, InsideNot).IsEmpty()
	case relOverlap:
		return !w.polygonOp(a, i, b, near, InsideAnd).IsEmpty()
	}
	if w.edgesTouch(a, i, b, near) {
		return true
	}
	return !w.polygonOp(a, i, b, near, InsideAnd).IsEmpty()
}

// polygonOp runs a boolean of polygon i of a against the polygons near of b.
func (w *worker) polygonOp(a *Region, i int, b *Region, near []int32, in Inside) *Region {
	w.sw.ed = w.sw.ed[:0]
	w.kin, w.kop = w.kin[:0], w.kop[:0]
	manh := true
	s, e := a.ringRange(i)
	for k := s; k < e; k++ {
		manh = w.addRing(a.ring(k), 0) && manh
	}
	for _, j := range near {
		s, e := b.ringRange(int(j))
		for k := s; k < e; k++ {
			manh = w.addRing(b.ring(k), 1) && manh
		}
	}
	// Both regions are merged: every point is covered at most once by each.
	w.npred = predicate{inside: in}
	var res Region
	w.sweepAndEmit(manh, &w.npred, &res)
	return &res
}

// edgesTouch reports whether an edge of polygon i of a and an edge of one of
// the polygons near of b share a point.
func (w *worker) edgesTouch(a *Region, i int, b *Region, near []int32) bool {
	s, e := a.ringRange(i)
	for k := s; k < e; k++ {
		pa := a.ring(k)
		for _, j := range near {
			sb, eb := b.ringRange(int(j))
			for kb := sb; kb < eb; kb++ {
				if ringsTouch(pa, b.ring(kb)) {
					return true
				}
			}
		}
	}
	return false
}

func ringsTouch(p, q []Point) bool {
	np, nq := len(p), len(q)
	for x := 0; x < np; x++ {
		a0, a1 := p[x], p[(x+1)%np]
		for y := 0; y < nq; y++ {
			if segmentsTouch(a0, a1, q[y], q[(y+1)%nq]) {
				return true
			}
		}
	}
	return false
}
