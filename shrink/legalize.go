package shrink

import (
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// hopLimit is how many constraints away from a rule violation an edge may
// still move in the same programme; edges further away stay put.
const hopLimit = 3

// legalize is the legalize transform of one cell: the width, space,
// enclosure, extension and area rules of the classes t lists are met by
// moving polygon edges as little as possible, first along x, then along y
// (see LEGALIZE.md). A cell that meets them already is not changed.
func (m *Migrator) legalize(nc *layout.Cell, t *rules.Transform, st *CellStats) error {
	lr := m.legalizeRules(t.Classes)
	g, ok := loadGeom(nc, lr)
	if !ok {
		return nil // non-Manhattan shapes: left as they are
	}
	var box layout.Box
	box = layout.EmptyBox()
	if m.outline != nil {
		if b, ok := outlineBox(nc.Layers[*m.outline]); ok {
			box = b
		}
	}
	for _, ypass := range []bool{false, true} {
		m.legalizePass(lr, g, ypass, box, st)
	}
	g.store(nc, lr)
	return nil
}

// legalizePass moves the edges across one axis.
func (m *Migrator) legalizePass(lr *legalRules, g *lgeom, ypass bool, box layout.Box, st *CellStats) {
	edges := g.edges(ypass, box, m.grid, lr.halfSpace(m.grid))
	if len(edges) == 0 {
		return
	}
	cons := m.constraints(lr, g, edges, ypass)
	// Groups: edges that move together (a cut is rigid, touching edges of
	// two layers stay touching).
	uf := newUnionFind(len(edges))
	cutOf := map[[2]int32]int32{}
	for i, e := range edges {
		if lr.cut[e.layer] && e.poly >= 0 {
			k := [2]int32{e.layer, e.poly}
			if j, ok := cutOf[k]; ok {
				uf.union(int(j), i)
			} else {
				cutOf[k] = int32(i)
			}
		}
	}
	for _, c := range cons {
		if c.eq {
			uf.union(int(c.a), int(c.b))
		}
	}
	ng := 0
	gid := make([]int, len(edges))
	root := map[int]int{}
	for i := range edges {
		r := uf.find(i)
		id, ok := root[r]
		if !ok {
			id = ng
			root[r] = id
			ng++
		}
		gid[i] = id
	}
	fixed := make([]bool, ng)
	bound := make([]int64, ng) // largest move, dbu
	members := make([][]int32, ng)
	// up and down limit the move of a group towards +u and -u (-1: none).
	up, down := make([]int64, ng), make([]int64, ng)
	for k := range up {
		up[k], down[k] = -1, -1
	}
	for i, e := range edges {
		k := gid[i]
		// Inwards is +u for an edge with its polygon on the +u side.
		in, out := &up[k], &down[k]
		if e.side < 0 {
			in, out = out, in
		}
		for _, l := range []struct {
			lim *int64
			v   int64
		}{{in, e.inward}, {out, e.outward}} {
			if l.v >= 0 && (*l.lim < 0 || l.v < *l.lim) {
				*l.lim = l.v
			}
		}
		fixed[k] = fixed[k] || e.fixed
		b := max(lr.reach[e.layer], m.grid)
		if bound[k] == 0 || b < bound[k] {
			bound[k] = b
		}
		members[k] = append(members[k], int32(i))
	}
	// Constraints between groups.
	type gcons struct {
		a, b int
		lcons
	}
	var gc []gcons
	adj := make([][]int32, ng)
	for _, c := range cons {
		if c.eq {
			continue
		}
		a, b := gid[c.a], gid[c.b]
		if a == b || fixed[a] && fixed[b] {
			continue
		}
		adj[a] = append(adj[a], int32(len(gc)))
		adj[b] = append(adj[b], int32(len(gc)))
		gc = append(gc, gcons{a, b, c})
	}
	// Seeds and the edges that may move with them.
	hop := make([]int, ng)
	for i := range hop {
		hop[i] = -1
	}
	var queue []int
	for _, c := range gc {
		if !c.hasFix {
			continue
		}
		for _, k := range []int{c.a, c.b} {
			if !fixed[k] && hop[k] < 0 {
				hop[k] = 0
				queue = append(queue, k)
			}
		}
	}
	if len(queue) == 0 {
		return
	}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		if hop[k] >= hopLimit {
			continue
		}
		for _, ci := range adj[k] {
			c := &gc[ci]
			o := c.a + c.b - k
			if fixed[o] || hop[o] >= 0 || c.d0-c.lo > bound[c.a]+bound[c.b] && !c.hasFix {
				continue
			}
			hop[o] = hop[k] + 1
			queue = append(queue, o)
		}
	}
	// Components of the moving groups.
	cu := newUnionFind(ng)
	for _, c := range gc {
		if hop[c.a] >= 0 && hop[c.b] >= 0 {
			cu.union(c.a, c.b)
		}
	}
	comps := map[int][]int{}
	var order []int
	for k := 0; k < ng; k++ {
		if hop[k] < 0 {
			continue
		}
		r := cu.find(k)
		if _, ok := comps[r]; !ok {
			order = append(order, r)
		}
		comps[r] = append(comps[r], k)
	}
	step := m.grid
	for _, r := range order {
		vars := comps[r]
		idx := map[int]int{}
		for i, k := range vars {
			idx[k] = i
		}
		local := func(k int) int {
			if i, ok := idx[k]; ok {
				return i
			}
			return -1
		}
		type rk struct {
			a, b int
			soft bool
		}
		best := map[rk]int64{}
		var keys []rk
		tier := make([]int64, len(vars))
		seen := map[int32]bool{}
		var classes []string
		classOf := map[int]string{}
		for _, k := range vars {
			for _, ci := range adj[k] {
				if seen[ci] {
					continue
				}
				seen[ci] = true
				c := &gc[ci]
				a, b := local(c.a), local(c.b)
				rows := []struct {
					v    int64
					soft bool
				}{{(c.lo - c.d0) / step, false}}
				if c.hasFix {
					rows = append(rows, struct {
						v    int64
						soft bool
					}{(c.fix - c.d0) / step, true})
					need := ((c.fix-c.d0)/step + 1) / 2
					for _, v := range []int{a, b} {
						if v >= 0 {
							tier[v] = max(tier[v], need, 1)
						}
					}
					classes = append(classes, c.class)
					for _, v := range []int{c.a, c.b} {
						if _, ok := classOf[v]; !ok {
							classOf[v] = c.class
						}
					}
				}
				for _, rw := range rows {
					key := rk{a, b, rw.soft}
					if v, ok := best[key]; !ok || rw.v > v {
						if !ok {
							keys = append(keys, key)
						}
						best[key] = rw.v
					}
				}
			}
		}
		if len(classes) == 0 {
			continue
		}
		rows := make([]lrow, 0, len(keys))
		for _, key := range keys {
			rows = append(rows, lrow{a: key.a, b: key.b, r: best[key], soft: key.soft})
		}
		for i, k := range vars {
			if up[k] >= 0 {
				rows = append(rows, lrow{a: i, b: -1, r: -up[k] / step})
			}
			if down[k] >= 0 {
				rows = append(rows, lrow{a: -1, b: i, r: -down[k] / step})
			}
		}
		weight := make([]int64, len(vars))
		for i, k := range vars {
			weight[i] = int64(len(members[k]))
		}
		delta, ok := solveTension(len(vars), rows, tier, weight)
		if !ok {
			continue
		}
		// Verify: hard rows met, moves within their bounds.
		for _, rw := range rows {
			var da, db int64
			if rw.a >= 0 {
				da = delta[rw.a]
			}
			if rw.b >= 0 {
				db = delta[rw.b]
			}
			if !rw.soft && db-da < rw.r {
				ok = false
			}
		}
		for i, k := range vars {
			if abs64(delta[i]*step) > bound[k] {
				ok = false
			}
		}
		if !ok {
			continue
		}
		for i, k := range vars {
			if delta[i] == 0 {
				continue
			}
			d := delta[i] * step
			for _, e := range members[k] {
				g.move(&edges[e], edges[e].u+int32(d), ypass)
			}
			class := classOf[k]
			if class == "" {
				class = classes[0]
			}
			st.addFix(class, len(members[k]))
			st.addMoves(len(members[k]), m.um(abs64(d)))
		}
	}
}

// unionFind is a disjoint-set forest over 0..n-1.
type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n)}
	for i := range u.parent {
		u.parent[i] = i
	}
	return u
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[max(ra, rb)] = min(ra, rb)
	}
}
