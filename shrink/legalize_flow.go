package shrink

// The programme of one component (see LEGALIZE.md) is a minimum-cost
// tension problem: find integer moves Δ (potentials, the fixed edges being
// the root at 0) that minimise
//
//	Σ_i W·n_i·|Δ_i| + Σ_i max(0, |Δ_i| − h_i) + Σ_soft P·max(0, r_k − (Δ_b − Δ_a))
//
// subject to the hard rows Δ_b − Δ_a ≥ r_k. Its linear-programming dual is
// a minimum-cost circulation: every row becomes an arc a→b of cost −r_k
// (capacity P for a soft row, unbounded for a hard one), every |Δ_i| term
// a pair of arcs between the root and i of capacity W·n_i (and 1, cost h_i,
// for the tier that splits a push evenly). The circulation is found by
// cancelling negative cycles (Bellman-Ford); the moves are then the
// shortest-path potentials of its residual graph (Δ_i = d_root − d_i),
// which meet every hard row and are optimal by complementary slackness.
// Costs and capacities are integers, so the moves are integers. Cost:
// O(V·E) per cancelled cycle; a component has tens to a few hundred
// variables.

// Weights of the tension problem: W per grid step of motion of each of the
// n_i edges of variable i (a cut moves two edges at once), 1 more per
// step beyond the tier, P per grid step a soft row stays short.
const (
	flowW   = 100
	flowP   = 100000
	flowInf = int64(1) << 40
)

// lrow is one row of a component's programme, in grid steps:
//
//	Δ_b − Δ_a ≥ r
//
// a or b is -1 for an edge that does not move (the root). A soft row may be
// left short at a cost.
type lrow struct {
	a, b int
	r    int64
	soft bool
}

type flowArc struct {
	from, to   int
	cost, cap_ int64
	flow       int64
}

// solveTension returns the optimal moves, in grid steps, of nv variables
// under rows; a step of variable k costs weight[k], and tier[k] > 0 makes
// its steps beyond tier[k] cost a little more. ok is false when the rows cannot all be met by the hard
// ones (a hard row unmet at Δ = 0).
func solveTension(nv int, rows []lrow, tier, weight []int64) ([]int64, bool) {
	root := nv
	var arcs []flowArc
	node := func(k int) int {
		if k < 0 {
			return root
		}
		return k
	}
	for _, r := range rows {
		if !r.soft && r.r > 0 {
			return nil, false
		}
		c := flowInf
		if r.soft {
			c = flowP
		}
		arcs = append(arcs, flowArc{from: node(r.a), to: node(r.b), cost: -r.r, cap_: c})
	}
	for k := 0; k < nv; k++ {
		w := flowW * max(weight[k], 1)
		arcs = append(arcs, flowArc{from: root, to: k, cap_: w}, flowArc{from: k, to: root, cap_: w})
		if tier[k] > 0 {
			arcs = append(arcs, flowArc{from: root, to: k, cost: tier[k], cap_: 1}, flowArc{from: k, to: root, cost: tier[k], cap_: 1})
		}
	}
	n := nv + 1
	dist := make([]int64, n)
	pred := make([]int, n) // residual arc index: 2*e forward, 2*e+1 backward
	for {
		cyc := negativeCycle(n, arcs, dist, pred)
		if cyc == nil {
			break
		}
		push := flowInf
		for _, ra := range cyc {
			e := &arcs[ra/2]
			if ra%2 == 0 {
				push = min(push, e.cap_-e.flow)
			} else {
				push = min(push, e.flow)
			}
		}
		for _, ra := range cyc {
			if ra%2 == 0 {
				arcs[ra/2].flow += push
			} else {
				arcs[ra/2].flow -= push
			}
		}
	}
	// Potentials: shortest distances in the residual graph (no negative
	// cycle is left), from every node at once.
	out := make([]int64, nv)
	for k := range out {
		out[k] = dist[root] - dist[k]
	}
	return out, true
}

// negativeCycle runs Bellman-Ford from every node at once on the residual
// graph of arcs. It returns the residual arcs of a negative cycle, or nil
// with dist holding shortest distances.
func negativeCycle(n int, arcs []flowArc, dist []int64, pred []int) []int {
	for i := range dist {
		dist[i], pred[i] = 0, -1
	}
	last := -1
	for it := 0; it < n; it++ {
		last = -1
		for e := range arcs {
			a := &arcs[e]
			if a.flow < a.cap_ && dist[a.from]+a.cost < dist[a.to] {
				dist[a.to] = dist[a.from] + a.cost
				pred[a.to] = 2 * e
				last = a.to
			}
			if a.flow > 0 && dist[a.to]-a.cost < dist[a.from] {
				dist[a.from] = dist[a.to] - a.cost
				pred[a.from] = 2*e + 1
				last = a.from
			}
		}
		if last < 0 {
			return nil
		}
	}
	// last was relaxed in the n-th pass: walking back n steps lands on the
	// cycle.
	v := last
	for range n {
		if pred[v] < 0 {
			return nil
		}
		v = tail(arcs, pred[v])
	}
	var cyc []int
	for u := v; ; {
		ra := pred[u]
		if ra < 0 || len(cyc) > n {
			return nil
		}
		cyc = append(cyc, ra)
		u = tail(arcs, ra)
		if u == v {
			break
		}
	}
	return cyc
}

// tail returns the node a residual arc leaves.
func tail(arcs []flowArc, ra int) int {
	if ra%2 == 0 {
		return arcs[ra/2].from
	}
	return arcs[ra/2].to
}
