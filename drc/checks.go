package drc

import (
	"math"
	"slices"
	"sync"

	"github.com/layoutmig/layoutmig/layout"
)

// Width reports pairs of edges of the same polygon whose insides face each
// other closer than d (holes included; never across polygons). Symmetric
// pairs, as KLayout's width check on merged input. Like KLayout's
// single-polygon checks, Width and Notch keep duplicates: two pairs of
// edges whose violating parts coincide (points where edges meet) are both
// reported. The checks across polygons report each pair once.
func Width(polys []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runSingle(polys, RelWidth, sameShape, d, opt, nil)
}

// Notch reports pairs of edges of the same polygon whose outsides face each
// other closer than d.
func Notch(polys []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runSingle(polys, RelSpace, sameShape, d, opt, nil)
}

// Isolated reports pairs of edges of different polygons whose outsides face
// each other closer than d.
func Isolated(polys []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runSingle(polys, RelSpace, otherShapes, d, opt, nil)
}

// Space reports pairs of edges whose outsides face each other closer than d,
// within a polygon (notches) or between polygons. On merged input this is
// KLayout's space check (see DESIGN.md for why we check merged input only).
func Space(polys []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runSingle(polys, RelSpace, anyShapes, d, opt, nil)
}

// Separation reports edges of a facing edges of b on the outside, closer
// than d: ordered pairs (a edge, b edge). Touching (kissing) edges are
// reported, overlapping shapes are not.
func Separation(a, b []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runTwo(a, b, RelSpace, d, opt)
}

// Enclosing reports where outer encloses inner by less than d: an outer edge
// with its inside towards an inner edge's outside, both running the same
// way. Ordered pairs (outer edge, inner edge). Inner shapes wholly outside or
// straddling the outer edge give nothing (check those with a boolean).
func Enclosing(outer, inner []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runTwo(outer, inner, RelEnclosing, d, opt)
}

// Enclosed is Enclosing seen from the inner layer (KLayout's
// inner.enclosed(outer)): ordered pairs (inner edge, outer edge). The
// shielding differs slightly from Enclosing: the inner polygon of the pair
// and every outer polygon may shield.
func Enclosed(inner, outer []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runTwo(inner, outer, RelEnclosed, d, opt)
}

// Overlap reports edges of a facing edges of b on the inside (the overlap of
// a and b is narrower than d): ordered pairs (a edge, b edge). Abutting and
// kissing shapes are reported, disjoint shapes are not.
func Overlap(a, b []Polygon, d int32, opt CheckOptions) []EdgePair {
	return runTwo(a, b, RelWidth, d, opt)
}

// scope says which edges a check pairs and which may shield a pair.
type scope uint8

const (
	sameShape   scope = iota // edges of one polygon; shields from that polygon
	otherShapes              // edges of different polygons; shields from all
	anyShapes                // any two edges; shields from all
	twoLayers                // an a edge with a b edge; shields from the a polygon and all of b
)

// bruteLimit is the group size up to which pairs are found by comparing all
// edges (cheaper than an index for small polygons).
const bruteLimit = 48

// Direction classes: axis-parallel edges by direction, everything else
// together. Under an angle limit of at most 90°, an up edge can pair only
// with down edges (or, for enclosing and enclosed, with up edges) and with
// edges of the other class; the checker searches only those.
const (
	clsUp = iota
	clsDown
	clsLeft
	clsRight
	clsOther
	numCls
)

func dirClass(e Edge) uint8 {
	switch {
	case e.P1.X == e.P2.X && e.P2.Y > e.P1.Y:
		return clsUp
	case e.P1.X == e.P2.X && e.P2.Y < e.P1.Y:
		return clsDown
	case e.P1.Y == e.P2.Y && e.P2.X < e.P1.X:
		return clsLeft
	case e.P1.Y == e.P2.Y && e.P2.X > e.P1.X:
		return clsRight
	}
	return clsOther
}

var opposite = [numCls]uint8{clsDown, clsUp, clsRight, clsLeft, clsOther}

// engine runs one edge-pair check. It keeps its per-query state in fields so
// that the search callbacks are created once per run, not once per edge.
type engine struct {
	t      tester
	scope  scope
	sym    bool
	shield bool
	enl    int64 // d−1: boxes interact if their gap is at most enl
	// sameDir: the relation pairs edges running the same way (enclosing,
	// enclosed); anyDir: the angle limit admits every direction.
	sameDir, anyDir bool

	edges []Edge
	boxes []layout.Box // bounding box of each edge
	cls   []uint8      // direction class of each edge
	owner []int32      // polygon of each edge
	nA    int          // edges [0, nA) are of the first layer
	core  []bool       // single-layer checks in a tile: the polygons whose pairs are reported (nil: all)

	arrays *edgeArrays // where edges ... polyBox came from (returned by release)

	out []EdgePair

	// per polygon: first edge, bounding box (for KLayout's scan order)
	polyStart []int
	polyBox   []layout.Box
	orders    map[int32]map[uint64]bool

	// state of the current query
	cur    int
	pi, pj int
	pf, ps Edge
	hit    bool

	// The edges of the current group [lo, hi): by class (or all in class 0
	// when anyDir), and all of them for shielding. nil indexes mean
	// "compare all" (small groups).
	lo, hi      int
	part        *classIndex
	full        spatial
	visitPair   func(j int32) bool
	visitShield func(k int32) bool
	stackPair   []int32
	stackShield []int32
}

// classIndex indexes the edges of a group, one index per direction class.
type classIndex struct {
	idx [numCls]spatial
}

// runSingle runs a single-layer check. A non-nil core restricts the result
// to pairs with at least one edge on a polygon p with core[p] (a tile of a
// larger layer: the other polygons are its surroundings, which pair with and
// shield the core's edges but are checked in tiles of their own).
func runSingle(polys []Polygon, rel Relation, sc scope, d int32, opt CheckOptions, core []bool) []EdgePair {
	if d <= 0 || len(polys) == 0 {
		return nil
	}
	g := newEngine(rel, sc, d, opt, true)
	defer g.release()
	g.core = core
	g.load(polys, 0)
	g.nA = len(g.edges)
	if sc == sameShape {
		for p := range polys {
			g.runGroup(g.polyEdges(int32(p)))
		}
		// KLayout writes the pairs of each polygon as found, without
		// removing duplicates (see sortPairsKeep).
		return sortPairsKeep(g.out)
	}
	g.runGroup(0, len(g.edges))
	return SortPairs(g.out)
}

func runTwo(a, b []Polygon, rel Relation, d int32, opt CheckOptions) []EdgePair {
	if d <= 0 || len(a) == 0 || len(b) == 0 {
		return nil
	}
	g := newEngine(rel, twoLayers, d, opt, false)
	defer g.release()
	g.load(a, 0)
	g.nA = len(g.edges)
	g.load(b, int32(len(a)))
	g.runGroup(0, len(g.edges))
	return SortPairs(g.out)
}

// edgeArrays are an engine's per-edge and per-polygon arrays, kept in a pool
// between checks (a deck runs thousands of tiles; the arrays are most of
// what a check allocates).
type edgeArrays struct {
	edges     []Edge
	boxes     []layout.Box
	cls       []uint8
	owner     []int32
	polyStart []int
	polyBox   []layout.Box
}

var arrayPool = sync.Pool{New: func() any { return new(edgeArrays) }}

// release returns the engine's arrays to the pool; the engine must not be
// used afterwards (its result, g.out, is not pooled).
func (g *engine) release() {
	a := g.arrays
	a.edges, a.boxes, a.cls, a.owner = g.edges[:0], g.boxes[:0], g.cls[:0], g.owner[:0]
	a.polyStart, a.polyBox = g.polyStart[:0], g.polyBox[:0]
	g.arrays = nil
	arrayPool.Put(a)
}

func newEngine(rel Relation, sc scope, d int32, opt CheckOptions, sym bool) *engine {
	a := arrayPool.Get().(*edgeArrays)
	g := &engine{scope: sc, sym: sym, shield: !opt.Transparent, enl: int64(d) - 1, arrays: a,
		edges: a.edges, boxes: a.boxes, cls: a.cls, owner: a.owner, polyStart: a.polyStart, polyBox: a.polyBox}
	g.t.init(rel, d, opt)
	g.sameDir = rel == RelEnclosing || rel == RelEnclosed
	g.anyDir = g.t.angle > 90
	g.visitPair = func(j int32) bool {
		g.candidate(int(j))
		return true
	}
	g.visitShield = func(k int32) bool {
		if g.tryShield(int(k)) {
			g.hit = true
			return false
		}
		return true
	}
	return g
}

func (g *engine) load(polys []Polygon, base int32) {
	n := 0
	for i := range polys {
		n += polys[i].NumEdges()
	}
	g.edges = slices.Grow(g.edges, n)
	g.owner = slices.Grow(g.owner, n)
	g.boxes = slices.Grow(g.boxes, n)
	g.cls = slices.Grow(g.cls, n)
	for i := range polys {
		k := len(g.edges)
		g.polyStart = append(g.polyStart, k)
		g.polyBox = append(g.polyBox, polys[i].Bounds())
		g.edges = polys[i].AppendEdges(g.edges)
		for _, e := range g.edges[k:] {
			g.owner = append(g.owner, base+int32(i))
			g.boxes = append(g.boxes, e.Bounds())
			g.cls = append(g.cls, dirClass(e))
		}
	}
}

// query returns the search box of edge i: its bounding box grown by d−1, so
// that closed intersection means a gap smaller than d in x and in y
// (KLayout's box-scanner criterion).
func (g *engine) query(i int) layout.Box {
	b := g.boxes[i]
	return layout.Box{
		Min: layout.Point{X: clamp32(int64(b.Min.X) - g.enl), Y: clamp32(int64(b.Min.Y) - g.enl)},
		Max: layout.Point{X: clamp32(int64(b.Max.X) + g.enl), Y: clamp32(int64(b.Max.Y) + g.enl)},
	}
}

func clamp32(v int64) int32 {
	return int32(min(max(v, math.MinInt32), math.MaxInt32))
}

// near reports whether the boxes of edges i and j are closer than d in x
// and in y.
func (g *engine) near(i, j int) bool {
	a, b := &g.boxes[i], &g.boxes[j]
	return int64(a.Min.X) <= int64(b.Max.X)+g.enl && int64(b.Min.X) <= int64(a.Max.X)+g.enl &&
		int64(a.Min.Y) <= int64(b.Max.Y)+g.enl && int64(b.Min.Y) <= int64(a.Max.Y)+g.enl
}

// mayPair reports whether edges of classes a and b can pass the angle test.
func (g *engine) mayPair(a, b uint8) bool {
	if g.anyDir || a == clsOther || b == clsOther {
		return true
	}
	if g.sameDir {
		return a == b
	}
	return opposite[a] == b
}

// runGroup finds the violations among the edges [lo, hi): all pairs of a
// polygon (width, notch), of a layer (space, isolated), or first-layer
// edges against second-layer edges.
func (g *engine) runGroup(lo, hi int) {
	g.lo, g.hi = lo, hi
	g.full = nil
	if hi-lo <= bruteLimit {
		g.part = nil
		for i := lo; i < hi; i++ {
			for j := i + 1; j < hi; j++ {
				if g.mayPair(g.cls[i], g.cls[j]) && g.near(i, j) {
					g.pair(i, j)
				}
			}
		}
		return
	}
	g.part = g.buildClassIndex(lo, hi)
	end := hi
	if g.scope == twoLayers {
		end = g.nA
	}
	for i := lo; i < end; i++ {
		g.cur = i
		q := g.query(i)
		c := g.cls[i]
		for k := range uint8(numCls) {
			if !g.mayPair(c, k) || !g.searchFrom(c, k) {
				continue
			}
			if g.part.idx[k] == nil {
				continue
			}
			g.stackPair = g.part.idx[k].search(q, g.stackPair, g.visitPair)
		}
	}
}

// searchFrom decides which side of a single-layer pair of classes (a, b)
// searches, so that each pair is found once: an up edge finds its down
// partner, a right edge its left one, every axis-parallel edge its partners
// of the other class; other edges search among themselves. Two-layer checks
// search from the first layer only, every class.
func (g *engine) searchFrom(a, b uint8) bool {
	if g.scope == twoLayers || g.anyDir {
		return true
	}
	if a == clsOther {
		return b == clsOther
	}
	if b == clsOther {
		return true
	}
	if g.sameDir {
		return true
	}
	return a == clsUp || a == clsRight
}

func (g *engine) buildClassIndex(lo, hi int) *classIndex {
	ci := &classIndex{}
	from := lo
	if g.scope == twoLayers {
		from = g.nA // only the second layer is searched
	}
	class := func(e int) uint8 {
		if g.anyDir {
			return 0
		}
		return g.cls[e]
	}
	var count [numCls]int
	for e := from; e < hi; e++ {
		count[class(e)]++
	}
	var ids [numCls][]int32
	for c := range ids {
		ids[c] = make([]int32, 0, count[c])
	}
	for e := from; e < hi; e++ {
		c := class(e)
		ids[c] = append(ids[c], int32(e))
	}
	for c := range ci.idx {
		if len(ids[c]) > 0 {
			ci.idx[c] = buildSpatial(g.boxes, ids[c], g.enl)
		}
	}
	return ci
}

// candidate measures the current edge against edge j, found by a search.
func (g *engine) candidate(j int) {
	i := g.cur
	if g.scope == twoLayers {
		g.pair(i, j)
		return
	}
	// A pair whose classes are searched from both sides is met twice:
	// keep it from its lower edge only.
	if i == j || (j < i && g.searchFrom(g.cls[j], g.cls[i])) {
		return
	}
	g.pair(min(i, j), max(i, j))
}

// pair measures edges i and j (i < j for single-layer checks, i of the
// first layer for two-layer checks) and records a violation unless it is
// shielded.
func (g *engine) pair(i, j int) {
	if g.core != nil && !g.core[g.owner[i]] && !g.core[g.owner[j]] {
		return
	}
	switch g.scope {
	case otherShapes:
		if g.owner[i] == g.owner[j] {
			return
		}
	case twoLayers:
		if i >= g.nA || j < g.nA {
			return
		}
	}
	ep, ok := g.t.check(g.edges[i], g.edges[j])
	if !ok {
		return
	}
	if g.shield {
		g.pi, g.pj = i, j
		sh := g.shielded(ep.First, ep.Second)
		switch {
		case !g.sym:
			// Two layers: KLayout always passes the first layer's edge
			// first, as we do.
		case g.owner[i] != g.owner[j]:
			// KLayout checks a pair between two polygons once from each
			// polygon, with the arguments the other way round, and keeps
			// it if either run finds no shield.
			sh = sh && g.shielded(ep.Second, ep.First)
		default:
			// Within a polygon the order is KLayout's box-scanner order;
			// it matters only where the two orders disagree.
			if sh != g.shielded(ep.Second, ep.First) && !g.klayoutFirst(i, j) {
				sh = !sh
			}
		}
		if sh {
			return
		}
	}
	ep.Symmetric = g.sym
	g.out = append(g.out, ep)
}

// shielded reports whether some edge near either edge of the current pair
// (g.pi, g.pj) crosses both connecting segments of (f, s).
func (g *engine) shielded(f, s Edge) bool {
	g.pf, g.ps = f, s
	g.hit = false
	if g.part != nil && g.full == nil {
		ids := make([]int32, g.hi-g.lo)
		for k := range ids {
			ids[k] = int32(g.lo + k)
		}
		g.full = buildSpatial(g.boxes, ids, g.enl)
	}
	for _, x := range [2]int{g.pi, g.pj} {
		if g.full == nil {
			for k := g.lo; k < g.hi && !g.hit; k++ {
				if g.near(x, k) && g.tryShield(k) {
					g.hit = true
				}
			}
		} else {
			g.stackShield = g.full.search(g.query(x), g.stackShield, g.visitShield)
		}
		if g.hit {
			return true
		}
	}
	return false
}

// tryShield reports whether edge k may shield the current pair and does.
func (g *engine) tryShield(k int) bool {
	if k == g.pi || k == g.pj {
		return false
	}
	switch g.scope {
	case sameShape:
		if g.owner[k] != g.owner[g.pi] {
			return false
		}
	case twoLayers:
		if k < g.nA && g.owner[k] != g.owner[g.pi] {
			return false
		}
	}
	return shields(g.pf, g.ps, g.edges[k])
}

// polyEdges returns the edge range of polygon p.
func (g *engine) polyEdges(p int32) (lo, hi int) {
	lo = g.polyStart[p]
	hi = len(g.edges)
	if int(p)+1 < len(g.polyStart) {
		hi = g.polyStart[p+1]
	}
	return lo, hi
}

// klayoutFirst reports whether KLayout's box scanner passes edge i before
// edge j (both of one polygon, i < j) when it pairs them. For width and
// notch KLayout scans the polygon's edges alone; for space, the polygon's
// edges near it and those of the polygons around it (its "intruders"),
// taken in layer order. Up to 100 edges KLayout keeps insertion order,
// which is ours; beyond, its sweep decides (scanorder.go).
func (g *engine) klayoutFirst(i, j int) bool {
	p := g.owner[i]
	order, ok := g.orders[p]
	if !ok {
		order = scanOrder(g.scanCluster(p), int64(g.t.d))
		if g.orders == nil {
			g.orders = make(map[int32]map[uint64]bool)
		}
		g.orders[p] = order
	}
	smallerFirst, found := order[pairKey(int32(i), int32(j))]
	if !found {
		return true
	}
	return smallerFirst == (i < j)
}

// scanCluster lists, in KLayout's insertion order, the edges its box scanner
// sees when it checks polygon p.
func (g *engine) scanCluster(p int32) []scanItem {
	var items []scanItem
	lo, hi := g.polyEdges(p)
	if g.scope == sameShape {
		for k := lo; k < hi; k++ {
			items = append(items, scanItem{int32(k), g.edges[k].Bounds()})
		}
		return items
	}
	d := int64(g.t.d)
	sb := g.polyBox[p]
	common := layout.Box{
		Min: layout.Point{X: clamp32(int64(sb.Min.X) - d), Y: clamp32(int64(sb.Min.Y) - d)},
		Max: layout.Point{X: clamp32(int64(sb.Max.X) + d), Y: clamp32(int64(sb.Max.Y) + d)},
	}
	add := func(lo, hi int) {
		for k := lo; k < hi; k++ {
			if interactsBox(g.edges[k], common) {
				items = append(items, scanItem{int32(k), g.edges[k].Bounds()})
			}
		}
	}
	add(lo, hi)
	for q := range g.polyStart {
		if int32(q) != p && scanOverlap(sb, g.polyBox[q], d) {
			add(g.polyEdges(int32(q)))
		}
	}
	return items
}

// interactsBox is KLayout's test for entering an edge into a check clipped
// to a box: its bounding box touches the box, and a non-axis-parallel edge
// keeps a part when clipped to it (with KLayout's rounding).
func interactsBox(e Edge, b layout.Box) bool {
	if !boxesTouch(e.Bounds(), b) {
		return false
	}
	if e.isOrtho() {
		return true
	}
	dx, dy := float64(e.dx()), float64(e.dy())
	p1, p2 := e.P1, e.P2
	if p1.X > p2.X {
		p1, p2 = p2, p1
	}
	if p2.X < b.Min.X {
		return false
	} else if p1.X < b.Min.X {
		p1 = layout.Point{X: b.Min.X, Y: e.P1.Y + int32(roundHalfAway(float64(int64(b.Min.X)-int64(e.P1.X))*dy/dx))}
	}
	if p1.X > b.Max.X {
		return false
	} else if p2.X > b.Max.X {
		p2 = layout.Point{X: b.Max.X, Y: e.P1.Y + int32(roundHalfAway(float64(int64(b.Max.X)-int64(e.P1.X))*dy/dx))}
	}
	if p1.Y > p2.Y {
		p1, p2 = p2, p1
	}
	if p2.Y < b.Min.Y {
		return false
	} else if p1.Y < b.Min.Y {
		p1.Y = b.Min.Y
	}
	return p1.Y <= b.Max.Y
}
