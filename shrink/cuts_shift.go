package shrink

import (
	"math"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// cutCost is what placing a cut at one position costs: the worst
// enclosure level over its landings, the summed deficit (enclosures that
// come too close to other nets, separation rules of the cut) in database
// units, and the area the enclosures add.
type cutCost struct {
	level   int
	deficit float64
	area    int64
}

func (c cutCost) clean() bool { return c.level == 0 && c.deficit == 0 }

func (c cutCost) better(o cutCost) bool {
	if c.level != o.level {
		return c.level < o.level
	}
	return c.deficit < o.deficit
}

// cost scores cut q of group g against the enclosure contexts of its
// landing layers.
func (p *cutPlan) cost(q layout.Box, g *cutGroup, ecs []*encloseCtx) cutCost {
	var c cutCost
	for _, ec := range ecs {
		ch := p.chooseEnclosure(q, ec)
		c.level = max(c.level, ch.level)
		c.deficit += ch.deficit
		c.area += ch.area
	}
	qr := boxRegion(q)
	for _, k := range g.seps {
		sp := p.cr.seps[k]
		pl := p.sepLayer(sp.other)
		if pl == nil {
			continue
		}
		near := region.New()
		for _, j := range pl.near(grow(q, sp.v, sp.v, sp.v, sp.v)) {
			near.AddRegion(pl.poly(j))
		}
		if near.IsEmpty() {
			continue
		}
		c.deficit += math.Max(0, float64(sp.v)-minDistWithin(qr, near.Merged(), sp.v))
	}
	return c
}

// sepLayer returns the indexed layer of a separation rule's other layer
// (nil if it cannot be evaluated).
func (p *cutPlan) sepLayer(name string) *polyLayer {
	if pl, ok := p.sepLayers[name]; ok {
		return pl
	}
	r, err := p.le.layer(name)
	var pl *polyLayer
	if err == nil {
		pl = newPolyLayer(name, layout.LayerKey{}, r)
	}
	p.sepLayers[name] = pl
	return pl
}

// settle moves cut k of group g, when its position costs something, to the
// nearest position within the largest enclosure distance that costs less:
// it still lands on its own polygons only and keeps the cut spacing to all
// other cuts (boxes, self its own index there).
func (p *cutPlan) settle(g *cutGroup, k int, gr []*growth, boxes []layout.Box, self int) layout.Box {
	q := g.squares[k]
	var reach int64
	for _, e := range p.cr.encl {
		reach = max(reach, e.v)
	}
	maxSteps := min(max(reach/p.g, 1), 32)
	var ecs []*encloseCtx
	win := grow(q, maxSteps*p.g, maxSteps*p.g, maxSteps*p.g, maxSteps*p.g)
	for li := range p.layers {
		if len(g.land[li]) > 0 {
			ecs = append(ecs, p.encloseContext(win, g, li, gr))
		}
	}
	best := p.cost(q, g, ecs)
	if best.clean() {
		return q
	}
	// Look as far as the deficit asks (and the enclosures reach).
	steps := min(maxSteps, int64(math.Ceil(best.deficit/float64(p.g)))+1)
	if best.level == 2 {
		steps = maxSteps
	}
	sp2 := p.cr.space * p.cr.space
	bestQ := q
	dirs := [8][2]int64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, 1}, {1, -1}, {-1, -1}}
	for r := int64(1); r <= steps && !best.clean(); r++ {
		for _, d := range dirs {
			dx, dy := d[0]*r*p.g, d[1]*r*p.g
			c := grow(q, -dx, -dy, dx, dy)
			if !p.valid(c, g) {
				continue
			}
			ok := true
			for i, b := range boxes {
				if i != self && boxDist2(c, b) < sp2 {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			if cc := p.cost(c, g, ecs); cc.better(best) {
				best, bestQ = cc, c
			}
		}
	}
	return bestQ
}
