// Package layerexpr applies the operators and selection functions of the
// technology files' derived-layer expressions (rules.Binary, rules.Call) to
// regions of the geometry kernel. The DRC runner and the migration engine
// both evaluate such expressions; each keeps its own leaves (where layers
// come from) and error wording, and shares this one mapping from expression
// vocabulary to region operations.
package layerexpr

import (
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// Combine applies a boolean operator; ok is false for an operator it does
// not know.
func Combine(op rules.Op, a, b *region.Region) (r *region.Region, ok bool) {
	switch op {
	case rules.OpAnd:
		return a.And(b), true
	case rules.OpOr:
		return a.Or(b), true
	case rules.OpNot:
		return a.Not(b), true
	case rules.OpXor:
		return a.Xor(b), true
	}
	return nil, false
}

// Select applies a two-argument selection function (interacting, inside,
// ...); ok is false for a function it does not know (sized takes a distance
// and is the caller's).
func Select(f rules.Func, a, b *region.Region) (r *region.Region, ok bool) {
	switch f {
	case rules.FuncInteracting:
		return a.Interacting(b), true
	case rules.FuncNotInteracting:
		return a.NotInteracting(b), true
	case rules.FuncOverlapping:
		return a.Overlapping(b), true
	case rules.FuncNotOverlapping:
		return a.NotOverlapping(b), true
	case rules.FuncInside:
		return a.Inside(b), true
	case rules.FuncNotInside:
		return a.NotInside(b), true
	case rules.FuncOutside:
		return a.Outside(b), true
	case rules.FuncNotOutside:
		return a.NotOutside(b), true
	}
	return nil, false
}
