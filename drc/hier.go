package drc

import (
	"context"
	"time"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// The hierarchical check (KLayout's deep mode, where it pays). A placement
// that nothing else comes near — no other geometry within the separation
// (the largest distance at which the selected rules see across: rule
// values, plus twice every sizing of the derived layers they read, plus two
// units) of its box — has exactly the violations of its cell checked
// alone, moved to where it is placed. Such placements are found by the
// walk (hierwalk.go); each distinct cell and orientation among them (a
// variant; displacements modulo the grid period of the off-grid checks) is
// checked once.
//
// One flat check does all the work: the loose geometry (everything not in
// an isolated placement) stays where it is, and each variant is placed
// once beside it, in a slot of its own, far enough from everything else
// (packed layout, hierpack.go). The existing machinery runs on that layout
// with its tiles and threads; each violation is then assigned to the
// loose geometry or to a slot by where it lies, and a slot's violations
// are copied to each placement of its variant. The loose geometry's
// surroundings are the same as in the flat layout (isolated placements are
// farther than the separation), a variant's are empty as in the flat
// layout, and every check is local within the separation, so the result is
// the flat result. Rules that are not local (density) run flat.

// hierStats records what the hierarchical check did.
type hierStats struct {
	Separation int64 // dbu
	Flat       bool  // no placement was isolated: the check ran flat
	Variants   int   // cells checked once for all their isolated placements
	Isolated   int   // isolated placements
	Pieces     int   // opened placements whose own shapes were checked flat
}

// hierPlan is what the hierarchical check will do: which rules run on the
// packed layout (local) and which flat (global), the loose pieces and the
// packed variants (none: the check runs flat).
type hierPlan struct {
	local, global []int
	sep           int64
	pieces        []piece
	vars          []*variant
	stats         *hierStats
}

// planHier walks the hierarchy under top for the selected rules.
func (r *runner) planHier(lib *layout.Library, top *layout.Cell, selected []*rules.Rule) *hierPlan {
	p := &hierPlan{}
	var reach int64
	for i, rule := range selected {
		if d, ok := r.ruleReach(rule); ok {
			p.local = append(p.local, i)
			reach = max(reach, d)
		} else {
			p.global = append(p.global, i)
		}
	}
	p.sep = reach + 2
	p.stats = &hierStats{Separation: p.sep, Flat: true}
	period := r.gridPeriod(pick(selected, p.local))
	if len(top.Refs) == 0 || len(p.local) == 0 || period <= 0 {
		return p
	}
	if _, err := lib.BottomUp(); err != nil {
		return p // a cell places itself: the flat walk's depth limit applies
	}
	w := newHierWalker(lib, r.drawnKeys(pick(selected, p.local)))
	root := w.walk(top, p.sep, period)
	p.pieces, p.vars = w.collect(root, period)
	loose := layout.EmptyBox()
	for _, pc := range p.pieces {
		loose = loose.Extend(transformBox(pc.trans, w.cellInfo(pc.cell, 0).box))
	}
	if len(p.vars) == 0 || !pack(p.vars, loose, 2*p.sep+2, period) {
		p.vars = nil
		return p
	}
	p.stats.Flat = false
	p.stats.Variants, p.stats.Pieces = len(p.vars), len(p.pieces)
	for _, v := range p.vars {
		p.stats.Isolated += len(v.at)
	}
	return p
}

// checkHier runs the selected rules on top, hierarchically where some
// placement is isolated, and returns the results per rule in top's
// coordinates (not yet sorted).
func (r *runner) checkHier(ctx context.Context, lib *layout.Library, top *layout.Cell, selected []*rules.Rule) ([]*ruleResult, *hierStats, error) {
	start := time.Now()
	p := r.planHier(lib, top, selected)
	stats := p.stats
	if stats.Flat {
		r.logf("hierarchy: no isolated placement, checking flat (walk %s)", time.Since(start).Round(time.Millisecond))
		res, err := r.check(ctx, selected, flatSource(lib, top))
		return res, stats, err
	}
	r.logf("hierarchy: %d isolated placements of %d variants, %d opened cells checked flat (separation %d dbu) in %s",
		stats.Isolated, stats.Variants, stats.Pieces, p.sep, time.Since(start).Round(time.Millisecond))
	results := make([]*ruleResult, len(selected))
	if len(p.global) > 0 {
		g := r.fresh()
		res, err := g.check(ctx, pick(selected, p.global), flatSource(lib, top))
		if err != nil {
			return nil, nil, err
		}
		for k, i := range p.global {
			results[i] = res[k]
		}
	}
	res, err := r.check(ctx, pick(selected, p.local), packedSource(lib, p.pieces, p.vars))
	if err != nil {
		return nil, nil, err
	}
	t := time.Now()
	find := newSlotFinder(p.vars, p.sep)
	for k, i := range p.local {
		results[i] = expand(res[k], p.vars, find)
	}
	r.logf("hierarchy: results copied to the placements in %s", time.Since(t).Round(time.Millisecond))
	return results, stats, nil
}

// fresh returns a runner with r's settings and no layer state.
func (r *runner) fresh() *runner {
	return &runner{tech: r.tech, dbu: r.dbu, threads: r.threads, tileSize: r.tileSize, log: r.log, topName: r.topName, topBox: r.topBox}
}

func pick(rs []*rules.Rule, idx []int) []*rules.Rule {
	out := make([]*rules.Rule, len(idx))
	for k, i := range idx {
		out[k] = rs[i]
	}
	return out
}

// drawnKeys returns the GDS layers of the drawn layers the rules read,
// directly or through derived layers.
func (r *runner) drawnKeys(sel []*rules.Rule) []layout.LayerKey {
	need := r.neededLayers(sel)
	seen := map[layout.LayerKey]bool{}
	var keys []layout.LayerKey
	for _, l := range r.tech.Layers {
		k := layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}
		if need[l.Name] && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// slotFinder tells which variant's slot (grown by the separation) holds a
// point of the packed layout.
type slotFinder struct {
	idx   spatial
	stack []int32
}

func newSlotFinder(vars []*variant, sep int64) *slotFinder {
	boxes := make([]layout.Box, len(vars))
	for i, v := range vars {
		b := v.box
		b.Min = b.Min.Add(v.slot)
		b.Max = b.Max.Add(v.slot)
		boxes[i] = grow(b, sep)
	}
	return &slotFinder{idx: buildSpatial(boxes, nil, 0)}
}

// find returns the variant whose slot holds p, or -1 (loose geometry).
func (f *slotFinder) find(p layout.Point) int {
	found := -1
	f.stack = f.idx.search(layout.Box{Min: p, Max: p}, f.stack, func(id int32) bool {
		found = int(id)
		return false
	})
	return found
}

// expand returns a rule's results on the packed layout in top's
// coordinates: loose results as they are, a slot's results once for each
// placement of its variant.
func expand(res *ruleResult, vars []*variant, f *slotFinder) *ruleResult {
	out := &ruleResult{keepDup: res.keepDup, elapsed: res.elapsed}
	deltas := func(v *variant) []layout.Point {
		d := make([]layout.Point, len(v.at))
		for i, a := range v.at {
			d[i] = a.Sub(v.slot)
		}
		return d
	}
	cache := map[int][]layout.Point{}
	moves := func(p layout.Point) []layout.Point {
		i := f.find(p)
		if i < 0 {
			return nil
		}
		d, ok := cache[i]
		if !ok {
			d = deltas(vars[i])
			cache[i] = d
		}
		return d
	}
	for _, p := range res.pairs {
		ds := moves(p.First.P1)
		if ds == nil {
			out.pairs = append(out.pairs, p)
		}
		for _, d := range ds {
			out.pairs = append(out.pairs, p.moved(d))
		}
	}
	for _, p := range res.polys {
		var ds []layout.Point
		if len(p.Hull) > 0 {
			ds = moves(p.Hull[0])
		}
		if ds == nil {
			out.polys = append(out.polys, p)
		}
		for _, d := range ds {
			out.polys = append(out.polys, p.moved(d))
		}
	}
	for _, e := range res.edges {
		ds := moves(e.P1)
		if ds == nil {
			out.edges = append(out.edges, e)
		}
		for _, d := range ds {
			out.edges = append(out.edges, e.moved(d))
		}
	}
	for _, b := range res.boxes {
		ds := moves(b.Min)
		if ds == nil {
			out.boxes = append(out.boxes, b)
		}
		for _, d := range ds {
			out.boxes = append(out.boxes, layout.Box{Min: b.Min.Add(d), Max: b.Max.Add(d)})
		}
	}
	return out
}
