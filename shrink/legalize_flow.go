package shrink

import "container/heap"

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
// successive shortest paths; the moves are then the node potentials of its
// residual graph (Δ_i = π_root − π_i), which meet every hard row and are
// optimal by complementary slackness. Costs and capacities are integers,
// so the moves are integers. Cost: O(E log V) per augmenting path; a component
// has tens to a few hundred variables.

// Weights of the tension problem: W per grid step of motion of each of the
// n_i edges of variable i (a cut moves two edges at once), 1 more per
// step beyond the tier, P per grid step a soft row stays short (a rule
// step is worth twenty edges moved by a step).
const (
	flowW   = 100
	flowP   = 20 * flowW
	flowInf = int64(1) << 40
	// maxAugment bounds the augmenting paths of one programme: past it the
	// component is left as it is.
	maxAugment = 100000
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
	pi, ok := minCostCirculation(nv+1, arcs)
	if !ok {
		return nil, false
	}
	out := make([]int64, nv)
	for k := range out {
		out[k] = pi[root] - pi[k]
	}
	return out, true
}

// heapItem is a node and its tentative distance in the Dijkstra heap.
type heapItem struct {
	d int64
	v int
}

// distHeap is a min-heap of heapItem by distance (container/heap).
type distHeap []heapItem

func (h distHeap) Len() int           { return len(h) }
func (h distHeap) Less(i, j int) bool { return h[i].d < h[j].d || h[i].d == h[j].d && h[i].v < h[j].v }
func (h distHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)        { *h = append(*h, x.(heapItem)) }
func (h *distHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// minCostCirculation finds a minimum-cost circulation on arcs (updating
// their flows) by successive shortest paths: every negative arc is
// saturated first, which leaves no negative residual arc but an excess at
// its head and a deficit at its tail; the excesses are then sent to the
// deficits along shortest paths of reduced cost (Dijkstra with node
// potentials). It returns the final potentials: no residual arc has a
// negative reduced cost, c(u,v) + π(u) − π(v) ≥ 0.
func minCostCirculation(n int, arcs []flowArc) ([]int64, bool) {
	excess := make([]int64, n)
	out := make([][]int, n) // residual arcs leaving each node: 2e forward, 2e+1 backward
	for e := range arcs {
		a := &arcs[e]
		if a.cost < 0 {
			a.flow = a.cap_
			excess[a.to] += a.cap_
			excess[a.from] -= a.cap_
		}
		out[a.from] = append(out[a.from], 2*e)
		out[a.to] = append(out[a.to], 2*e+1)
	}
	pi := make([]int64, n)
	dist := make([]int64, n)
	pred := make([]int, n)
	done := make([]bool, n)
	const inf = int64(1) << 62
	var h distHeap
	for it := 0; ; it++ {
		if it == maxAugment {
			return nil, false
		}
		// Dijkstra from every node with an excess at once, with a binary
		// heap: O(E log V).
		any := false
		h := h[:0]
		for v := range dist {
			dist[v], pred[v], done[v] = inf, -1, false
			if excess[v] > 0 {
				dist[v] = 0
				h = append(h, heapItem{0, v})
				any = true
			}
		}
		if !any {
			return pi, true
		}
		heap.Init(&h)
		target := -1
		for h.Len() > 0 {
			it := heap.Pop(&h).(heapItem)
			u := it.v
			if done[u] || it.d > dist[u] {
				continue
			}
			done[u] = true
			if excess[u] < 0 {
				target = u
				break
			}
			for _, ra := range out[u] {
				a := &arcs[ra/2]
				v, c, resid := a.to, a.cost, a.cap_-a.flow
				if ra%2 == 1 {
					v, c, resid = a.from, -a.cost, a.flow
				}
				if resid <= 0 || done[v] {
					continue
				}
				if d := dist[u] + c + pi[u] - pi[v]; d < dist[v] {
					dist[v], pred[v] = d, ra
					heap.Push(&h, heapItem{d, v})
				}
			}
		}
		// Nodes left in the heap keep their tentative distances, all at
		// least the target's: the potentials below cap them there.
		if target < 0 {
			return nil, false // an excess with no way back: cannot happen
		}
		dt := dist[target]
		for v := range pi {
			pi[v] += min(dist[v], dt)
		}
		// The path back to its source, and how much it carries.
		push := -excess[target]
		v := target
		for pred[v] >= 0 {
			ra := pred[v]
			a := &arcs[ra/2]
			if ra%2 == 0 {
				push = min(push, a.cap_-a.flow)
				v = a.from
			} else {
				push = min(push, a.flow)
				v = a.to
			}
		}
		push = min(push, excess[v])
		for u := target; pred[u] >= 0; {
			ra := pred[u]
			a := &arcs[ra/2]
			if ra%2 == 0 {
				a.flow += push
				u = a.from
			} else {
				a.flow -= push
				u = a.to
			}
		}
		excess[v] -= push
		excess[target] += push
	}
}
