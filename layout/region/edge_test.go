package region

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestDegenerateInput(t *testing.T) {
	empty := New()
	a := regionOf(box(0, 0, 100, 100))
	for name, r := range map[string]*Region{
		"empty merge":       empty.Merged(),
		"empty and":         empty.And(a),
		"and empty":         a.And(empty),
		"empty not":         empty.Not(a),
		"empty sized":       empty.Sized(10),
		"empty interacting": empty.Interacting(a),
		"zero-area polygon": func() *Region {
			r := New()
			r.AddPolygon([]Point{{X: 0, Y: 0}, {X: 10, Y: 10}, {X: 20, Y: 20}})
			return r.Merged()
		}(),
		"point polygon":  func() *Region { r := New(); r.AddPolygon([]Point{{X: 5, Y: 5}, {X: 5, Y: 5}}); return r.Merged() }(),
		"zero-width box": func() *Region { r := New(); r.AddBox(box(0, 0, 0, 100)); return r.Merged() }(),
		"spike only polygon": func() *Region {
			r := New()
			r.AddPolygon([]Point{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 50, Y: 0}})
			return r.Merged()
		}(),
		"self-cancelling box": regionOf(box(0, 0, 10, 10)).Not(regionOf(box(0, 0, 10, 10))),
	} {
		if !r.IsEmpty() {
			t.Errorf("%s: %s, want empty", name, r)
		}
	}
	if got := a.Not(empty).String(); got != a.String() {
		t.Errorf("a not empty = %s", got)
	}
	if got := a.Or(empty).String(); got != a.String() {
		t.Errorf("a or empty = %s", got)
	}
}

// Manhattan data may use the whole int32 range.
func TestLargeManhattanCoordinates(t *testing.T) {
	const m = math.MaxInt32 - 10
	r := regionOf(box(-m, -m, 0, 0), box(-5, -5, m, m), box(-m, 0, -m+100, m))
	got := r.Merged()
	if err := validateMerged(got); err != nil {
		t.Fatal(err)
	}
	if got.Len() != 1 {
		t.Fatalf("%s", got)
	}
	if s := got.Sized(5); s.BBox() != box(-m-5, -m-5, m+5, m+5) {
		t.Errorf("sized bbox %v", s.BBox())
	}
}

// A self-intersecting polygon counts where its winding number is non-zero,
// also when it overlaps other polygons.
func TestSelfIntersectingPolygons(t *testing.T) {
	bowtie := []Point{{X: 0, Y: 0}, {X: 100, Y: 100}, {X: 100, Y: 0}, {X: 0, Y: 100}}
	r := New()
	r.AddPolygon(bowtie)
	if a := r.Area(); a != 5000 {
		t.Errorf("bow tie area %d, want 5000", a)
	}
	// Figure eight of two boxes drawn in opposite directions: both lobes count.
	eight := []Point{{X: 0, Y: 0}, {X: 0, Y: 100}, {X: 100, Y: 100}, {X: 100, Y: 200}, {X: 200, Y: 200}, {X: 200, Y: 100}, {X: 100, Y: 100}, {X: 100, Y: 0}}
	r2 := New()
	r2.AddPolygon(eight)
	r2.AddBox(box(150, 150, 250, 250))
	if a := r2.Area(); a != 20000+10000-2500 {
		t.Errorf("figure eight with an overlapping box: area %d, want %d", a, 27500)
	}
	// A loop drawn twice counts once.
	twice := []Point{{X: 0, Y: 0}, {X: 0, Y: 100}, {X: 100, Y: 100}, {X: 100, Y: 0}, {X: 0, Y: 0}, {X: 0, Y: 100}, {X: 100, Y: 100}, {X: 100, Y: 0}}
	r3 := New()
	r3.AddPolygon(twice)
	r3.AddBox(box(50, 0, 150, 100))
	if a := r3.Area(); a != 15000 {
		t.Errorf("doubly wound box with an overlapping box: area %d, want 15000", a)
	}
}

// The rectilinear self-intersection checks agree with the generic one.
func TestRectilinearSimpleCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	simple := 0
	for it := 0; it < 20000; it++ {
		k := 2 + rng.IntN(31)
		size := 4 + rng.IntN(60)
		p := make([]Point, 0, 2*k)
		x, y := int32(rng.IntN(size)), int32(rng.IntN(size))
		p = append(p, Point{X: x, Y: y})
		for j := 0; j < k-1; j++ {
			x = int32(rng.IntN(size))
			p = append(p, Point{X: x, Y: y})
			y = int32(rng.IntN(size))
			p = append(p, Point{X: x, Y: y})
		}
		p = append(p, Point{X: p[0].X, Y: y})
		rect, got := rectilinearSimple(p)
		if !rect {
			continue
		}
		if want := genericRingSimple(p); got != want {
			t.Fatalf("%v: rectilinear check %v, generic %v", p, got, want)
		}
		if got {
			simple++
		}
	}
	if simple == 0 {
		t.Fatal("no simple ring generated")
	}
}
