package region

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
)

// checkProperties checks the algebraic properties that hold exactly on
// Manhattan data:
//
//	A = (A and B) or (A not B)
//	merging is idempotent (a merged region merged again as raw polygons)
//	A ⊆ A.Sized(d).Sized(-d)
//
// and that every result is a valid merged region.
func checkProperties(t *testing.T, name string, a, b *Region, d int32, full bool) {
	t.Helper()
	valid := func(what string, r *Region) {
		t.Helper()
		var err error
		if full {
			err = validateMerged(r)
		} else {
			err = validateCheap(r)
		}
		if err != nil {
			t.Fatalf("%s: %s: %v", name, what, err)
		}
	}
	ma := a.Merged()
	valid("merge", ma)
	and, not := a.And(b), a.Not(b)
	valid("and", and)
	valid("not", not)
	valid("xor", a.Xor(b))
	valid("or", a.Or(b))
	back := and.Or(not)
	valid("(A and B) or (A not B)", back)
	if x := back.Xor(a); !x.IsEmpty() {
		t.Fatalf("%s: (A and B) or (A not B) differs from A by %d polygons, e.g. %s", name, x.Len(), firstPolygon(x))
	}
	// Idempotence: merge the merged polygons again, as raw input.
	raw := New()
	for i := 0; i < ma.Len(); i++ {
		p := ma.Polygon(i)
		raw.AddPolygon(p.Hull, p.Holes...)
	}
	again := raw.Merged()
	if again.String() != ma.String() {
		if x := again.Xor(ma); !x.IsEmpty() || again.Len() != ma.Len() {
			t.Fatalf("%s: merge is not idempotent: %d polygons, then %d; xor %s", name, ma.Len(), again.Len(), firstPolygon(x))
		}
	}
	grown := a.Sized(d)
	valid("sized(+d) merged", grown.Merged())
	round := grown.Sized(-d)
	valid("sized(+d).sized(-d)", round)
	if x := a.Not(round); !x.IsEmpty() {
		t.Fatalf("%s: sized(%d).sized(%d) does not contain the input: %d polygons left, e.g. %s", name, d, -d, x.Len(), firstPolygon(x))
	}
	shrunk := a.Sized(-d)
	valid("sized(-d)", shrunk)
	if x := shrunk.Not(a); !x.IsEmpty() {
		t.Fatalf("%s: sized(%d) is not inside the input: %s", name, -d, firstPolygon(x))
	}
}

func firstPolygon(r *Region) string {
	if r.IsEmpty() {
		return "()"
	}
	c := &Region{}
	c.appendRing(r.Hull(0))
	c.closePolygon()
	return c.String()
}

// validateCheap checks orientation, repeated and collinear points per ring
// and that the polygons do not overlap (their areas add up to the area of
// their union); validateMerged, quadratic, also checks that no edges cross.
func validateCheap(r *Region) error {
	var sum int64
	for i := 0; i < r.Len(); i++ {
		s, e := r.ringRange(i)
		for k := s; k < e; k++ {
			p := r.ring(k)
			if len(p) < 3 {
				return fmt.Errorf("polygon %d ring %d has %d points", i, k-s, len(p))
			}
			if a := area2(p); (k == s) != (a < 0) {
				return fmt.Errorf("polygon %d ring %d has the wrong orientation", i, k-s)
			}
			for j := range p {
				q0, q1, q2 := p[(j+len(p)-1)%len(p)], p[j], p[(j+1)%len(p)]
				if q0 == q1 || crossSign(q0, q1, q2) == 0 {
					return fmt.Errorf("polygon %d ring %d: repeated or collinear point %v", i, k-s, q1)
				}
			}
		}
		sum += r.PolygonArea(i)
	}
	raw := New()
	for i := 0; i < r.Len(); i++ {
		p := r.Polygon(i)
		raw.AddPolygon(p.Hull, p.Holes...)
	}
	if u := raw.Merged().Area(); u != sum {
		return fmt.Errorf("polygons overlap: areas add up to %d, their union is %d", sum, u)
	}
	return nil
}

func TestPropertiesRandomManhattan(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		size := 40 + rng.IntN(200)
		a := randomBoxes(rng, 1+rng.IntN(20), size)
		b := randomBoxes(rng, rng.IntN(20), size)
		randomRectilinear(rng, a, rng.IntN(3), size)
		randomRectilinear(rng, b, rng.IntN(3), size)
		d := int32(1 + rng.IntN(size/8))
		checkProperties(t, fmt.Sprintf("seed %d", seed), a, b, d, true)
	}
}

// random45 adds random polygons with 45-degree edges (octagons, diamonds,
// sheared boxes).
func random45(rng *rand.Rand, r *Region, n, size int) {
	for i := 0; i < n; i++ {
		x, y := int32(rng.IntN(size)), int32(rng.IntN(size))
		w, h := int32(2+rng.IntN(size/4)), int32(2+rng.IntN(size/4))
		switch rng.IntN(3) {
		case 0:
			c := min(w, h) / 3
			r.AddPolygon([]Point{{X: x + c, Y: y}, {X: x, Y: y + c}, {X: x, Y: y + h - c}, {X: x + c, Y: y + h},
				{X: x + w - c, Y: y + h}, {X: x + w, Y: y + h - c}, {X: x + w, Y: y + c}, {X: x + w - c, Y: y}})
		case 1:
			r.AddPolygon([]Point{{X: x, Y: y}, {X: x + w, Y: y + w}, {X: x, Y: y + 2*w}, {X: x - w, Y: y + w}})
		default:
			s := int32(1 - 2*rng.IntN(2))
			r.AddPolygon([]Point{{X: x, Y: y}, {X: x + s*h, Y: y + h}, {X: x + s*h + w, Y: y + h}, {X: x + w, Y: y}})
		}
	}
}

// On 45-degree data intersections are snapped to the grid, so the algebra
// holds only up to the snapping; every result must still be a valid merged
// region, and merging must be idempotent.
func TestPropertiesRandom45(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 4))
		size := 40 + rng.IntN(200)
		a, b := New(), New()
		random45(rng, a, 1+rng.IntN(10), size)
		random45(rng, b, rng.IntN(10), size)
		if seed%2 == 0 {
			a.AddRegion(randomBoxes(rng, rng.IntN(6), size))
		}
		name := fmt.Sprintf("seed %d", seed)
		for _, r := range []struct {
			what string
			r    *Region
		}{
			{"merge", a.Merged()}, {"and", a.And(b)}, {"not", a.Not(b)}, {"xor", a.Xor(b)}, {"or", a.Or(b)},
			{"sized(+5)", a.Sized(5).Merged()}, {"sized(-5)", a.Sized(-5)}, {"sized(7,3) octagon", a.SizedXY(7, 3, SizeOctagon).Merged()},
		} {
			if err := validateMerged(r.r); err != nil {
				t.Fatalf("%s: %s: %v\nA=%s\nB=%s\nresult=%s", name, r.what, err, a, b, r.r)
			}
		}
		ma := a.Merged()
		raw := New()
		for i := 0; i < ma.Len(); i++ {
			p := ma.Polygon(i)
			raw.AddPolygon(p.Hull, p.Holes...)
		}
		if again := raw.Merged(); again.Xor(ma).Area() != 0 {
			t.Fatalf("%s: merge is not idempotent\n%s\n%s", name, ma, again)
		}
	}
}

// TestPropertiesRealData checks the properties on every layer pair of real
// cells (the sky130 library on one sheet).
func TestPropertiesRealData(t *testing.T) {
	files := shareddata.LibraryFiles(t, "sky130/sky130_fd_sc_hd")
	if testing.Short() {
		files = files[:40]
	}
	sh := buildSheet(t, files, false)
	layers := [][2]layout.LayerKey{
		{lk(66, 20), lk(65, 20)}, {lk(67, 20), lk(68, 20)}, {lk(68, 20), lk(68, 44)},
		{lk(67, 44), lk(67, 20)}, {lk(64, 20), lk(65, 20)}, {lk(66, 44), lk(66, 20)},
	}
	for _, p := range layers {
		a, b := FromCell(sh.top, p[0]), FromCell(sh.top, p[1])
		for _, d := range []int32{25, 70} {
			checkProperties(t, fmt.Sprintf("%v vs %v, d=%d", p[0], p[1], d), a, b, d, false)
		}
	}
}
