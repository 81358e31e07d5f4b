package region

import (
	"math/rand/v2"
	"testing"
)

// run90tree must produce exactly what run90 produces.
func TestTreeScanlineEqualsListScanline(t *testing.T) {
	ops := []Inside{InsideMerge, InsideAnd, InsideOr, InsideNot, InsideXor, func(a, _ int) bool { return a > 1 }}
	for seed := uint64(0); seed < 400; seed++ {
		rng := rand.New(rand.NewPCG(seed, 9))
		size := 20 + rng.IntN(300)
		a := randomBoxes(rng, 1+rng.IntN(40), size)
		b := randomBoxes(rng, rng.IntN(40), size)
		randomRectilinear(rng, a, rng.IntN(3), size)
		var w worker
		for i := 0; i < a.Len(); i++ {
			w.addRing(a.Hull(i), 0)
		}
		for i := 0; i < b.Len(); i++ {
			w.addRing(b.Hull(i), 1)
		}
		for _, in := range ops {
			p := predicate{inside: in}
			run := func(tree bool) string {
				w.sw.ed = w.sw.ed[:0]
				for i, e := range w.kin {
					if e.p1.X == e.p2.X {
						w.sw.ed = appendSedge(w.sw.ed, e, w.kop[i])
					}
				}
				if tree {
					w.sw.run90tree(&p)
				} else {
					w.sw.run90(&p)
				}
				w.rs.trace(w.sw.oe)
				var r Region
				w.rs.emit(&r)
				return r.String()
			}
			list, tree := run(false), run(true)
			if list != tree {
				t.Fatalf("seed %d: list %s\ntree %s\nA=%s\nB=%s", seed, list, tree, a, b)
			}
		}
	}
}

// A comb: one bar with many teeth of different lengths is a single
// cluster whose scanline crosses every tooth; the tree scanline handles it
// in O(n log n).
func TestCombCluster(t *testing.T) {
	r := New()
	const teeth = 20000
	r.AddBox(box(0, 0, 3*teeth, 10))
	for i := int32(0); i < teeth; i++ {
		r.AddBox(box(3*i, 5, 3*i+1, 20+(i*7919)%100000))
	}
	m := r.Merged()
	if m.Len() != 1 || len(m.Hull(0)) != 4+4*teeth-2 { // the first tooth shares the bar's corner
		t.Fatalf("%d polygons, %d points", m.Len(), len(m.Hull(0)))
	}
}
