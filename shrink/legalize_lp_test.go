package shrink

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// The same objective as solveTension, as a dense linear programme for
// gonum's simplex: the reference the tension solver is tested against.
const (
	tierStep    = 1.0 / flowW
	softPenalty = float64(flowP) / flowW
)

// solveLP returns the moves, in grid steps, of nv variables that meet the
// hard rows and as much of the soft rows as possible with the least total
// motion (gonum's simplex), and the optimal objective.
func solveLP(nv int, rows []lrow, tier, weight []int64) ([]int64, float64, bool) {
	type col struct {
		v    int     // variable, -1 for none
		sign float64 // +1 or -1 on the variable
		cost float64
		row  int // bound row, -1 for none
	}
	var cols []col
	nb := 0
	for k := 0; k < nv; k++ {
		for _, s := range []float64{1, -1} {
			if tier[k] > 0 {
				w := float64(max(weight[k], 1))
				cols = append(cols, col{v: k, sign: s, cost: w, row: nb}, col{v: k, sign: s, cost: w + tierStep, row: -1})
				nb++
			} else {
				cols = append(cols, col{v: k, sign: s, cost: float64(max(weight[k], 1)), row: -1})
			}
		}
	}
	nr := len(rows)
	nsoft := 0
	for _, r := range rows {
		if r.soft {
			nsoft++
		}
	}
	m := nr + nb
	n := len(cols) + nr + nsoft + nb
	A := mat.NewDense(m, n, nil)
	b := make([]float64, m)
	c := make([]float64, n)
	basis := make([]int, m)
	byVar := make([][]int, nv)
	for j, cl := range cols {
		byVar[cl.v] = append(byVar[cl.v], j)
		c[j] = cl.cost
		if cl.row >= 0 {
			A.Set(nr+cl.row, j, 1)
		}
	}
	// Bound rows: tier column + u = tier.
	{
		bi := 0
		for k := 0; k < nv; k++ {
			if tier[k] > 0 {
				for range 2 {
					j := len(cols) + nr + nsoft + bi
					A.Set(nr+bi, j, 1)
					b[nr+bi] = float64(tier[k])
					basis[nr+bi] = j
					bi++
				}
			}
		}
	}
	si := 0
	for i, r := range rows {
		for _, v := range []struct {
			k int
			s float64
		}{{r.b, 1}, {r.a, -1}} {
			if v.k < 0 {
				continue
			}
			for _, j := range byVar[v.k] {
				A.Set(i, j, A.At(i, j)+v.s*cols[j].sign)
			}
		}
		w := len(cols) + i
		A.Set(i, w, -1)
		b[i] = float64(r.r)
		basis[i] = w
		if r.soft {
			s := len(cols) + nr + si
			A.Set(i, s, 1)
			c[s] = softPenalty
			if r.r > 0 {
				basis[i] = s
			}
			si++
		} else if r.r > 0 {
			return nil, 0, false // a hard row unmet before any move
		}
	}
	opt, x, err := lp.Simplex(c, A, b, 1e-9, basis)
	if err != nil {
		return nil, 0, false
	}
	out := make([]int64, nv)
	sum := make([]float64, nv)
	for j, cl := range cols {
		sum[cl.v] += cl.sign * x[j]
	}
	for k := range out {
		out[k] = int64(math.Round(sum[k]))
	}
	return out, opt, true
}

// tensionCost is the objective of solveTension's moves in the units of
// solveLP (a grid step of one edge costs 1).
func tensionCost(delta []int64, rows []lrow, tier, weight []int64) float64 {
	cost := 0.0
	for k, d := range delta {
		a := float64(abs64(d))
		cost += a * float64(max(weight[k], 1))
		if tier[k] > 0 {
			cost += max(0, a-float64(tier[k])) * tierStep
		}
	}
	at := func(k int) int64 {
		if k < 0 {
			return 0
		}
		return delta[k]
	}
	for _, r := range rows {
		if short := r.r - (at(r.b) - at(r.a)); short > 0 && r.soft {
			cost += float64(short) * softPenalty
		}
	}
	return cost
}

// TestTensionMatchesSimplex: on random programmes of difference rows, the
// circulation solver meets every hard row and reaches the optimum of
// gonum's simplex.
func TestTensionMatchesSimplex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		nv := 1 + rng.IntN(7)
		var rows []lrow
		for range 1 + rng.IntN(12) {
			a, b := rng.IntN(nv+1)-1, rng.IntN(nv+1)-1
			if a == b {
				continue
			}
			soft := rng.IntN(3) == 0
			r := -int64(rng.IntN(5))
			if soft {
				r = int64(rng.IntN(6)) - 1
			}
			rows = append(rows, lrow{a: a, b: b, r: r, soft: soft})
		}
		if len(rows) == 0 {
			continue
		}
		// Every variable in some row (the simplex wants no empty column).
		for k := 0; k < nv; k++ {
			rows = append(rows, lrow{a: k, b: -1, r: -int64(2 + rng.IntN(4))})
		}
		tier, weight := make([]int64, nv), make([]int64, nv)
		for k := range tier {
			tier[k] = int64(rng.IntN(3))
			weight[k] = int64(1 + rng.IntN(2))
		}
		got, ok := solveTension(nv, rows, tier, weight)
		if !ok {
			t.Fatalf("trial %d: tension solver failed on %v", trial, rows)
		}
		for _, r := range rows {
			da, db := int64(0), int64(0)
			if r.a >= 0 {
				da = got[r.a]
			}
			if r.b >= 0 {
				db = got[r.b]
			}
			if !r.soft && db-da < r.r {
				t.Fatalf("trial %d: hard row %+v broken by %v", trial, r, got)
			}
		}
		_, opt, ok := solveLP(nv, rows, tier, weight)
		if !ok {
			t.Fatalf("trial %d: simplex failed on %v", trial, rows)
		}
		if c := tensionCost(got, rows, tier, weight); math.Abs(c-opt) > 1e-6 {
			t.Errorf("trial %d: tension cost %g, simplex optimum %g (rows %v, moves %v)", trial, c, opt, rows, got)
		}
	}
}
