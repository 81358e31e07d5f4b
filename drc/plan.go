package drc

import (
	"math"
	"slices"
	"sync"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// tileEdges is the number of edges a tile holds on average when the tile
// size is chosen automatically; layers with fewer than twice as many edges
// are checked whole.
const tileEdges = 1 << 18

func metricOf(m rules.Metric) Metric {
	switch m {
	case rules.Projection:
		return Projection
	case rules.Square:
		return Square
	}
	return Euclidean
}

// plan turns rule number ri into tasks.
func (r *runner) plan(ri int, rule *rules.Rule) ([]task, error) {
	d := clampDist(toDBU(rule.Value, r.dbu))
	opt := CheckOptions{Metric: metricOf(rule.Metric)}
	whole := func(cost int, f func(res *ruleResult) error) []task {
		return []task{{rule: ri, cost: cost, run: f}}
	}
	switch rule.Check {
	case rules.Width:
		return r.perPolygon(ri, rule.Layer, RelWidth, d, opt), nil
	case rules.Notch:
		return r.perPolygon(ri, rule.Layer, RelSpace, d, opt), nil
	case rules.Space:
		return r.tiledSpace(ri, rule.Layer, d, opt), nil
	case rules.Separation:
		return r.tiledTwo(ri, rule.Layer, rule.Other, RelSpace, d, opt), nil
	case rules.Overlap:
		return r.tiledTwo(ri, rule.Layer, rule.Other, RelWidth, d, opt), nil
	case rules.Extension:
		return r.tiledTwo(ri, rule.Layer, rule.Other, RelEnclosing, d, opt), nil
	case rules.Enclosure:
		inner, outer := rule.Layer, rule.Other
		if rule.AdjacentSides {
			pi, po, ri := r.layerPolys(inner), r.layerPolys(outer), r.layerRegion(inner)
			return whole(len(pi), func(res *ruleResult) error {
				res.polys = adjacentSides(pi, po, ri, d)
				return nil
			}), nil
		}
		var ts []task
		if rule.Value > 0 {
			ts = r.tiledTwo(ri, outer, inner, RelEnclosing, d, opt)
		}
		if !rule.EnclosingOnly {
			ri, ro := r.layerRegion(inner), r.layerRegion(outer)
			ts = append(ts, whole(len(r.layerPolys(inner)), func(res *ruleResult) error {
				polys := FromRegion(ri.Not(ro))
				res.mu.Lock()
				res.polys = polys
				res.mu.Unlock()
				return nil
			})...)
		}
		return ts, nil
	case rules.Area:
		max := areaToDBU(rule.Value, r.dbu)
		polys := r.layerPolys(rule.Layer)
		return whole(len(polys), func(res *ruleResult) error {
			res.polys = Area(polys, math.MinInt64, max)
			return nil
		}), nil
	case rules.ExactSize:
		polys := r.layerPolys(rule.Layer)
		return whole(len(polys), func(res *ruleResult) error {
			res.polys = ExactSize(polys, d)
			return nil
		}), nil
	case rules.Grid:
		g := clampDist(toDBU(r.tech.GridOf(rule), r.dbu))
		polys := r.layerPolys(rule.Layer)
		return whole(len(polys), func(res *ruleResult) error {
			for _, q := range OffGridVertices(polys, g, g) {
				e := Edge{q, q}
				res.pairs = append(res.pairs, EdgePair{First: e, Second: e})
			}
			return nil
		}), nil
	case rules.Angle:
		polys := r.layerPolys(rule.Layer)
		return whole(len(polys), func(res *ruleResult) error {
			res.edges = offAngleEdges(polys, rule.Orthogonal)
			return nil
		}), nil
	case rules.Density:
		reg := r.layerRegion(rule.Layer)
		return whole(len(r.layerPolys(rule.Layer)), func(res *ruleResult) error {
			res.boxes = density(reg, r.topBox, rule, r.dbu)
			return nil
		}), nil
	}
	return nil, &unsupportedError{rule}
}

type unsupportedError struct{ rule *rules.Rule }

func (e *unsupportedError) Error() string {
	return "drc: rule " + e.rule.ID + ": check " + string(e.rule.Check) + " is not implemented"
}

// tiling is a partition of a layer's polygons into square tiles, by the
// lower-left corner of each polygon's bounding box, with an index of the
// polygons' boxes, made once per layer for all its rules.
type tiling struct {
	boxes []layout.Box
	tiles [][]int32 // polygon indices per tile, ascending
	edges []int     // edges per tile

	idxOnce sync.Once
	idx     spatial
}

// index returns an index of the polygons' boxes (built on first use, for
// queries grown by about enl; any enl gives the same answers).
func (t *tiling) index(enl int64) spatial {
	t.idxOnce.Do(func() { t.idx = buildSpatial(t.boxes, nil, enl) })
	return t.idx
}

// layerTiles returns the tiling of a layer's polygons, made once.
func (r *runner) layerTiles(name string) *tiling {
	polys := r.layerPolys(name)
	r.mu.Lock()
	c := r.polys[name]
	r.mu.Unlock()
	c.tileOnce.Do(func() { c.tiles = r.tile(polys) })
	return c.tiles
}

// tile cuts polys into tiles: one tile when the layer is small or tiles
// are off, else tiles of r.tileSize (or an automatic size giving about
// tileEdges edges each).
func (r *runner) tile(polys []Polygon) *tiling {
	t := &tiling{boxes: make([]layout.Box, len(polys))}
	total := 0
	all := layout.EmptyBox()
	per := make([]int, len(polys))
	for i := range polys {
		t.boxes[i] = polys[i].Bounds()
		all = all.Extend(t.boxes[i])
		per[i] = polys[i].NumEdges()
		total += per[i]
	}
	size := r.tileSize
	if size == 0 && total > 2*tileEdges {
		area := float64(all.Width()+1) * float64(all.Height()+1)
		size = int64(math.Sqrt(area * tileEdges / float64(total)))
		size = max(size, 1)
	}
	if size <= 0 || len(polys) == 0 {
		ids := make([]int32, len(polys))
		for i := range ids {
			ids[i] = int32(i)
		}
		t.tiles = [][]int32{ids}
		t.edges = []int{total}
		return t
	}
	// Keys are tile numbers row by row (boxes start at or after all.Min,
	// so keys are not negative); a counting sort by key keeps the polygons
	// of each tile in layer order. Tiles that hold nothing are skipped.
	nx := all.Width()/size + 1
	ny := all.Height()/size + 1
	keyOf := func(b layout.Box) int64 {
		return (int64(b.Min.Y)-int64(all.Min.Y))/size*nx + (int64(b.Min.X)-int64(all.Min.X))/size
	}
	if nx*ny > int64(4*len(polys)+1024) {
		// Far more tiles than polygons: sort sparse keys instead.
		type keyed struct {
			k  int64
			id int32
		}
		ks := make([]keyed, len(polys))
		for i, b := range t.boxes {
			ks[i] = keyed{keyOf(b), int32(i)}
		}
		slices.SortFunc(ks, func(a, b keyed) int {
			if a.k != b.k {
				return cmp64(a.k, b.k)
			}
			return int(a.id) - int(b.id)
		})
		for i := 0; i < len(ks); {
			j, n := i, 0
			var ids []int32
			for j < len(ks) && ks[j].k == ks[i].k {
				ids = append(ids, ks[j].id)
				n += per[ks[j].id]
				j++
			}
			t.tiles = append(t.tiles, ids)
			t.edges = append(t.edges, n)
			i = j
		}
		return t
	}
	count := make([]int32, nx*ny+1)
	keys := make([]int32, len(polys))
	for i, b := range t.boxes {
		k := keyOf(b)
		keys[i] = int32(k)
		count[k+1]++
	}
	for k := int64(1); k <= nx*ny; k++ {
		count[k] += count[k-1]
	}
	order := make([]int32, len(polys))
	next := slices.Clone(count[:nx*ny])
	for i, k := range keys {
		order[next[k]] = int32(i)
		next[k]++
	}
	for k := int64(0); k < nx*ny; k++ {
		lo, hi := count[k], count[k+1]
		if lo == hi {
			continue
		}
		ids := order[lo:hi:hi]
		n := 0
		for _, id := range ids {
			n += per[id]
		}
		t.tiles = append(t.tiles, ids)
		t.edges = append(t.edges, n)
	}
	return t
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (res *ruleResult) addPairs(p []EdgePair) {
	if len(p) == 0 {
		return
	}
	res.mu.Lock()
	res.parts = append(res.parts, p)
	res.mu.Unlock()
}

// perPolygon plans a check whose pairs lie within one polygon (width,
// notch): each tile checks its own polygons, nothing else is needed.
func (r *runner) perPolygon(ri int, layer string, rel Relation, d int32, opt CheckOptions) []task {
	polys := r.layerPolys(layer)
	if d <= 0 || len(polys) == 0 {
		return nil
	}
	tl := r.layerTiles(layer)
	var ts []task
	for k, ids := range tl.tiles {
		ts = append(ts, task{rule: ri, cost: tl.edges[k], run: func(res *ruleResult) error {
			ps := make([]Polygon, len(ids))
			for i, id := range ids {
				ps[i] = polys[id]
			}
			res.addPairs(runSingle(ps, rel, sameShape, d, opt, nil))
			return nil
		}})
	}
	return ts
}

// surroundings returns, in ascending order, the indices of the polygons
// whose boxes lie within halo of the box of a polygon in core (of the
// other layer for two-layer checks, so boxes may differ from coreBoxes),
// and for each core polygon whether it has such a neighbour other than
// itself (self is its own index when both are of one layer, else -1).
func surroundings(idx spatial, coreBoxes []layout.Box, core []int32, halo int64, sameLayer bool) ([]int32, []bool) {
	seen := make(map[int32]struct{}, len(core)*2)
	var out []int32
	var stack []int32
	found := make([]bool, len(core))
	var self int32
	var hit bool
	visit := func(id int32) bool {
		if sameLayer && id == self {
			return true
		}
		hit = true
		if _, ok := seen[id]; !ok {
			seen[id] = struct{}{}
			out = append(out, id)
		}
		return true
	}
	for k, c := range core {
		b := coreBoxes[c]
		q := layout.Box{
			Min: layout.Point{X: clamp32(int64(b.Min.X) - halo), Y: clamp32(int64(b.Min.Y) - halo)},
			Max: layout.Point{X: clamp32(int64(b.Max.X) + halo), Y: clamp32(int64(b.Max.Y) + halo)},
		}
		self, hit = c, false
		stack = idx.search(q, stack, visit)
		found[k] = hit
	}
	slices.Sort(out)
	return out, found
}

// convex reports whether a polygon is convex and has no holes: it can have
// no notch.
func convex(p *Polygon) bool {
	if len(p.Holes) != 0 {
		return false
	}
	h := p.Hull
	n := len(h)
	for i := range n {
		a, b, c := h[i], h[(i+1)%n], h[(i+2)%n]
		if crossVec(b.X, b.Y, a.X, a.Y, c.X, c.Y, b.X, b.Y) >= 0 {
			return false
		}
	}
	return true
}

// tiledSpace plans a space check. A tile's job holds its own polygons (the
// core) and every polygon whose box lies closer than the rule distance d to
// one of theirs (a gap of at most d−1: the halo), in layer order, and
// reports only pairs with a core edge: such a pair's partner and every edge
// that can shield it (it must cross the pair's connecting segments, which
// lie within d−1 of the core polygon's box) are in the job, so the pair
// comes out exactly as in a check of the whole layer. Pairs between two
// tiles are found by both and de-duplicated.
//
// A polygon with no other polygon within d can pair only with itself (a
// notch) and be shielded only by itself: it is checked alone, or, if it is
// convex (cut layers are made of such), left out.
func (r *runner) tiledSpace(ri int, layer string, d int32, opt CheckOptions) []task {
	polys := r.layerPolys(layer)
	if d <= 0 || len(polys) == 0 {
		return nil
	}
	tl := r.layerTiles(layer)
	idx := tl.index(int64(d))
	var ts []task
	for k, core := range tl.tiles {
		ts = append(ts, task{rule: ri, cost: tl.edges[k], run: func(res *ruleResult) error {
			near, found := surroundings(idx, tl.boxes, core, int64(d)-1, true)
			isCore := make(map[int32]bool, len(core))
			var lone []Polygon
			for i, c := range core {
				switch {
				case found[i]:
					isCore[c] = true
					near = append(near, c)
				case !convex(&polys[c]):
					lone = append(lone, polys[c])
				}
			}
			if len(lone) > 0 {
				// A polygon with no other within d can only have notches, and
				// only its own edges can shield them: checked alone, with the
				// same scan order KLayout's space check would use.
				res.addPairs(runSingle(lone, RelSpace, sameShape, d, opt, nil))
			}
			if len(isCore) == 0 {
				return nil
			}
			slices.Sort(near)
			near = slices.Compact(near)
			ps := make([]Polygon, len(near))
			mask := make([]bool, len(near))
			for i, id := range near {
				ps[i] = polys[id]
				mask[i] = isCore[id]
			}
			res.addPairs(runSingle(ps, RelSpace, anyShapes, d, opt, mask))
			return nil
		}})
	}
	return ts
}

// tiledTwo plans a two-layer check (a's edges against b's): a tile's job
// holds its own a polygons that have b polygons within the rule distance,
// and those b polygons. Only the a polygon of a pair and b polygons can
// shield it, so nothing else is needed.
func (r *runner) tiledTwo(ri int, la, lb string, rel Relation, d int32, opt CheckOptions) []task {
	a, b := r.layerPolys(la), r.layerPolys(lb)
	if d <= 0 || len(a) == 0 || len(b) == 0 {
		return nil
	}
	tl := r.layerTiles(la)
	tb := r.layerTiles(lb)
	idx := tb.index(int64(d))
	var ts []task
	for k, core := range tl.tiles {
		ts = append(ts, task{rule: ri, cost: tl.edges[k], run: func(res *ruleResult) error {
			ids, found := surroundings(idx, tl.boxes, core, int64(d)-1, false)
			if len(ids) == 0 {
				return nil
			}
			// An a polygon with no b polygon near it pairs with nothing.
			pa := make([]Polygon, 0, len(core))
			for i, id := range core {
				if found[i] {
					pa = append(pa, a[id])
				}
			}
			pb := make([]Polygon, len(ids))
			for i, id := range ids {
				pb[i] = b[id]
			}
			res.addPairs(runTwo(pa, pb, rel, d, opt))
			return nil
		}})
	}
	return ts
}
