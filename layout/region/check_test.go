package region

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// coverage returns, for every unit pixel of [0,n)², whether its centre is
// inside the region (winding number of all rings != 0, summed per polygon).
func coverage(r *Region, n int) []bool {
	out := make([]bool, n*n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			// test point at the pixel centre, scaled by 2 to stay integral
			inside := false
			for i := 0; i < r.Len() && !inside; i++ {
				s, e := r.ringRange(i)
				w := 0
				for k := s; k < e; k++ {
					w += windingHalf(r.ring(k), 2*x+1, 2*y+1)
				}
				inside = w != 0
			}
			out[y*n+x] = inside
		}
	}
	return out
}

// windingHalf is the winding number around the point (qx/2, qy/2).
func windingHalf(ring []Point, qx, qy int) int {
	w := 0
	a := ring[len(ring)-1]
	for _, b := range ring {
		ay, by := 2*int64(a.Y), 2*int64(b.Y)
		ax, bx := 2*int64(a.X), 2*int64(b.X)
		c := (bx-ax)*(int64(qy)-ay) - (by-ay)*(int64(qx)-ax)
		if ay <= int64(qy) {
			if by > int64(qy) && c > 0 {
				w++
			}
		} else if by <= int64(qy) && c < 0 {
			w--
		}
		a = b
	}
	return w
}

// validateMerged checks the invariants of a merged region: clockwise hulls,
// counter-clockwise holes, no repeated or collinear points, no two edges
// crossing, holes inside their hull.
func validateMerged(r *Region) error {
	var all [][2]Point
	for i := 0; i < r.Len(); i++ {
		s, e := r.ringRange(i)
		for k := s; k < e; k++ {
			p := r.ring(k)
			if len(p) < 3 {
				return fmt.Errorf("polygon %d ring %d has %d points", i, k-s, len(p))
			}
			a := area2(p)
			if (k == s) != (a < 0) {
				return fmt.Errorf("polygon %d ring %d has wrong orientation (area2 %d)", i, k-s, a)
			}
			for j := range p {
				q0, q1, q2 := p[(j+len(p)-1)%len(p)], p[j], p[(j+1)%len(p)]
				if q0 == q1 {
					return fmt.Errorf("polygon %d ring %d repeats point %v", i, k-s, q1)
				}
				if crossSign(q0, q1, q2) == 0 {
					return fmt.Errorf("polygon %d ring %d has a collinear point %v", i, k-s, q1)
				}
				all = append(all, [2]Point{q1, q2})
			}
			if k > s && !ringEncloses(r.Hull(i), p) {
				return fmt.Errorf("polygon %d hole %d is not inside its hull", i, k-s-1)
			}
		}
	}
	for a := 0; a < len(all); a++ {
		for b := a + 1; b < len(all); b++ {
			if properCross(all[a][0], all[a][1], all[b][0], all[b][1]) {
				return fmt.Errorf("edges %v and %v cross", all[a], all[b])
			}
		}
	}
	// No polygon may lie inside another (outside its holes); edges do not
	// cross, so it is enough to test one vertex not on the other polygon.
	for i := 0; i < r.Len(); i++ {
		for j := 0; j < r.Len(); j++ {
			if i == j || !boxesTouch(r.PolygonBBox(i), r.PolygonBBox(j)) {
				continue
			}
			for _, v := range r.Hull(i) {
				if in, on := polygonContains(r, j, v); !on {
					if in {
						return fmt.Errorf("polygon %d lies inside polygon %d", i, j)
					}
					break
				}
			}
		}
	}
	return nil
}

// polygonContains reports whether q is inside polygon j (inside its hull,
// outside its holes) and whether q lies on one of its rings.
func polygonContains(r *Region, j int, q Point) (in, on bool) {
	s, e := r.ringRange(j)
	for k := s; k < e; k++ {
		if onRing(r.ring(k), q) {
			return false, true
		}
	}
	if winding(r.Hull(j), q) == 0 {
		return false, false
	}
	for k := s + 1; k < e; k++ {
		if winding(r.ring(k), q) != 0 {
			return false, false
		}
	}
	return true, false
}

// properCross reports whether two segments cross in a point interior to
// both, or overlap collinearly.
func properCross(a, b, c, d Point) bool {
	d1, d2 := crossSign(a, b, c), crossSign(a, b, d)
	d3, d4 := crossSign(c, d, a), crossSign(c, d, b)
	if d1*d2 < 0 && d3*d4 < 0 {
		return true
	}
	if d1 == 0 && d2 == 0 {
		// collinear: overlap of positive length?
		lo := func(p, q Point) int64 {
			if a.X != b.X {
				return int64(min(p.X, q.X))
			}
			return int64(min(p.Y, q.Y))
		}
		hi := func(p, q Point) int64 {
			if a.X != b.X {
				return int64(max(p.X, q.X))
			}
			return int64(max(p.Y, q.Y))
		}
		return min(hi(a, b), hi(c, d)) > max(lo(a, b), lo(c, d))
	}
	return false
}

func randomBoxes(rng *rand.Rand, n, size int) *Region {
	r := New()
	for i := 0; i < n; i++ {
		x0, y0 := int32(rng.IntN(size-1)), int32(rng.IntN(size-1))
		x1, y1 := x0+1+int32(rng.IntN(size/3)), y0+1+int32(rng.IntN(size/3))
		r.AddBox(box(x0, y0, min(x1, int32(size)), min(y1, int32(size))))
	}
	return r
}

// randomRectilinear adds random rectilinear polygons (staircases that may
// intersect themselves).
func randomRectilinear(rng *rand.Rand, r *Region, n, size int) {
	for i := 0; i < n; i++ {
		k := 2 + rng.IntN(4)
		pts := make([]Point, 0, 2*k)
		x, y := int32(rng.IntN(size)), int32(rng.IntN(size))
		pts = append(pts, Point{X: x, Y: y})
		for j := 0; j < k-1; j++ {
			x = int32(rng.IntN(size))
			pts = append(pts, Point{X: x, Y: y})
			y = int32(rng.IntN(size))
			pts = append(pts, Point{X: x, Y: y})
		}
		pts = append(pts, Point{X: pts[0].X, Y: y})
		r.AddPolygon(pts)
	}
}

func TestRandomManhattanAgainstRaster(t *testing.T) {
	const size = 40
	ops := []struct {
		name string
		f    func(a, b *Region) *Region
		in   func(a, b bool) bool
	}{
		{"merge", func(a, b *Region) *Region { return a.Merged() }, func(a, b bool) bool { return a }},
		{"and", (*Region).And, func(a, b bool) bool { return a && b }},
		{"or", (*Region).Or, func(a, b bool) bool { return a || b }},
		{"not", (*Region).Not, func(a, b bool) bool { return a && !b }},
		{"xor", (*Region).Xor, func(a, b bool) bool { return a != b }},
	}
	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		a := randomBoxes(rng, 1+rng.IntN(12), size)
		b := randomBoxes(rng, rng.IntN(12), size)
		if seed%3 == 0 {
			randomRectilinear(rng, a, 2, size)
			randomRectilinear(rng, b, 2, size)
		}
		ca, cb := coverage(a, size), coverage(b, size)
		for _, op := range ops {
			res := op.f(a, b)
			if err := validateMerged(res); err != nil {
				t.Fatalf("seed %d %s: invalid result: %v\nA=%s\nB=%s\nres=%s", seed, op.name, err, a, b, res)
			}
			cr := coverage(res, size)
			for i := range cr {
				if cr[i] != op.in(ca[i], cb[i]) {
					t.Fatalf("seed %d %s: pixel (%d,%d) is %v\nA=%s\nB=%s\nres=%s", seed, op.name, i%size, i/size, cr[i], a, b, res)
				}
			}
		}
	}
}
