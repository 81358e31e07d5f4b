package drc

import (
	"github.com/layoutmig/layoutmig/rules"
)

// ruleReach returns how far, in database units, a rule's result near a
// piece of geometry can depend on geometry elsewhere: the rule's distance
// for edge-pair checks, nothing for the per-polygon checks (area, exact
// size, off-grid vertices, angles), plus what the derived layers it reads
// add (twice each sizing, since two sized shapes grow towards each other).
// It returns false for a rule that is not local at all: density, whose
// windows span the whole layout.
func (r *runner) ruleReach(rule *rules.Rule) (int64, bool) {
	var d int64
	switch rule.Check {
	case rules.Width, rules.Space, rules.Notch, rules.Separation, rules.Enclosure, rules.Extension, rules.Overlap:
		d = max(toDBU(rule.Value, r.dbu), 0)
	case rules.Area, rules.ExactSize, rules.Grid, rules.Angle:
	default:
		return 0, false
	}
	var extra int64
	for _, l := range rule.Layers() {
		extra = max(extra, r.layerReach(l, 0))
	}
	return d + extra, true
}

// layerReach is how far a derived layer's polygons depend on drawn
// geometry away from them: booleans and selections are local (they see
// what touches or overlaps), each sizing adds twice its distance.
func (r *runner) layerReach(name string, depth int) int64 {
	d := r.tech.DerivedLayer(name)
	if d == nil || depth > len(r.tech.Layers)+len(r.tech.Rules)+8 {
		return 0
	}
	return r.exprReach(d.Expr, depth+1)
}

func (r *runner) exprReach(e rules.Expr, depth int) int64 {
	switch n := e.(type) {
	case *rules.LayerRef:
		return r.layerReach(n.Name, depth)
	case *rules.Binary:
		return max(r.exprReach(n.X, depth), r.exprReach(n.Y, depth))
	case *rules.Call:
		var m int64
		for _, a := range n.Args {
			m = max(m, r.exprReach(a, depth))
		}
		if n.Func == rules.FuncSized {
			d := toDBU(n.Dist, r.dbu)
			if d < 0 {
				d = -d
			}
			m += 2 * d
		}
		return m
	}
	return 0
}

// gridPeriod returns the least common multiple, in database units, of the
// grids of the off-grid checks among rules (1 if none): displacing
// geometry by a multiple of it changes no off-grid result.
func (r *runner) gridPeriod(sel []*rules.Rule) int64 {
	g := int64(1)
	for _, rule := range sel {
		if rule.Check != rules.Grid {
			continue
		}
		v := toDBU(r.tech.GridOf(rule), r.dbu)
		if v <= 1 {
			continue
		}
		g = g / gcd(g, v) * v
		if g > 1<<20 {
			return 0 // no usable period: no placement is isolated
		}
	}
	return g
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
