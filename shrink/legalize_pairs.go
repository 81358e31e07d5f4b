package shrink

import (
	"sort"
)

// lcons is one constraint of a pass between edges a and b:
//
//	u_b - u_a >= lo (hard: never broken)
//	u_b - u_a >= fix (soft, when fix > d0: the rule to meet)
//
// d0 is u_b - u_a before the pass. eq marks an equality (the two edges
// move together).
type lcons struct {
	a, b  int32
	d0    int64
	lo    int64
	fix   int64
	class string
	// hasFix says whether fix applies (only while it is not met).
	hasFix bool
	eq     bool
}

// pairer finds the constraints of one pass.
type pairer struct {
	lr    *legalRules
	g     *lgeom
	grid  int64
	ypass bool
	edges []ledge
	// byLayer lists edge indices per layer, sorted by u.
	byLayer [][]int32
	out     []lcons
}

// constraints returns every constraint of a pass between edges closer than
// their rule target plus the move bound of both layers.
func (m *Migrator) constraints(lr *legalRules, g *lgeom, edges []ledge, ypass bool) []lcons {
	p := &pairer{lr: lr, g: g, grid: m.grid, ypass: ypass, edges: edges, byLayer: make([][]int32, len(lr.layers))}
	for i := range edges {
		p.byLayer[edges[i].layer] = append(p.byLayer[edges[i].layer], int32(i))
	}
	for _, l := range p.byLayer {
		sort.Slice(l, func(i, j int) bool { return edges[l[i]].u < edges[l[j]].u })
	}
	g.limitByTexts(edges, p.byLayer, ypass)
	p.jogs()
	for a := range lr.layers {
		for b := a; b < len(lr.layers); b++ {
			if len(p.byLayer[a]) == 0 || len(p.byLayer[b]) == 0 || !lr.isRelated(a, b) {
				continue
			}
			p.layerPair(a, b)
		}
	}
	return p.out
}

// jogs keeps the order of the two pass edges at the ends of every edge
// across the pass (no polygon turns inside out).
func (p *pairer) jogs() {
	idx := map[[4]int32]int32{}
	for i, e := range p.edges {
		idx[[4]int32{e.layer, e.poly, e.ring, e.idx}] = int32(i)
	}
	for i, e := range p.edges {
		if e.poly < 0 {
			continue
		}
		ring := p.g.polys[e.layer][e.poly].rings[e.ring]
		n := int32(len(ring))
		// The edge after the next one is the next pass edge.
		j, ok := idx[[4]int32{e.layer, e.poly, e.ring, (e.idx + 2) % n}]
		if !ok {
			continue
		}
		f := p.edges[j]
		if f.u > e.u {
			p.add(lcons{a: int32(i), b: j, d0: int64(f.u - e.u), lo: p.grid})
		} else {
			p.add(lcons{a: j, b: int32(i), d0: int64(e.u - f.u), lo: p.grid})
		}
	}
}

func (p *pairer) add(c lcons) {
	c.lo = min(c.lo, c.d0)
	if c.hasFix && c.fix <= c.d0 {
		c.lo = max(c.lo, c.fix)
		c.hasFix = false
	}
	if !c.hasFix {
		c.fix, c.class = 0, ""
	}
	p.out = append(p.out, c)
}

// layerPair adds the constraints between the edges of layers a and b
// (a <= b).
func (p *pairer) layerPair(la, lb int) {
	reach := int64(0)
	for _, k := range []pairKind{kindInside, kindOutside, kindEnclose} {
		for _, ab := range [][2]int{{la, lb}, {lb, la}} {
			if t, ok := p.lr.target(ab[0], ab[1], k); ok {
				reach = max(reach, t.fix, t.keep)
			}
		}
	}
	reach += p.lr.reach[la] + p.lr.reach[lb] + 2*p.grid
	A, B := p.byLayer[la], p.byLayer[lb]
	for ai, i := range A {
		ei := &p.edges[i]
		var js []int32
		if la == lb {
			js = A[ai+1:]
		} else {
			lo := sort.Search(len(B), func(k int) bool { return int64(p.edges[B[k]].u) >= int64(ei.u)-reach })
			js = B[lo:]
		}
		for _, j := range js {
			ej := &p.edges[j]
			if int64(ej.u)-int64(ei.u) > reach {
				break
			}
			if ej.u < ei.u || ej.u == ei.u && la != lb && j < i {
				p.pair(j, i)
			} else {
				p.pair(i, j)
			}
		}
	}
}

// pair adds the constraint between edges l and r, l not right of r.
func (p *pairer) pair(l, r int32) {
	el, er := &p.edges[l], &p.edges[r]
	la, lb := int(el.layer), int(er.layer)
	d0 := int64(er.u) - int64(el.u)
	ov := int64(min(el.v1, er.v1)) - int64(max(el.v0, er.v0))
	g := p.grid
	if ov <= 0 {
		p.corner(l, r, d0, -ov)
		return
	}
	if !p.visible(l, r) {
		return
	}
	switch {
	case el.side == er.side:
		if la == lb {
			return
		}
		p.enclose(l, r, d0)
	case d0 == 0:
		if la != lb {
			p.add(lcons{a: l, b: r, d0: 0, eq: true})
		}
	case el.side > 0: // inside of l's polygon and of r's
		if la == lb {
			t, _ := p.lr.target(la, la, kindInside)
			c := lcons{a: l, b: r, d0: d0, lo: max(g, t.keep)}
			if t.fix > 0 {
				c.fix, c.class, c.hasFix = t.fix, t.class, true
			}
			if p.ypass && el.poly == er.poly && el.poly >= 0 && p.lr.area[la] > 0 && p.g.polys[la][el.poly].rect {
				w := int64(el.v1) - int64(el.v0)
				need := ceilTo((p.lr.area[la]+w-1)/w, g)
				if need > max(c.fix, d0) {
					c.fix, c.class, c.hasFix = need, "area", true
				}
			}
			p.add(c)
			return
		}
		p.add(lcons{a: l, b: r, d0: d0, lo: g}) // overlap kept
	default: // outside of both
		t1, _ := p.lr.target(la, lb, kindOutside)
		t2, _ := p.lr.target(lb, la, kindOutside)
		c := lcons{a: l, b: r, d0: d0, lo: max(g, t1.keep, t2.keep)}
		if f := max(t1.fix, t2.fix); f > 0 {
			c.fix, c.class, c.hasFix = f, t1.class, true
			if t2.fix > t1.fix {
				c.class = t2.class
			}
		}
		p.add(c)
	}
}

// enclose adds the constraint between same-side edges of two layers: the
// outer one stays beyond the inner one by the enclosure or extension.
func (p *pairer) enclose(l, r int32, d0 int64) {
	el, er := &p.edges[l], &p.edges[r]
	la, lb := int(el.layer), int(er.layer)
	t1, ok1 := p.lr.target(la, lb, kindEnclose) // l inner, r outer
	t2, ok2 := p.lr.target(lb, la, kindEnclose) // r inner, l outer
	// Geometric outer: the left edge for polygons on the +u side.
	lOuter := el.side > 0
	switch {
	case ok1 && !ok2:
		lOuter = false
	case ok2 && !ok1:
		lOuter = true
	case d0 == 0:
		p.add(lcons{a: l, b: r, d0: 0, eq: true})
		return
	}
	t := t1
	if lOuter {
		t = t2
	}
	if !ok1 && !ok2 {
		t = legalTarget{fix: -1}
	}
	// Outward distance of the outer edge beyond the inner one.
	var a, b int32
	if lOuter == (el.side > 0) {
		// outer on the left with polygons on +u, or outer on the right
		// with polygons on -u: u_inner - u_outer or u_outer - u_inner is
		// u_r - u_l.
		a, b = l, r
	} else {
		a, b = r, l
	}
	d := int64(p.edges[b].u) - int64(p.edges[a].u)
	c := lcons{a: a, b: b, d0: d, lo: t.keep}
	if t.fix >= 0 && t.class != "" {
		c.fix, c.class, c.hasFix = t.fix, t.class, true
	}
	p.add(c)
}

// encloseCorner keeps an inner edge that lies beyond the end of an outer
// edge of the same side (projections dy apart) inside it by the Euclidean
// enclosure: sliding past the end would make the inner edge face the outer
// polygon's next edge, closer.
func (p *pairer) encloseCorner(l, r int32, dy int64) {
	el, er := &p.edges[l], &p.edges[r]
	la, lb := int(el.layer), int(er.layer)
	t1, ok1 := p.lr.target(la, lb, kindEnclose) // l inner, r outer
	t2, ok2 := p.lr.target(lb, la, kindEnclose) // r inner, l outer
	if ok1 == ok2 {
		return
	}
	t, lOuter := t1, false
	if ok2 {
		t, lOuter = t2, true
	}
	a, b := l, r
	if lOuter != (el.side > 0) {
		a, b = r, l
	}
	d := int64(p.edges[b].u) - int64(p.edges[a].u)
	ct := cornerTarget(max(t.keep, t.fix), dy, p.grid)
	if d < 0 || ct == 0 {
		return
	}
	p.add(lcons{a: a, b: b, d0: d, lo: ct})
}

// corner adds the constraint between edges whose projections do not
// overlap (dy apart across the pass): the Euclidean space or width.
func (p *pairer) corner(l, r int32, d0, dy int64) {
	el, er := &p.edges[l], &p.edges[r]
	la, lb := int(el.layer), int(er.layer)
	g := p.grid
	if el.side == er.side {
		if la != lb {
			p.encloseCorner(l, r, dy)
		}
		return
	}
	var t legalTarget
	if el.side > 0 { // inside both
		if la != lb {
			if dy == 0 && d0 > 0 {
				p.add(lcons{a: l, b: r, d0: d0, lo: g}) // touching along a segment
			}
			return
		}
		t, _ = p.lr.target(la, la, kindInside)
	} else {
		t1, _ := p.lr.target(la, lb, kindOutside)
		t2, _ := p.lr.target(lb, la, kindOutside)
		t = t1
		if t2.fix > t.fix || t2.fix == t.fix && t2.keep > t.keep {
			t = t2
		}
		t.keep = max(t1.keep, t2.keep)
	}
	c := lcons{a: l, b: r, d0: d0}
	if dy == 0 {
		c.lo = g
	}
	c.lo = max(c.lo, cornerTarget(t.keep, dy, g))
	if t.fix > 0 {
		if f := cornerTarget(t.fix, dy, g); f > 0 {
			c.fix, c.class, c.hasFix = f, t.class, true
		}
	}
	if c.lo == 0 && !c.hasFix {
		return
	}
	p.add(c)
}

// visible reports whether part of the common projection of edges l and r
// is not hidden by an edge of either layer strictly between them.
func (p *pairer) visible(l, r int32) bool {
	el, er := &p.edges[l], &p.edges[r]
	v0, v1 := max(el.v0, er.v0), min(el.v1, er.v1)
	if el.u == er.u {
		return true
	}
	var iv [][2]int32
	for _, layer := range []int32{el.layer, er.layer} {
		list := p.byLayer[layer]
		k := sort.Search(len(list), func(k int) bool { return p.edges[list[k]].u > el.u })
		for ; k < len(list); k++ {
			e := &p.edges[list[k]]
			if e.u >= er.u {
				break
			}
			if e.v1 > v0 && e.v0 < v1 {
				iv = append(iv, [2]int32{max(e.v0, v0), min(e.v1, v1)})
			}
		}
		if el.layer == er.layer {
			break
		}
	}
	if len(iv) == 0 {
		return true
	}
	sort.Slice(iv, func(i, j int) bool { return iv[i][0] < iv[j][0] })
	at := v0
	for _, x := range iv {
		if x[0] > at {
			return true
		}
		at = max(at, x[1])
	}
	return at < v1
}
