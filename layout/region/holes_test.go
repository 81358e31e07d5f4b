package region

import (
	"math/rand/v2"
	"testing"
)

func TestResolvedHolesKeepsGeometry(t *testing.T) {
	const size = 60
	for seed := uint64(0); seed < 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		// A frame with random holes, some of them touching.
		r := regionOf(box(0, 0, size, size))
		cut := randomBoxes(rng, 2+rng.IntN(10), size-10)
		for k := range cut.pts {
			cut.pts[k] = cut.pts[k].Add(Point{X: 5, Y: 5})
		}
		if seed%2 == 1 {
			// sloped holes
			for i := 0; i < 3; i++ {
				x, y := int32(5+rng.IntN(size-20)), int32(5+rng.IntN(size-20))
				cut.AddPolygon([]Point{{X: x, Y: y}, {X: x + 3 + int32(rng.IntN(9)), Y: y + 1}, {X: x + 1, Y: y + 3 + int32(rng.IntN(9))}})
			}
		}
		m := r.Not(cut)
		res := m.ResolvedHoles()
		for i := 0; i < res.Len(); i++ {
			if res.NumHoles(i) != 0 {
				t.Fatalf("seed %d: polygon %d still has holes", seed, i)
			}
		}
		var got int64
		for i := 0; i < res.Len(); i++ {
			got -= area2(res.Hull(i)) / 2
		}
		if want := m.Area(); got != want {
			t.Fatalf("seed %d: area %d, want %d\n%s\n%s", seed, got, want, m, res)
		}
		if seed%2 == 0 {
			// Manhattan: the slit polygons merge back exactly.
			if x := res.Xor(m); !x.IsEmpty() {
				t.Fatalf("seed %d: resolved polygons differ from the original by %s\n%s\n%s", seed, x, m, res)
			}
		}
		cm, cr := coverage(m, size), coverage(res, size)
		for k := range cm {
			if cm[k] != cr[k] {
				t.Fatalf("seed %d: pixel %d differs\n%s\n%s", seed, k, m, res)
			}
		}
	}
}
