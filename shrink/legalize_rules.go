package shrink

import (
	"math"
	"slices"

	"github.com/layoutmig/layoutmig/rules"
)

// pairKind says how two parallel edges relate (see LEGALIZE.md).
type pairKind uint8

const (
	// kindInside: two edges of one polygon with its inside between them
	// (width).
	kindInside pairKind = iota
	// kindOutside: two edges with the outside of both between them (space,
	// notch, separation).
	kindOutside
	// kindEnclose: an edge of the outer layer beyond the edge of the inner
	// layer on the same side (enclosure, extension); the distance is
	// measured outwards from the inner edge.
	kindEnclose
)

// legalTarget is what the rules ask of one kind of edge pair between two
// layers, in database units. fix is the value the legalize transform must
// reach (-1: none; the rule's class is enabled and its layers are drawn),
// keep the value a move must not make worse (derived-layer rules, rules of
// classes not enabled, adjacent-side enclosures). class names the rule
// class of fix.
type legalTarget struct {
	fix, keep int64
	class     string
}

// pairKey indexes legalTarget: layers a, b (indices into legalRules.layers)
// and the kind. For kindEnclose a is the inner layer and b the outer one.
type pairKey struct {
	a, b int
	kind pairKind
}

// legalRules is the rule deck of the target technology reduced to edge-pair
// targets between drawn layers, for one legalize transform.
type legalRules struct {
	// layers are the drawn layers the deck relates, in technology order.
	layers []*rules.Layer
	index  map[string]int
	// cut marks the cut layers (rigid shapes); cond the conductors they
	// join (their polygons keep their probe corner and their labels).
	cut, cond []bool
	// related marks the layer pairs whose relative position matters.
	related map[[2]int]bool
	targets map[pairKey]legalTarget
	// area is the minimum area per layer (square dbu; 0 none) when the
	// area class is enabled.
	area []int64
	// reach is the largest target per layer, dbu.
	reach []int64
}

// legalizeRules builds the edge-pair targets of the target technology for
// the rule classes listed.
func (m *Migrator) legalizeRules(classes []string) *legalRules {
	t := m.tgt
	lr := &legalRules{index: map[string]int{}, related: map[[2]int]bool{}, targets: map[pairKey]legalTarget{}}
	on := func(c string) bool { return slices.Contains(classes, c) }
	add := func(name string) int {
		if i, ok := lr.index[name]; ok {
			return i
		}
		l := t.Layer(name)
		if l == nil {
			return -1
		}
		lr.index[name] = len(lr.layers)
		lr.layers = append(lr.layers, l)
		return lr.index[name]
	}
	members := func(name string) []int {
		var out []int
		for _, n := range m.drawnMembers(name) {
			if i := add(n); i >= 0 {
				out = append(out, i)
			}
		}
		return out
	}
	relate := func(as, bs []int) {
		for _, a := range as {
			for _, b := range bs {
				if a != b {
					lr.related[[2]int{min(a, b), max(a, b)}] = true
				}
			}
		}
	}
	set := func(k pairKey, v int64, fix bool, class string) {
		cur, ok := lr.targets[k]
		if !ok {
			cur = legalTarget{fix: -1}
		}
		if fix {
			if v > cur.fix {
				cur.fix, cur.class = v, class
			}
		} else {
			cur.keep = max(cur.keep, v)
		}
		lr.targets[k] = cur
	}
	dbu := func(um float64) int64 { return ceilTo(rules.ToDBU(um, t.DBU), m.grid) }
	var area []struct {
		layer int
		v     int64
	}
	for _, r := range t.Rules {
		drawn := t.Layer(r.Layer) != nil && (r.Other == "" || t.Layer(r.Other) != nil)
		as := members(r.Layer)
		var bs []int
		if r.Other != "" {
			bs = members(r.Other)
		}
		relate(as, as)
		relate(as, bs)
		v := dbu(r.Value)
		switch r.Check {
		case rules.Width:
			for _, a := range as {
				set(pairKey{a, a, kindInside}, v, drawn && on("width"), "width")
			}
		case rules.Space, rules.Notch:
			for _, a := range as {
				for _, b := range as {
					set(pairKey{a, b, kindOutside}, v, drawn && a == b && on("space"), "space")
				}
			}
		case rules.Separation:
			for _, a := range as {
				for _, b := range bs {
					set(pairKey{a, b, kindOutside}, v, drawn && on("space"), "space")
					set(pairKey{b, a, kindOutside}, v, drawn && on("space"), "space")
				}
			}
		case rules.Enclosure:
			for _, a := range as {
				for _, b := range bs {
					set(pairKey{a, b, kindEnclose}, v, drawn && !r.AdjacentSides && on("enclosure"), "enclosure")
				}
			}
		case rules.Extension:
			// A past B: B's edge is the inner one.
			for _, a := range as {
				for _, b := range bs {
					set(pairKey{b, a, kindEnclose}, v, drawn && on("extension"), "extension")
				}
			}
		case rules.Area:
			if drawn && on("area") && len(as) == 1 {
				area = append(area, struct {
					layer int
					v     int64
				}{as[0], rules.AreaToDBU(r.Value, t.DBU)})
			}
		}
	}
	for _, c := range t.Connections {
		cs := members(c.Cut)
		for _, l := range append(slices.Clone(c.Lower), c.Upper...) {
			relate(cs, members(l))
		}
	}
	lr.cut = make([]bool, len(lr.layers))
	lr.cond = make([]bool, len(lr.layers))
	for _, c := range t.Connections {
		if i, ok := lr.index[c.Cut]; ok {
			lr.cut[i] = true
		}
		for _, l := range append(slices.Clone(c.Lower), c.Upper...) {
			if i, ok := lr.index[l]; ok {
				lr.cond[i] = true
			}
		}
	}
	lr.area = make([]int64, len(lr.layers))
	for _, a := range area {
		lr.area[a.layer] = max(lr.area[a.layer], a.v)
	}
	lr.reach = make([]int64, len(lr.layers))
	for k, v := range lr.targets {
		r := max(v.fix, v.keep)
		lr.reach[k.a] = max(lr.reach[k.a], r)
		lr.reach[k.b] = max(lr.reach[k.b], r)
	}
	return lr
}

// target returns the rule target of a pair kind between layers a and b
// (inner a, outer b for kindEnclose); ok is false when no rule applies
// (fix is then -1).
func (lr *legalRules) target(a, b int, kind pairKind) (legalTarget, bool) {
	v, ok := lr.targets[pairKey{a, b, kind}]
	if !ok {
		v.fix = -1
	}
	return v, ok
}

// isRelated says whether layers a and b interact (a rule or a connection
// names both, or a derived layer is built of both).
func (lr *legalRules) isRelated(a, b int) bool {
	return a == b || lr.related[[2]int{min(a, b), max(a, b)}]
}

// drawnMembers returns the drawn layers a drawn or derived layer is
// computed from: all operands of and, or, xor; the first operand of not and
// of the selecting functions (they keep polygons of their first argument).
func (m *Migrator) drawnMembers(name string) []string {
	if m.tgt.Layer(name) != nil {
		return []string{name}
	}
	d := m.tgt.DerivedLayer(name)
	if d == nil {
		return nil
	}
	var out []string
	var walk func(e rules.Expr)
	walk = func(e rules.Expr) {
		switch e := e.(type) {
		case *rules.LayerRef:
			for _, n := range m.drawnMembers(e.Name) {
				if !slices.Contains(out, n) {
					out = append(out, n)
				}
			}
		case *rules.Binary:
			walk(e.X)
			if e.Op != rules.OpNot {
				walk(e.Y)
			}
		case *rules.Call:
			if len(e.Args) > 0 {
				walk(e.Args[0])
			}
		}
	}
	walk(d.Expr)
	return out
}

// ceilTo rounds v up to a multiple of g.
func ceilTo(v, g int64) int64 {
	if g <= 1 {
		return v
	}
	return (v + g - 1) / g * g
}

// cornerTarget is the distance along the pass axis two edges whose
// projections are dy apart must keep for their Euclidean distance to reach
// t, rounded up to the grid g.
func cornerTarget(t, dy, g int64) int64 {
	if dy >= t {
		return 0
	}
	d := math.Sqrt(float64(t*t - dy*dy))
	return ceilTo(int64(math.Ceil(d-1e-9)), g)
}

// halfSpace returns half the spacing rule of each layer (its own space,
// fixed or kept), rounded up to the grid g: how far an edge keeps from the
// cell outline so that the cell abuts a mirrored copy of itself.
func (lr *legalRules) halfSpace(g int64) []int64 {
	out := make([]int64, len(lr.layers))
	for i := range lr.layers {
		if t, ok := lr.target(i, i, kindOutside); ok {
			out[i] = ceilTo((max(t.fix, t.keep)+1)/2, g)
		}
	}
	return out
}
