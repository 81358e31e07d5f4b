package shrink

import (
	"fmt"
	"math"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// railPlan is the recipe's rails, bands and keep-outs in target database
// units.
type railPlan struct {
	rails   []railDBU
	bands   []bandDBU
	keepout []keepoutDBU
}

// keepoutDBU is a layer's distance from the outline's bottom and top edges
// (d) and from its sides (sides), 0 for none.
type keepoutDBU struct {
	key      layout.LayerKey
	d, sides int64
}

// railDBU is one rail: its layers, its cut row (nil: none), the pin and
// label layers (nil: none; pin nil also when the pin layer has no pin
// purpose) and where the label goes right of the outline's left edge.
type railDBU struct {
	spec        *rules.Rail
	layers      []railLayerDBU
	cut         *cutRowDBU
	pin, label  *layout.LayerKey
	labelOffset int64
}

type railLayerDBU struct {
	key  layout.LayerKey
	half int64 // half the rail width
}

// cutRowDBU is a rail's cut row; space is the cut layer's minimum spacing,
// which rail cuts keep from the cell's own cuts.
type cutRowDBU struct {
	key                        layout.LayerKey
	size, pitch, offset, space int64
}

// bandDBU is one band (see rules.Band), lengths relative to the outline's
// bottom edge.
type bandDBU struct {
	key              layout.LayerKey
	from, to, extend int64
	reach            int64 // 0: the whole width
	// clipLo and clipHi bound the cell's own shapes in y when clipped.
	clipLo, clipHi int64
	clipped        bool
	except         rules.Expr
	// close is half the layer's minimum spacing when gaps narrower than
	// it are to be filled (0: no closing).
	close int64
	line  int
}

// railPlan converts the recipe's rails and bands to database units (per
// cell: it is a few numbers). Every length must land the shapes on the
// target grid: rail widths and cut sizes are even multiples of it (they are
// centred on the row edge), the other values multiples of it.
func (m *Migrator) railPlan() (*railPlan, error) {
	p := &m.recipe.Placement
	file := m.recipe.File
	// onGrid converts um to database units, a multiple of steps grid
	// steps.
	onGrid := func(um float64, steps int64, line int, what string) (int64, error) {
		d := rules.ToDBU(um, m.tgt.DBU)
		if math.Abs(float64(d)*m.tgt.DBU-um) > 1e-9 || d%(steps*m.grid) != 0 {
			return 0, fmt.Errorf("%s:%d: placement: %s %g µm is not a multiple of %g µm (%d target grid steps)",
				file, line, what, um, float64(steps)*m.tgt.Grid, steps)
		}
		return d, nil
	}
	key := func(g rules.GDSLayer) layout.LayerKey { return layout.LayerKey{Layer: g.Layer, Datatype: g.Datatype} }
	plan := &railPlan{}
	for _, r := range p.Rails {
		rd := railDBU{spec: r, labelOffset: m.siteW / 2}
		for _, l := range r.Layers {
			w, err := onGrid(l.Width, 2, l.Line, "rail width of "+l.Layer)
			if err != nil {
				return nil, err
			}
			rd.layers = append(rd.layers, railLayerDBU{key: key(m.tgt.Layer(l.Layer).Drawing), half: w / 2})
		}
		if c := r.Cuts; c != nil {
			cr := &cutRowDBU{key: key(m.tgt.Layer(c.Layer).Drawing)}
			var err error
			if cr.size, err = onGrid(c.Size, 2, c.Line, "cut size"); err != nil {
				return nil, err
			}
			if cr.pitch, err = onGrid(c.Pitch, 1, c.Line, "cut pitch"); err != nil {
				return nil, err
			}
			if cr.offset, err = onGrid(c.Offset, 1, c.Line, "cut offset"); err != nil {
				return nil, err
			}
			for _, rule := range m.tgt.Rules {
				if rule.Check == rules.Space && rule.Layer == c.Layer {
					cr.space = max(cr.space, rules.ToDBU(rule.Value, m.tgt.DBU))
				}
			}
			rd.cut = cr
			rd.labelOffset = cr.offset + cr.size/2
		}
		if r.Pin != "" {
			l := m.tgt.Layer(r.Pin)
			pin, label := key(l.Drawing), key(l.Drawing)
			if l.Pin != nil {
				pin = key(*l.Pin)
				label = pin
			}
			if l.Label != nil {
				label = key(*l.Label)
			}
			if pin != key(l.Drawing) {
				rd.pin = &pin
			}
			rd.label = &label
		}
		plan.rails = append(plan.rails, rd)
	}
	for _, k := range p.Keepout {
		d, err := onGrid(k.Distance, 1, k.Line, "keepout of "+k.Layer)
		if err != nil {
			return nil, err
		}
		sides, err := onGrid(k.Sides, 1, k.Line, "side keepout of "+k.Layer)
		if err != nil {
			return nil, err
		}
		plan.keepout = append(plan.keepout, keepoutDBU{key: key(m.tgt.Layer(k.Layer).Drawing), d: d, sides: sides})
	}
	for _, b := range p.Bands {
		bd := bandDBU{key: key(m.tgt.Layer(b.Layer).Drawing), except: b.Except, line: b.Line}
		var err error
		if bd.from, err = onGrid(b.From, 1, b.Line, "band "+b.Layer+" from"); err != nil {
			return nil, err
		}
		if bd.to, err = onGrid(b.To, 1, b.Line, "band "+b.Layer+" to"); err != nil {
			return nil, err
		}
		if bd.extend, err = onGrid(b.Extend, 1, b.Line, "band "+b.Layer+" extend"); err != nil {
			return nil, err
		}
		if bd.reach, err = onGrid(b.Reach, 1, b.Line, "band "+b.Layer+" reach"); err != nil {
			return nil, err
		}
		if b.Close {
			for _, rule := range m.tgt.Rules {
				if (rule.Check == rules.Space || rule.Check == rules.Notch) && rule.Layer == b.Layer {
					bd.close = max(bd.close, rules.ToDBU(rule.Value, m.tgt.DBU)/2/m.grid*m.grid)
				}
			}
			if bd.close == 0 {
				return nil, fmt.Errorf("%s:%d: placement: band %s: close: the target technology has no spacing rule for %s", file, b.Line, b.Layer, b.Layer)
			}
		}
		if b.Clip != nil {
			bd.clipped = true
			if bd.clipLo, err = onGrid(b.Clip[0], 1, b.Line, "band "+b.Layer+" clip"); err != nil {
				return nil, err
			}
			if bd.clipHi, err = onGrid(b.Clip[1], 1, b.Line, "band "+b.Layer+" clip"); err != nil {
				return nil, err
			}
		}
		plan.bands = append(plan.bands, bd)
	}
	return plan, nil
}
