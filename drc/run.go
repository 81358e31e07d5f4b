package drc

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/layoutmig/layoutmig/internal/layerexpr"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// Options control Run.
type Options struct {
	// Rules restricts the run to the rules with these ids, in deck order
	// (nil or empty: every rule). An unknown id is an error.
	Rules []string
	// Threads is the number of rules and tiles checked at once (0: one per
	// core, GOMAXPROCS). The geometry kernel's booleans use every core
	// GOMAXPROCS allows whatever Threads says.
	Threads int
	// TileSize is the edge, in database units, of the square tiles large
	// layers are cut into for the edge-pair checks (0: chosen from the
	// amount of data; negative: no tiles). The result does not depend on it.
	TileSize int64
	// Input names the checked layout in the report (a file name).
	Input string
	// Version is the tool version written into the report.
	Version string
	// Log, if set, receives progress lines (layer preparation and the time
	// and memory of each rule).
	Log func(format string, args ...any)
	// Flat turns the hierarchical check off: everything under the top cell
	// is flattened and checked as one (see Run). The report is the same
	// either way; Flat exists for comparisons.
	Flat bool
}

// Run checks the top cell of lib against the rule deck of tech, as KLayout
// runs the deck that rules.ExportKLayout writes, flat: every drawn layer the
// selected rules need is read from top and everything placed under it and
// merged, derived layers are computed with the geometry kernel, and each
// rule runs as the package documentation of rules defines it. Violations
// are reported in top's coordinates, with top as their cell, sorted.
//
// Unless Options.Flat is set, the check is hierarchical where that pays
// (see hier.go): a placement that nothing else comes near is checked once
// per cell and orientation, and its violations are copied to every such
// placement. The report is exactly the flat one all the same.
//
// Rules run in parallel (Options.Threads at a time); edge-pair checks on
// large layers are cut into tiles with a halo as wide as the rule's
// distance, and their results are joined and de-duplicated, so that the
// report does not depend on the thread count or the tile size.
//
// A rule whose check kind or option the checker does not implement is an
// error before anything runs (see Validate), never skipped.
func Run(ctx context.Context, lib *layout.Library, top *layout.Cell, tech *rules.Tech, opt Options) (*Report, error) {
	rep, _, err := run(ctx, lib, top, tech, opt)
	return rep, err
}

// run is Run, also returning what the hierarchical check did.
func run(ctx context.Context, lib *layout.Library, top *layout.Cell, tech *rules.Tech, opt Options) (*Report, *hierStats, error) {
	start := time.Now()
	if lib == nil || top == nil {
		return nil, nil, errors.New("drc: no layout to check")
	}
	if tech == nil {
		return nil, nil, errors.New("drc: no technology")
	}
	selected, err := selectRules(tech, opt.Rules)
	if err != nil {
		return nil, nil, err
	}
	if err := Validate(tech); err != nil {
		return nil, nil, err
	}
	dbu := lib.DBUMicrons()
	if !(dbu > 0) {
		return nil, nil, fmt.Errorf("drc: %s: database unit %g µm is not positive", top.Name, dbu)
	}
	threads := opt.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	r := &runner{
		tech:     tech,
		dbu:      dbu,
		threads:  threads,
		tileSize: opt.TileSize,
		log:      opt.Log,
		topName:  top.Name,
		topBox:   lib.Bounds(top),
	}
	rep := &Report{
		Tool: "layoutmig", Version: opt.Version, Input: opt.Input, Tech: tech.Name, Top: top.Name,
		DBU: dbu,
	}
	var results []*ruleResult
	var stats *hierStats
	if opt.Flat {
		results, err = r.check(ctx, selected, flatSource(lib, top))
	} else {
		results, stats, err = r.checkHier(ctx, lib, top, selected)
	}
	if err != nil {
		return nil, nil, err
	}
	for i, rule := range selected {
		res := results[i]
		res.sortAll()
		rep.Rules = append(rep.Rules, RuleResult{ID: rule.ID, Description: rule.Description, Count: res.count(), Elapsed: res.elapsed})
		rep.Violations = res.appendViolations(rep.Violations, rule.ID, r.topName, dbu)
	}
	rep.Total = len(rep.Violations)
	rep.Elapsed = time.Since(start)
	return rep, stats, nil
}

// layerSource returns the raw (unmerged) polygons of one drawn layer.
type layerSource func(k layout.LayerKey) *region.Region

// flatSource reads the drawn layers from top and everything under it.
func flatSource(lib *layout.Library, top *layout.Cell) layerSource {
	return func(k layout.LayerKey) *region.Region { return flatLayer(lib, top, k) }
}

// check prepares the layers the selected rules need from src and runs the
// rules. The runner's layer state is used up (one check per runner state).
func (r *runner) check(ctx context.Context, selected []*rules.Rule, src layerSource) ([]*ruleResult, error) {
	if err := r.prepareLayers(ctx, src, selected); err != nil {
		return nil, err
	}
	return r.runRules(ctx, selected)
}

// selectRules returns the rules of the deck named by ids (all when ids is
// empty), in deck order.
func selectRules(tech *rules.Tech, ids []string) ([]*rules.Rule, error) {
	if len(ids) == 0 {
		return tech.Rules, nil
	}
	want := make(map[string]bool, len(ids))
	var unknown []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if tech.Rule(id) == nil {
			unknown = append(unknown, id)
		}
		want[id] = true
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("drc: technology %s has no rule %s", tech.Name, strings.Join(unknown, ", "))
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("drc: no rule selected")
	}
	var out []*rules.Rule
	for _, rule := range tech.Rules {
		if want[rule.ID] {
			out = append(out, rule)
		}
	}
	return out, nil
}

// Validate reports every rule of tech that the checker cannot run exactly as
// the rules package defines it: an unknown check kind, an option that does
// not apply to the kind, or a layer that does not exist. The loader
// rejects most of these already; Validate is the checker's own guarantee
// that no rule is ever skipped.
func Validate(tech *rules.Tech) error {
	var errs []string
	for _, r := range tech.Rules {
		if msg := validateRule(tech, r); msg != "" {
			errs = append(errs, fmt.Sprintf("%s: rule %s (%s): %s", tech.File, r.ID, r.Check, msg))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("drc: unsupported rules:\n%s", strings.Join(errs, "\n"))
	}
	return nil
}

func validateRule(tech *rules.Tech, r *rules.Rule) string {
	known := false
	for _, k := range rules.CheckKinds {
		if r.Check == k {
			known = true
		}
	}
	if !known {
		return "unknown check kind"
	}
	for _, l := range r.Layers() {
		if !tech.HasLayer(l) {
			return fmt.Sprintf("unknown layer %q", l)
		}
	}
	if r.Check.TwoLayers() != (r.Other != "") {
		return "wrong number of layers"
	}
	switch r.Metric {
	case "", rules.Euclidian, rules.Projection, rules.Square:
	default:
		return fmt.Sprintf("unknown metric %q", r.Metric)
	}
	if r.Metric != "" && r.Metric != rules.Euclidian && !r.Check.EdgePairs() {
		return "a metric applies to edge-pair checks only"
	}
	if (r.AdjacentSides || r.EnclosingOnly) && r.Check != rules.Enclosure {
		return "adjacent_sides and uncovered apply to enclosure only"
	}
	if r.AdjacentSides && r.EnclosingOnly {
		return "adjacent_sides and uncovered: false cannot be combined"
	}
	if r.Orthogonal && r.Check != rules.Angle {
		return "orthogonal applies to angle only"
	}
	if r.Value < 0 {
		return "negative value"
	}
	if r.Check == rules.Density {
		if !(r.Window > 0) {
			return "density needs a window"
		}
		if r.Step < 0 || r.Step > r.Window {
			return "density step must lie in (0, window]"
		}
		if r.MinDensity == nil && r.MaxDensity == nil {
			return "density needs a minimum or a maximum"
		}
	}
	return ""
}

// toDBU converts a distance in µm into database units as KLayout's DRC
// does (floor(0.5 + v/dbu)).
func toDBU(um, dbu float64) int64 { return int64(math.Floor(0.5 + um/dbu)) }

// areaToDBU converts an area in µm² into square database units as KLayout's
// DRC does.
func areaToDBU(um2, dbu float64) int64 { return int64(math.Floor(0.5 + um2/(dbu*dbu))) }

func clampDist(v int64) int32 {
	return int32(min(max(v, 0), math.MaxInt32))
}

// runner holds the state of one Run.
type runner struct {
	tech     *rules.Tech
	dbu      float64
	threads  int
	tileSize int64
	log      func(string, ...any)
	topName  string
	topBox   layout.Box

	regions map[string]*region.Region
	mu      sync.Mutex
	polys   map[string]*polyCache
	// keepRegion names the layers whose region the rules need besides
	// their polygons (booleans and selections at check time); the others
	// are dropped once converted.
	keepRegion map[string]bool
}

type polyCache struct {
	once     sync.Once
	polys    []Polygon
	tileOnce sync.Once
	tiles    *tiling
}

func (r *runner) logf(format string, args ...any) {
	if r.log != nil {
		r.log(format, args...)
	}
}

// layerPolys returns the merged polygons of a layer as check input,
// converting the kernel's region once.
func (r *runner) layerPolys(name string) []Polygon {
	r.mu.Lock()
	c := r.polys[name]
	if c == nil {
		c = &polyCache{}
		r.polys[name] = c
	}
	r.mu.Unlock()
	c.once.Do(func() {
		r.mu.Lock()
		reg := r.regions[name]
		r.mu.Unlock()
		c.polys = FromRegion(reg)
		if !r.keepRegion[name] {
			r.mu.Lock()
			delete(r.regions, name)
			r.mu.Unlock()
		}
	})
	return c.polys
}

// layerRegion returns the kernel's region of a layer the rules need as a
// region (see keepRegion).
func (r *runner) layerRegion(name string) *region.Region {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.regions[name]
}

// neededLayers returns the names of the layers the rules read, directly or
// through derived layers, drawn and derived.
func (r *runner) neededLayers(sel []*rules.Rule) map[string]bool {
	need := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if need[name] {
			return
		}
		need[name] = true
		if d := r.tech.DerivedLayer(name); d != nil {
			for _, ref := range rules.Refs(d.Expr) {
				visit(ref.Name)
			}
		}
	}
	for _, rule := range sel {
		for _, l := range rule.Layers() {
			visit(l)
		}
	}
	return need
}

// prepareLayers builds every layer the selected rules need: the drawn ones
// from the layout, flat and merged, then the derived ones.
func (r *runner) prepareLayers(ctx context.Context, src layerSource, selected []*rules.Rule) error {
	need := r.neededLayers(selected)
	start := time.Now()
	var keys []layout.LayerKey
	names := map[layout.LayerKey][]string{}
	for _, l := range r.tech.Layers {
		if need[l.Name] {
			k := layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}
			if _, ok := names[k]; !ok {
				keys = append(keys, k)
			}
			names[k] = append(names[k], l.Name)
		}
	}
	r.regions = map[string]*region.Region{}
	r.polys = map[string]*polyCache{}
	r.keepRegion = map[string]bool{}
	for _, rule := range selected {
		switch {
		case rule.Check == rules.Enclosure && rule.AdjacentSides:
			r.keepRegion[rule.Layer] = true
		case rule.Check == rules.Enclosure && !rule.EnclosingOnly:
			r.keepRegion[rule.Layer] = true
			r.keepRegion[rule.Other] = true
		case rule.Check == rules.Density:
			r.keepRegion[rule.Layer] = true
		}
	}
	// Each drawn layer is collected and merged on its own, several at
	// once (the kernel's merge uses every core, but not all the time).
	merged := make([]*region.Region, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.threads)
	for i, k := range keys {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			t := time.Now()
			raw := src(k)
			m := raw.Merged()
			merged[i] = m
			r.logf("layer %-12s %-8s %9d polygons  %s", strings.Join(names[k], ","), k, m.Len(), time.Since(t).Round(time.Millisecond))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for i, k := range keys {
		for _, n := range names[k] {
			r.regions[n] = merged[i]
		}
	}
	for _, d := range r.tech.DerivedOrder() {
		if !need[d.Name] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		t := time.Now()
		reg, err := r.eval(d.Expr)
		if err != nil {
			return fmt.Errorf("drc: derived layer %s: %w", d.Name, err)
		}
		r.regions[d.Name] = reg
		r.logf("layer %-12s %-8s %9d polygons  %s", d.Name, "derived", reg.Len(), time.Since(t).Round(time.Millisecond))
	}
	r.logf("layers ready in %s", time.Since(start).Round(time.Millisecond))
	return nil
}

// flatLayer collects the raw polygons of one layer of top and everything
// under it (as region.FromFlat does).
func flatLayer(lib *layout.Library, top *layout.Cell, k layout.LayerKey) *region.Region {
	r := region.New()
	var buf []layout.Point
	for inst := range lib.Instances(top) {
		buf = addShapes(r, inst.Cell.Layers[k], inst.Trans, buf)
	}
	return r
}

// addShapes adds the shapes s (nil: none) transformed by t to r, as
// polygons; buf is scratch space, returned for reuse.
func addShapes(r *region.Region, s *layout.Shapes, t layout.Transform, buf []layout.Point) []layout.Point {
	if s == nil {
		return buf
	}
	if !t.Mirror && t.Angle == 0 && t.Mag == 1 && t.Disp == [2]float64{} {
		r.AddShapes(s)
		return buf
	}
	for i := 0; i < s.Polygons.Len(); i++ {
		buf = t.ApplyAll(buf[:0], s.Polygons.Polygon(i))
		r.AddPolygon(buf)
	}
	for i := range s.Boxes {
		buf = t.ApplyAll(buf[:0], s.Boxes[i].Points[:4])
		r.AddPolygon(buf)
	}
	for i := range s.Paths {
		p := s.Paths[i]
		q := p
		q.Points = t.ApplyAll(nil, p.Points)
		if p.Width > 0 {
			q.Width = t.ApplyLength(p.Width)
		}
		if p.Type == layout.PathCustom {
			q.BgnExtn, q.EndExtn = t.ApplyLength(p.BgnExtn), t.ApplyLength(p.EndExtn)
		}
		r.AddPolygon(q.Outline())
	}
	return buf
}

// eval computes a derived-layer expression as the exported deck does (see
// package rules): every value is a merged region.
func (r *runner) eval(e rules.Expr) (*region.Region, error) {
	switch n := e.(type) {
	case *rules.LayerRef:
		reg, ok := r.regions[n.Name]
		if !ok {
			return nil, fmt.Errorf("layer %s is not available", n.Name)
		}
		return reg, nil
	case *rules.Binary:
		a, err := r.eval(n.X)
		if err != nil {
			return nil, err
		}
		b, err := r.eval(n.Y)
		if err != nil {
			return nil, err
		}
		if res, ok := layerexpr.Combine(n.Op, a, b); ok {
			return res, nil
		}
		return nil, fmt.Errorf("unknown operator %q", n.Op)
	case *rules.Call:
		a, err := r.eval(n.Args[0])
		if err != nil {
			return nil, err
		}
		if n.Func == rules.FuncSized {
			d := toDBU(n.Dist, r.dbu)
			if d < math.MinInt32 || d > math.MaxInt32 {
				return nil, fmt.Errorf("sized: distance %g µm out of range", n.Dist)
			}
			return a.Sized(int32(d)).Merged(), nil
		}
		b, err := r.eval(n.Args[1])
		if err != nil {
			return nil, err
		}
		if res, ok := layerexpr.Select(n.Func, a, b); ok {
			return res, nil
		}
		return nil, fmt.Errorf("unknown function %q", n.Func)
	}
	return nil, fmt.Errorf("unknown expression node %T", e)
}

// ruleResult collects the violations of one rule.
type ruleResult struct {
	mu      sync.Mutex
	parts   [][]EdgePair // edge pairs per task, joined and de-duplicated at the end
	keepDup bool         // width and notch: keep duplicates, as KLayout does
	pairs   []EdgePair
	polys   []Polygon
	edges   []Edge
	boxes   []layout.Box
	elapsed time.Duration
}

func (res *ruleResult) count() int {
	return len(res.pairs) + len(res.polys) + len(res.edges) + len(res.boxes)
}

// task is one unit of work of a rule: a whole rule or one tile of it.
type task struct {
	rule int
	cost int // for scheduling: larger first
	run  func(res *ruleResult) error
}

// runRules plans every selected rule into tasks, runs them on the worker
// pool and joins the results per rule.
func (r *runner) runRules(ctx context.Context, selected []*rules.Rule) ([]*ruleResult, error) {
	results := make([]*ruleResult, len(selected))
	for i := range results {
		results[i] = &ruleResult{}
	}
	// Convert the layers the edge-pair checks read, in parallel.
	var convert []string
	seen := map[string]bool{}
	for _, rule := range selected {
		for _, l := range rule.Layers() {
			if !seen[l] {
				seen[l] = true
				convert = append(convert, l)
			}
		}
	}
	t0 := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.threads)
	for _, l := range convert {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			r.layerPolys(l)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	r.logf("check input ready in %s", time.Since(t0).Round(time.Millisecond))

	// Plan the rules (tile their layers, index the tiles) in parallel.
	planned := make([][]task, len(selected))
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(r.threads)
	for i, rule := range selected {
		results[i].keepDup = rule.Check == rules.Width || rule.Check == rules.Notch
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			ts, err := r.plan(i, rule)
			planned[i] = ts
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var tasks []task
	for _, ts := range planned {
		tasks = append(tasks, ts...)
	}
	planned = nil
	// The tasks hold what they need; each task's data is released when it
	// is done (a layer's polygons when its last task is).
	r.regions, r.polys = nil, nil
	slices.SortStableFunc(tasks, func(a, b task) int { return b.cost - a.cost })
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(r.threads)
	for k := range tasks {
		t := tasks[k]
		g.Go(func() error {
			defer func() { tasks[k] = task{} }()
			if err := gctx.Err(); err != nil {
				return err
			}
			res := results[t.rule]
			start := time.Now()
			err := t.run(res)
			d := time.Since(start)
			res.mu.Lock()
			res.elapsed += d
			res.mu.Unlock()
			if err != nil {
				return fmt.Errorf("drc: rule %s: %w", selected[t.rule].ID, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, res := range results {
		start := time.Now()
		if len(res.parts) > 0 {
			n := 0
			for _, p := range res.parts {
				n += len(p)
			}
			all := make([]EdgePair, 0, n)
			for _, p := range res.parts {
				all = append(all, p...)
			}
			res.parts = nil
			if res.keepDup {
				res.pairs = sortPairsKeep(all)
			} else {
				res.pairs = SortPairs(all)
			}
		}
		res.elapsed += time.Since(start)
		if r.log != nil {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			r.logf("rule %-14s %8d  %10s  heap %5d MB", selected[i].ID, res.count(), res.elapsed.Round(time.Microsecond), ms.HeapAlloc>>20)
		}
	}
	return results, nil
}
