package region

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomAnyAngle adds random triangles and quadrilaterals with arbitrary
// slopes (they may intersect themselves).
func randomAnyAngle(rng *rand.Rand, r *Region, n, size int) {
	for i := 0; i < n; i++ {
		k := 3 + rng.IntN(3)
		pts := make([]Point, k)
		cx, cy := rng.IntN(size), rng.IntN(size)
		for j := range pts {
			pts[j] = Point{X: int32(cx + rng.IntN(size/3) - size/6), Y: int32(cy + rng.IntN(size/3) - size/6)}
		}
		r.AddPolygon(pts)
	}
}

// On any-angle data every result must be a valid merged region.
func TestRandomAnyAngleValid(t *testing.T) {
	for seed := uint64(0); seed < 1500; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		size := 20 + rng.IntN(500)
		a, b := New(), New()
		randomAnyAngle(rng, a, 1+rng.IntN(8), size)
		randomAnyAngle(rng, b, rng.IntN(8), size)
		name := fmt.Sprintf("seed %d", seed)
		for _, r := range []struct {
			what string
			r    *Region
		}{
			{"merge", a.Merged()}, {"and", a.And(b)}, {"not", a.Not(b)}, {"xor", a.Xor(b)},
			{"sized(+7)", a.Sized(7).Merged()}, {"sized(-4)", a.Sized(-4)},
		} {
			if err := validateMerged(r.r); err != nil {
				t.Fatalf("%s: %s: %v\nA=%s\nB=%s\nresult=%s", name, r.what, err, a, b, r.r)
			}
		}
	}
}
