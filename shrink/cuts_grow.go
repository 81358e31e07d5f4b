package shrink

import (
	"math"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// growth is what the enclosure step adds to one landing layer.
type growth struct {
	r     *region.Region // everything added to the layer
	parts []grownPart
}

// grownPart is one added piece and the landing polygons it belongs to.
type grownPart struct {
	r   *region.Region
	box layout.Box
	own []int
	ext int64 // the largest enclosure of the option taken
}

// encloseOption is one choice of enclosure around a cut: left, bottom,
// right and top.
type encloseOption [4]int64

// enclose grows every landing layer around every placed cut to the
// enclosures the rules ask for (adjacent-sides rules: the opposite pair
// already satisfied or adding least area, clear of other nets first), and
// covers each cut by each layer it lands on. It returns the growth by
// layer index (nil where nothing is added) and the number of cuts grown.
func (p *cutPlan) enclose() ([]*growth, int) {
	gr := make([]*growth, len(p.layers))
	n := 0
	// Every cut as placed, for the spacing of the ones that move.
	var boxes []layout.Box
	first := make([]int, len(p.groups))
	for gi, g := range p.groups {
		first[gi] = len(boxes)
		if g.keep {
			for _, i := range g.members {
				boxes = append(boxes, p.items[i].box)
			}
			continue
		}
		boxes = append(boxes, g.squares...)
	}
	for gi, g := range p.groups {
		squares := g.squares
		if g.keep {
			squares = nil
			for _, i := range g.members {
				squares = append(squares, p.items[i].box)
			}
		}
		for k, q := range squares {
			if !g.keep {
				q = p.settle(g, k, gr, boxes, first[gi]+k)
				g.squares[k] = q
				boxes[first[gi]+k] = q
			}
			grown := false
			for li := range p.layers {
				if len(g.land[li]) == 0 {
					continue
				}
				if p.encloseOne(q, g, li, gr) {
					grown = true
				}
			}
			if grown {
				n++
			}
		}
	}
	return gr, n
}

// encloseCtx is what the enclosure of one landing layer around the cuts
// of one group is measured against, within a window: the landing (with
// its growth so far), the other nets on the layer and the other lower
// conductors, and the enclosure options the rules allow.
type encloseCtx struct {
	li          int
	ownR        *region.Region
	same, other *region.Region
	spc, sep    int64
	halo        int64
	opts        []encloseOption
	keeps       []keepRule
	zone        *layout.Box // where growth may go (keep-outs), nil: anywhere
}

// keepRule is a rule of the grown layer itself against another layer that
// growth must not break (or break further): an implant enclosing the
// diffusion (inside), an n+ diffusion kept from the N-well (separation).
type keepRule struct {
	x      *region.Region // the other layer, near the cut
	v      int64
	inside bool
}

// encloseContext prepares the enclosure of layer li for group g around
// the cuts inside window.
func (p *cutPlan) encloseContext(window layout.Box, g *cutGroup, li int, gr []*growth) *encloseCtx {
	pl := p.layers[li]
	var v, a int64 // plain and adjacent-sides enclosures
	for _, k := range g.encl {
		e := p.cr.encl[k]
		if e.outer != pl.name {
			continue
		}
		if e.adjacent {
			a = max(a, e.v)
		} else {
			v = max(v, e.v)
		}
	}
	ec := &encloseCtx{li: li, opts: []encloseOption{{v, v, v, v}}, spc: p.m.layerSpace(pl.name)}
	if z, ok := p.zones[pl.name]; ok {
		ec.zone = &z
	}
	if a > v {
		ec.opts = []encloseOption{{a, v, a, v}, {v, a, v, a}}
	}
	ec.halo = max(ec.spc, p.g)
	reach := max(a, v) + ec.halo
	win := grow(window, reach, reach, reach, reach)
	own := g.land[li]
	ownR := region.New()
	for _, j := range own {
		ownR.AddRegion(pl.poly(j))
	}
	if gr[li] != nil {
		for _, part := range gr[li].parts {
			if intersects(part.own, own) {
				ownR.AddRegion(part.r)
			}
		}
	}
	ec.ownR = ownR.Merged()
	ec.same, ec.other = p.blockers(win, li, g.land, gr)
	ec.sep = p.m.layerSep(pl.name, p.otherLowerNames(li))
	ec.keeps = p.keepRules(win, li, ec.ownR)
	return ec
}

// chooseEnclosure picks the enclosure around cut q: the option with the
// lowest level, then the smallest deficit, then the least added area
// (first option on ties).
func (p *cutPlan) chooseEnclosure(q layout.Box, ec *encloseCtx) *encloseChoice {
	var best *encloseChoice
	for oi, o := range ec.opts {
		c := p.scoreOption(grow(q, o[0], o[1], o[2], o[3]), ec)
		c.index = oi
		if best == nil || c.better(best) {
			best = c
		}
	}
	return best
}

// encloseOne grows layer li around cut q of group g; it reports whether
// anything was added.
func (p *cutPlan) encloseOne(q layout.Box, g *cutGroup, li int, gr []*growth) bool {
	own := g.land[li]
	ec := p.encloseContext(q, g, li, gr)
	best := p.chooseEnclosure(q, ec)
	spc, halo, ownR := ec.spc, ec.halo, ec.ownR
	need := best.need
	if best.level == 2 {
		// Keep clear of the other nets; the cut itself stays covered.
		need = need.Not(ec.same.Sized(int32(halo))).Not(ec.other).Or(boxRegion(q).Not(ownR))
	}
	if !need.IsEmpty() && spc > 1 {
		// Close the notches the growth makes in its own polygon (a jog
		// next to a line end or a rail), as far as the other nets allow.
		h := int32(spc / 2)
		win := boxRegion(grow(best.box, spc, spc, spc, spc))
		all := ownR.Or(need)
		fill := all.Sized(h).Sized(-h).Not(all).And(win)
		if ec.zone != nil {
			fill = fill.And(boxRegion(*ec.zone))
		}
		if !fill.IsEmpty() {
			// As close to other nets as the growth itself comes, no closer.
			clip := halo
			if !ec.same.IsEmpty() {
				d := minDistWithin(ownR.Or(need).And(win), ec.same, halo)
				clip = max(min(halo, int64(math.Floor(d))), 1)
			}
			fill = fill.Not(ec.same.Sized(int32(clip)))
			if !ec.other.IsEmpty() {
				fill = fill.Not(ec.other.Sized(int32(max(ec.sep, p.g))))
			}
			need = need.Or(fill)
		}
	}
	if need.IsEmpty() {
		return false
	}
	if gr[li] == nil {
		gr[li] = &growth{r: region.New()}
	}
	gr[li].r = gr[li].r.Or(need)
	o := ec.opts[best.index]
	gr[li].parts = append(gr[li].parts, grownPart{r: need, box: need.BBox(), own: own, ext: max(o[0], o[1], o[2], o[3])})
	return true
}

// blockers returns, in window, the polygons of other nets on layer li
// (drawn, or added by the growth of other nets' cuts) and, for a lower
// conductor, the polygons of the other lower conductors the group does not
// land on (growing diffusion into poly would make a transistor).
func (p *cutPlan) blockers(win layout.Box, li int, land [][]int, gr []*growth) (same, other *region.Region) {
	pl := p.layers[li]
	own := land[li]
	same = region.New()
	for _, j := range pl.near(win) {
		if !containsInt(own, j) {
			same.AddRegion(pl.poly(j))
		}
	}
	if gr[li] != nil {
		for _, part := range gr[li].parts {
			if !intersects(part.own, own) && boxesTouch(part.box, win) {
				same.AddRegion(part.r)
			}
		}
	}
	other = region.New()
	if p.lower[li] {
		for lj, ol := range p.layers {
			if lj == li || !p.lower[lj] {
				continue
			}
			for _, j := range ol.near(win) {
				if !containsInt(land[lj], j) {
					other.AddRegion(ol.poly(j))
				}
			}
		}
	}
	return same.Merged(), other.Merged()
}

func intersects(a, b []int) bool {
	for _, x := range a {
		if containsInt(b, x) {
			return true
		}
	}
	return false
}

// layerSpace returns the largest space rule on a drawn target layer, in
// database units (0 without one).
func (m *Migrator) layerSpace(name string) int64 {
	var s int64
	for _, r := range m.tgt.Rules {
		if r.Check == rules.Space && r.Layer == name {
			s = max(s, rules.ToDBU(r.Value, m.tgt.DBU))
		}
	}
	return s
}

// encloseChoice is one enclosure option around a cut, scored: level 0 is
// clean, 1 comes closer to another net (or another lower conductor) than
// the rules allow and than the landing already is, 2 touches it; deficit
// is by how much (database units), area what the option adds.
type encloseChoice struct {
	index   int
	box     layout.Box
	need    *region.Region
	level   int
	deficit float64
	area    int64
}

func (c *encloseChoice) better(o *encloseChoice) bool {
	if c.level != o.level {
		return c.level < o.level
	}
	if c.deficit != o.deficit {
		return c.deficit < o.deficit
	}
	return c.area < o.area
}

// scoreOption scores growing the landing to box b.
func (p *cutPlan) scoreOption(b layout.Box, ec *encloseCtx) *encloseChoice {
	c := &encloseChoice{box: b, need: boxRegion(b).Not(ec.ownR)}
	if c.need.IsEmpty() {
		return c
	}
	c.area = c.need.Area()
	nb := c.need.BBox()
	if !ec.same.IsEmpty() && boxesTouch(nb, ec.same.BBox()) && !c.need.Interacting(ec.same).IsEmpty() ||
		!ec.other.IsEmpty() && boxesTouch(nb, ec.other.BBox()) && c.need.And(ec.other).Area() > 0 {
		c.level = 2
		return c
	}
	// Same layer: no closer than the rule or than the landing already is
	// (scaled layouts often start below the target's spacing).
	if !ec.same.IsEmpty() && ec.spc > 0 {
		after := minDistWithin(c.need, ec.same, ec.spc)
		if after < float64(ec.spc) {
			local := ec.ownR.And(boxRegion(grow(b, ec.halo, ec.halo, ec.halo, ec.halo)))
			lim := minDistWithin(local, ec.same, ec.spc)
			c.deficit = math.Max(0, lim-after)
		}
	}
	// Other lower conductors: no closer than their separation rule (the
	// landing itself may cross them, as gate poly crosses diffusion).
	if !ec.other.IsEmpty() && ec.sep > 0 {
		c.deficit += math.Max(0, float64(ec.sep)-minDistWithin(c.need, ec.other, ec.sep))
	}
	if z := ec.zone; z != nil {
		// Into a keep-out by as much as it reaches past the zone, four
		// times over: there it meets what the next cell or row draws.
		nb := c.need.BBox()
		c.deficit += 4 * float64(max(0, int64(z.Min.X)-int64(nb.Min.X), int64(nb.Max.X)-int64(z.Max.X),
			int64(z.Min.Y)-int64(nb.Min.Y), int64(nb.Max.Y)-int64(z.Max.Y)))
	}
	if len(ec.keeps) > 0 {
		local := ec.ownR.And(boxRegion(grow(b, ec.halo, ec.halo, ec.halo, ec.halo)))
		for _, k := range ec.keeps {
			after := minDistWithin(c.need, k.x, k.v)
			if k.inside && !c.need.Not(k.x).IsEmpty() {
				after = 0
			}
			lim := math.Min(float64(k.v), minDistWithin(local, k.x, k.v))
			c.deficit += math.Max(0, lim-after)
		}
	}
	if c.deficit > 0 {
		c.level = 1
	}
	return c
}

// keepRules returns the rules of layer li's own (enclosure of it or of a
// subset of it by another layer, separation of it or a subset from another
// layer) that apply to the landing ownR, with the other layer near win.
// Separations from the other lower conductors are the blockers' part.
func (p *cutPlan) keepRules(win layout.Box, li int, ownR *region.Region) []keepRule {
	name := p.layers[li].name
	var out []keepRule
	for _, r := range p.m.tgt.Rules {
		inner, other, inside := r.Layer, r.Other, false
		switch r.Check {
		case rules.Enclosure:
			inside = true
		case rules.Separation:
			if p.m.subsetOf(inner) != name {
				inner, other = other, inner
			}
		default:
			continue
		}
		if other == "" || p.m.subsetOf(inner) != name {
			continue
		}
		if base := p.m.subsetOf(other); base == name || base == p.cr.cut {
			continue
		} else if oi, ok := p.byName[base]; ok && p.lower[oi] && p.lower[li] {
			continue
		}
		v := rules.ToDBU(r.Value, p.m.tgt.DBU)
		sub, xl := p.sepLayer(inner), p.sepLayer(other)
		if v <= 0 || sub == nil || xl == nil || !overlapsAny(sub, ownR, ownR.BBox()) {
			continue
		}
		x := region.New()
		for _, j := range xl.near(grow(win, v, v, v, v)) {
			x.AddRegion(xl.poly(j))
		}
		if x.IsEmpty() {
			continue
		}
		out = append(out, keepRule{x: x.Merged(), v: v, inside: inside})
	}
	return out
}

// otherLowerNames names the lower conductors other than layer li.
func (p *cutPlan) otherLowerNames(li int) []string {
	var out []string
	for lj, pl := range p.layers {
		if lj != li && p.lower[lj] {
			out = append(out, pl.name)
		}
	}
	return out
}

// layerSep returns the largest separation rule between layer a and any of
// others (either order), in database units.
func (m *Migrator) layerSep(a string, others []string) int64 {
	var s int64
	for _, r := range m.tgt.Rules {
		if r.Check != rules.Separation {
			continue
		}
		for _, o := range others {
			if r.Layer == a && r.Other == o || r.Layer == o && r.Other == a {
				s = max(s, rules.ToDBU(r.Value, m.tgt.DBU))
			}
		}
	}
	return s
}
