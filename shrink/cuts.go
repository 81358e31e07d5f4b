package shrink

import (
	"fmt"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// retargetCuts is the cuts transform for one cell (mapped, scaled and
// snapped): every cut of the retargeted layers becomes exact squares of the
// target's cut size on the grid, arrays re-pitched to the target spacing,
// and the layers each cut lands on grow to the target's enclosures. See
// the package documentation.
func (m *Migrator) retargetCuts(nc *layout.Cell, t *rules.Transform, st *CellStats) error {
	crs, err := m.cutLayers(t)
	if err != nil {
		return err
	}
	for _, cr := range crs {
		if nc.Layers[cr.key] == nil {
			continue
		}
		// Each cut layer sees the cell as the previous one left it.
		le := newLayerEval(m, nc)
		p, err := m.newCutPlan(nc, le, cr)
		if err != nil {
			return fmt.Errorf("cuts %s: %w", cr.cut, err)
		}
		if len(p.items) == 0 {
			continue
		}
		p.place()
		gr, grown := p.enclose()
		p.apply(nc, gr, st)
		st.addFix("enclosure", grown)
	}
	return nil
}

// apply writes the placed cuts and the grown layers into the cell. A layer
// with nothing to change keeps its shapes as they were.
func (p *cutPlan) apply(nc *layout.Cell, gr []*growth, st *CellStats) {
	changed := 0
	var moves []float64
	for _, g := range p.groups {
		if g.keep || len(g.members) == 1 && p.items[g.members[0]].exact && len(g.squares) == 1 && g.squares[0] == p.items[g.members[0]].box {
			continue
		}
		changed += len(g.members)
		for _, q := range g.squares {
			moves = append(moves, p.m.um(p.displacement(q, g)))
		}
	}
	if changed > 0 {
		old := nc.Layers[p.cr.key]
		ns := &layout.Shapes{Nodes: old.Nodes, Texts: old.Texts}
		kept := region.New()
		for _, g := range p.groups {
			if g.keep {
				for _, i := range g.members {
					kept.AddRegion(p.cuts.poly(p.items[i].poly))
				}
				continue
			}
			for _, q := range g.squares {
				ns.Polygons.Add([]layout.Point{q.Min, {X: q.Min.X, Y: q.Max.Y}, q.Max, {X: q.Max.X, Y: q.Min.Y}}, nil)
			}
		}
		kept.AppendTo(ns)
		nc.Layers[p.cr.key] = ns
		st.addFix("cut", changed)
		for _, d := range moves {
			st.addMoves(4, d)
		}
	}
	for li, g := range gr {
		if g == nil || g.r.IsEmpty() {
			continue
		}
		pl := p.layers[li]
		old := nc.Layers[pl.key]
		ns := &layout.Shapes{}
		if old != nil {
			ns.Nodes, ns.Texts = old.Nodes, old.Texts
		}
		pl.r.Or(g.r).AppendTo(ns)
		nc.Layers[pl.key] = ns
		for _, part := range g.parts {
			st.addMoves(part.r.NumPoints(), p.m.um(part.ext))
		}
	}
}

// displacement is how far the edges of cut q lie from those of the nearest
// drawn cut of its group, in database units.
func (p *cutPlan) displacement(q layout.Box, g *cutGroup) int64 {
	best := int64(-1)
	for _, i := range g.members {
		b := p.items[i].box
		d := max(abs64(int64(q.Min.X)-int64(b.Min.X)), abs64(int64(q.Min.Y)-int64(b.Min.Y)),
			abs64(int64(q.Max.X)-int64(b.Max.X)), abs64(int64(q.Max.Y)-int64(b.Max.Y)))
		if best < 0 || d < best {
			best = d
		}
	}
	return max(best, 0)
}
