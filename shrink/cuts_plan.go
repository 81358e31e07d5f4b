package shrink

import (
	"fmt"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// cutPlan retargets one cut layer of one cell.
type cutPlan struct {
	m      *Migrator
	cr     *cutRules
	le     *layerEval
	g      int64
	cuts   *polyLayer
	layers []*polyLayer // conductors of the cut, then other outer layers of its enclosures
	byName map[string]int
	cond   []bool // layer i is a conductor the cut joins
	lower  []bool // layer i is a lower conductor
	items  []*cutItem
	// sepLayers are the other layers of separation rules, by name.
	sepLayers map[string]*polyLayer
	// zones are, by layer name, the part of a one-row cell outside the
	// recipe's keep-outs (placement.keepout), where growth may go.
	zones  map[string]layout.Box
	groups []*cutGroup
}

// cutItem is one merged polygon of the cut layer.
type cutItem struct {
	poly  int
	box   layout.Box
	size  int64 // exact size, 0 when no exact_size rule applies
	exact bool  // already a square of that size on the grid
	land  [][]int
	key   string
	encl  []int // enclosure rules (indices into cutRules.encl) that apply
	seps  []int // separation rules (indices into cutRules.seps) that apply
}

// cutGroup is a set of cuts with the same landings that become one array of
// exact cuts.
type cutGroup struct {
	members []int
	size    int64
	land    [][]int
	key     string
	encl    []int
	seps    []int
	squares []layout.Box
	keep    bool // keep the members as drawn
}

func (m *Migrator) newCutPlan(nc *layout.Cell, le *layerEval, cr *cutRules) (*cutPlan, error) {
	p := &cutPlan{m: m, cr: cr, le: le, g: m.grid, byName: map[string]int{}, sepLayers: map[string]*polyLayer{}}
	p.zones = m.keepoutZones(nc)
	cuts, err := le.layer(cr.cut)
	if err != nil {
		return nil, err
	}
	p.cuts = newPolyLayer(cr.cut, cr.key, cuts)
	add := func(name string, cond, lower bool) error {
		if i, ok := p.byName[name]; ok {
			p.cond[i] = p.cond[i] || cond
			p.lower[i] = p.lower[i] || lower
			return nil
		}
		r, err := le.layer(name)
		if err != nil {
			return err
		}
		l := m.tgt.Layer(name)
		p.byName[name] = len(p.layers)
		p.layers = append(p.layers, newPolyLayer(name, layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}, r))
		p.cond = append(p.cond, cond)
		p.lower = append(p.lower, lower)
		return nil
	}
	for _, n := range cr.lower {
		if err := add(n, true, true); err != nil {
			return nil, err
		}
	}
	for _, n := range cr.upper {
		if err := add(n, true, false); err != nil {
			return nil, err
		}
	}
	for _, e := range cr.encl {
		if err := add(e.outer, false, false); err != nil {
			return nil, err
		}
	}
	// Which subsets hold which cut.
	subsets := map[string]*polyLayer{}
	subset := func(name string) (*polyLayer, error) {
		if s, ok := subsets[name]; ok {
			return s, nil
		}
		r, err := le.layer(name)
		if err != nil {
			return nil, err
		}
		s := newPolyLayer(name, layout.LayerKey{}, r)
		subsets[name] = s
		return s, nil
	}
	for i := 0; i < cuts.Len(); i++ {
		it := &cutItem{poly: i, box: p.cuts.boxes[i], land: make([][]int, len(p.layers))}
		q := p.cuts.poly(i)
		for _, sz := range cr.sizes {
			s, err := subset(sz.layer)
			if err != nil {
				return nil, err
			}
			if overlapsAny(s, q, it.box) {
				it.size = sz.s
				break
			}
		}
		for k, e := range cr.encl {
			s, err := subset(e.inner)
			if err != nil {
				return nil, err
			}
			if overlapsAny(s, q, it.box) {
				it.encl = append(it.encl, k)
			}
		}
		for k, e := range cr.seps {
			s, err := subset(e.inner)
			if err != nil {
				return nil, err
			}
			if overlapsAny(s, q, it.box) {
				it.seps = append(it.seps, k)
			}
		}
		var key strings.Builder
		for li, pl := range p.layers {
			for _, j := range pl.near(it.box) {
				if q.And(pl.poly(j)).Area() > 0 {
					it.land[li] = append(it.land[li], j)
				}
			}
			fmt.Fprintf(&key, "%v;", it.land[li])
		}
		it.key = key.String()
		it.exact = it.size > 0 && isRect(cuts.Hull(i)) && cuts.NumHoles(i) == 0 &&
			it.box.Width() == it.size && it.box.Height() == it.size && p.onGrid(it.box)
		p.items = append(p.items, it)
	}
	return p, nil
}

// overlapsAny says whether q (with bounding box qb) shares area with a
// polygon of pl.
func overlapsAny(pl *polyLayer, q *region.Region, qb layout.Box) bool {
	for _, j := range pl.near(qb) {
		if q.And(pl.poly(j)).Area() > 0 {
			return true
		}
	}
	return false
}

func (p *cutPlan) onGrid(b layout.Box) bool {
	g := int64(p.g)
	return int64(b.Min.X)%g == 0 && int64(b.Min.Y)%g == 0 && int64(b.Max.X)%g == 0 && int64(b.Max.Y)%g == 0
}

// keepoutZones returns, for a one-row cell of a recipe that draws rails,
// the box inside each keep-out of placement.keepout: the rails step clears
// the cell's edges of these layers so that cells abut, and growth around
// cuts keeps out of them where it can.
func (m *Migrator) keepoutZones(nc *layout.Cell) map[string]layout.Box {
	if m.outline == nil || !m.recipe.Has(rules.TransformRails) || len(m.recipe.Placement.Keepout) == 0 {
		return nil
	}
	b, ok := outlineBox(nc.Layers[*m.outline])
	if !ok || b.Height() != m.rowH {
		return nil
	}
	zones := map[string]layout.Box{}
	for _, k := range m.recipe.Placement.Keepout {
		d, sd := rules.ToDBU(k.Distance, m.tgt.DBU), rules.ToDBU(k.Sides, m.tgt.DBU)
		zones[k.Layer] = grow(b, -sd, -d, -sd, -d)
	}
	return zones
}
