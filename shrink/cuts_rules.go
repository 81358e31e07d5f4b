package shrink

import (
	"fmt"

	"github.com/layoutmig/layoutmig/internal/layerexpr"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// cutRules are the target rules that shape one cut layer, in target
// database units. A rule applies to the cut layer when its layer is the cut
// or a derived subset of it (licon_nores = licon not rpm, diff_licon =
// overlapping(licon, diff)); which cuts a subset holds is decided per cell
// by evaluating it.
type cutRules struct {
	cut   string
	key   layout.LayerKey
	lower []string // conductors below, in connectivity order
	upper []string // conductors above
	sizes []cutSize
	// space is the largest space rule on the cut or a subset of it.
	space int64
	encl  []cutEnclosure
	seps  []cutSeparation
}

// cutSeparation is a separation rule between the cut (or a subset, inner)
// and another layer: where a cut may move, it keeps this distance.
type cutSeparation struct {
	id    string
	inner string
	other string
	v     int64
}

// cutSize is an exact_size rule: cuts in layer (the cut or a subset) must be
// squares of edge s.
type cutSize struct {
	id    string
	layer string
	s     int64
}

// cutEnclosure is an enclosure rule with the cut (or a subset, inner) as
// the inner layer and a drawn layer as the outer one: every side by v, or
// with adjacent, both sides of one opposite pair by v.
type cutEnclosure struct {
	id       string
	inner    string
	outer    string
	outerKey layout.LayerKey
	v        int64
	adjacent bool
}

// cutLayers returns the rules of every cut layer the transform retargets:
// t.Cuts, or every cut of the target's connectivity, in connectivity order.
func (m *Migrator) cutLayers(t *rules.Transform) ([]*cutRules, error) {
	want := map[string]bool{}
	for _, c := range t.Cuts {
		want[c] = true
	}
	var out []*cutRules
	byName := map[string]*cutRules{}
	for _, c := range m.tgt.Connections {
		if len(want) > 0 && !want[c.Cut] {
			continue
		}
		cr := byName[c.Cut]
		if cr == nil {
			l := m.tgt.Layer(c.Cut)
			if l == nil {
				return nil, fmt.Errorf("%s: cut %q is not a drawn layer", m.tgt.Name, c.Cut)
			}
			cr = &cutRules{cut: c.Cut, key: layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}}
			byName[c.Cut] = cr
			out = append(out, cr)
		}
		cr.lower = appendNew(cr.lower, c.Lower...)
		cr.upper = appendNew(cr.upper, c.Upper...)
	}
	for _, r := range m.tgt.Rules {
		if r.Check == rules.Separation {
			inner, other := r.Layer, r.Other
			if byName[m.subsetOf(inner)] == nil {
				inner, other = other, inner
			}
			if cr := byName[m.subsetOf(inner)]; cr != nil {
				cr.seps = append(cr.seps, cutSeparation{id: r.ID, inner: inner, other: other, v: rules.ToDBU(r.Value, m.tgt.DBU)})
			}
			continue
		}
		cr := byName[m.subsetOf(r.Layer)]
		if cr == nil {
			continue
		}
		v := rules.ToDBU(r.Value, m.tgt.DBU)
		switch r.Check {
		case rules.ExactSize:
			if v <= 0 || v%m.grid != 0 {
				return nil, fmt.Errorf("%s:%d: rule %s: cut size %g µm is not a positive multiple of the grid %g µm", m.tgt.File, r.Line, r.ID, r.Value, m.tgt.Grid)
			}
			cr.sizes = append(cr.sizes, cutSize{id: r.ID, layer: r.Layer, s: v})
		case rules.Space:
			cr.space = max(cr.space, v)
		case rules.Enclosure:
			ol := m.tgt.Layer(r.Other)
			if ol == nil {
				continue // a derived outer layer cannot be grown
			}
			cr.encl = append(cr.encl, cutEnclosure{id: r.ID, inner: r.Layer, outer: r.Other,
				outerKey: layout.LayerKey{Layer: ol.Drawing.Layer, Datatype: ol.Drawing.Datatype}, v: v, adjacent: r.AdjacentSides})
		}
	}
	return out, nil
}

func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		dup := false
		for _, o := range list {
			dup = dup || o == n
		}
		if !dup {
			list = append(list, n)
		}
	}
	return list
}

// subsetOf returns the drawn layer that the layer name is a subset of by
// construction (the layer itself, "a and x", "a not x" and selections of a
// with a subset of the drawn layer as first operand), or "".
func (m *Migrator) subsetOf(name string) string {
	if m.tgt.Layer(name) != nil {
		return name
	}
	d := m.tgt.DerivedLayer(name)
	if d == nil {
		return ""
	}
	return m.exprSubsetOf(d.Expr, 0)
}

func (m *Migrator) exprSubsetOf(e rules.Expr, depth int) string {
	if depth > 64 {
		return ""
	}
	switch e := e.(type) {
	case *rules.LayerRef:
		if m.tgt.Layer(e.Name) != nil {
			return e.Name
		}
		if d := m.tgt.DerivedLayer(e.Name); d != nil {
			return m.exprSubsetOf(d.Expr, depth+1)
		}
	case *rules.Binary:
		switch e.Op {
		case rules.OpNot:
			return m.exprSubsetOf(e.X, depth+1)
		case rules.OpAnd:
			if s := m.exprSubsetOf(e.X, depth+1); s != "" {
				return s
			}
			return m.exprSubsetOf(e.Y, depth+1)
		}
	case *rules.Call:
		if e.Func != rules.FuncSized && len(e.Args) > 0 {
			return m.exprSubsetOf(e.Args[0], depth+1)
		}
	}
	return ""
}

// layerEval evaluates drawn and derived target layers over one cell's own
// shapes, each at most once.
type layerEval struct {
	m     *Migrator
	nc    *layout.Cell
	cache map[string]*region.Region
}

func newLayerEval(m *Migrator, nc *layout.Cell) *layerEval {
	return &layerEval{m: m, nc: nc, cache: map[string]*region.Region{}}
}

// layer returns the merged region of a drawn or derived layer.
func (le *layerEval) layer(name string) (*region.Region, error) {
	if r, ok := le.cache[name]; ok {
		return r, nil
	}
	var r *region.Region
	if l := le.m.tgt.Layer(name); l != nil {
		r = region.FromCell(le.nc, layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}).Merged()
		if r.IsEmpty() {
			// A layer the recipe generates later (areaid.sc from the
			// outline) is read as it will be, so that rules over it
			// (licon to gates inside areaid.sc) count now.
			for _, g := range le.m.recipe.Generate {
				if g.Layer == name && g.TakeFrom == "" {
					gen, err := le.m.eval(le.nc, g.Expr)
					if err != nil {
						return nil, fmt.Errorf("%s:%d: generate.%s: %w", le.m.recipe.File, g.Line, g.Layer, err)
					}
					r = r.Or(gen).Merged()
				}
			}
		}
	} else if d := le.m.tgt.DerivedLayer(name); d != nil {
		le.cache[name] = region.New() // a cycle reads empty (the loader rejects cycles)
		var err error
		if r, err = le.expr(d.Expr); err != nil {
			return nil, fmt.Errorf("derived layer %s: %w", name, err)
		}
		r = r.Merged()
	} else {
		return nil, fmt.Errorf("no layer %q in %s", name, le.m.tgt.Name)
	}
	le.cache[name] = r
	return r, nil
}

func (le *layerEval) expr(e rules.Expr) (*region.Region, error) {
	switch e := e.(type) {
	case *rules.LayerRef:
		return le.layer(e.Name)
	case *rules.Binary:
		a, err := le.expr(e.X)
		if err != nil {
			return nil, err
		}
		b, err := le.expr(e.Y)
		if err != nil {
			return nil, err
		}
		if res, ok := layerexpr.Combine(e.Op, a, b); ok {
			return res, nil
		}
		return nil, fmt.Errorf("operator %q is not implemented", e.Op)
	case *rules.Call:
		if len(e.Args) == 0 {
			return nil, fmt.Errorf("function %q without arguments", e.Func)
		}
		a, err := le.expr(e.Args[0])
		if err != nil {
			return nil, err
		}
		if e.Func == rules.FuncSized {
			return a.Sized(int32(rules.ToDBU(e.Dist, le.m.tgt.DBU))), nil
		}
		if len(e.Args) < 2 {
			return nil, fmt.Errorf("function %q needs two layers", e.Func)
		}
		b, err := le.expr(e.Args[1])
		if err != nil {
			return nil, err
		}
		if res, ok := layerexpr.Select(e.Func, a.Merged(), b.Merged()); ok {
			return res, nil
		}
		return nil, fmt.Errorf("function %q is not implemented", e.Func)
	}
	return nil, fmt.Errorf("unknown expression %v", e)
}
