package layout

import (
	"math"
	"testing"
)

func TestTransformApply(t *testing.T) {
	p := Point{100, 20}
	tests := []struct {
		name string
		tr   Transform
		want Point
	}{
		{"identity", Identity(), Point{100, 20}},
		{"R90", Transform{Angle: 90, Mag: 1}, Point{-20, 100}},
		{"R180", Transform{Angle: 180, Mag: 1}, Point{-100, -20}},
		{"R270", Transform{Angle: 270, Mag: 1}, Point{20, -100}},
		{"M0 (mirror about x)", Transform{Mirror: true, Mag: 1}, Point{100, -20}},
		{"M90", Transform{Mirror: true, Angle: 90, Mag: 1}, Point{20, 100}},
		{"M180 (mirror about y)", Transform{Mirror: true, Angle: 180, Mag: 1}, Point{-100, 20}},
		{"M270", Transform{Mirror: true, Angle: 270, Mag: 1}, Point{-20, -100}},
		{"displacement", Transform{Mag: 1, Disp: [2]float64{5, -7}}, Point{105, 13}},
		{"magnification 2.5", Transform{Mag: 2.5}, Point{250, 50}},
		{"magnification rounds half away from zero", Transform{Mag: 0.5, Disp: [2]float64{0, 0}}, Point{50, 10}},
		{"45 degrees", Transform{Angle: 45, Mag: 1}, Point{roundCoord((100 - 20) / math.Sqrt2), roundCoord((100 + 20) / math.Sqrt2)}},
		{"30 degrees mirrored, mag 3", Transform{Mirror: true, Angle: 30, Mag: 3}, Point{
			roundCoord(3 * (100*math.Cos(math.Pi/6) + 20*math.Sin(math.Pi/6))),
			roundCoord(3 * (100*math.Sin(math.Pi/6) - 20*math.Cos(math.Pi/6))),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.tr.Apply(p); got != tc.want {
				t.Errorf("Apply(%v) = %v, want %v", p, got, tc.want)
			}
		})
	}
}

func TestRoundCoordHalfAwayFromZero(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want int32
	}{{0.5, 1}, {-0.5, -1}, {1.49, 1}, {-2.5, -3}, {1e12, math.MaxInt32}, {-1e12, math.MinInt32}} {
		if got := roundCoord(tc.in); got != tc.want {
			t.Errorf("roundCoord(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// Composing two transforms must equal applying them one after the other.
func TestTransformThen(t *testing.T) {
	angles := []float64{0, 90, 180, 270, 30, 45, 123.5}
	pts := []Point{{0, 0}, {1000, 0}, {0, 1000}, {-357, 911}, {12345, -6789}}
	for _, a1 := range angles {
		for _, m1 := range []bool{false, true} {
			for _, a2 := range angles {
				for _, m2 := range []bool{false, true} {
					inner := Transform{Mirror: m1, Angle: a1, Mag: 1, Disp: [2]float64{100, -40}}
					outer := Transform{Mirror: m2, Angle: a2, Mag: 2, Disp: [2]float64{-7, 3000}}
					both := inner.Then(outer)
					for _, p := range pts {
						ix, iy := inner.applyF(float64(p.X), float64(p.Y))
						wx, wy := outer.applyF(ix, iy)
						got := both.Apply(p)
						if math.Abs(float64(got.X)-wx) > 0.5+1e-6 || math.Abs(float64(got.Y)-wy) > 0.5+1e-6 {
							t.Fatalf("inner %+v then outer %+v on %v: got %v, want (%.2f, %.2f)", inner, outer, p, got, wx, wy)
						}
					}
				}
			}
		}
	}
}

func TestOrthoTransformsAreExactIntegers(t *testing.T) {
	big := Point{2_000_000_001, -2_000_000_001}
	tr := Transform{Angle: 90, Mag: 1, Disp: [2]float64{1, 1}}
	if got, want := tr.Apply(Point{3, 7}), (Point{-6, 4}); got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := (Transform{Angle: 180, Mag: 1}).Apply(big); got != (Point{-2_000_000_001, 2_000_000_001}) {
		t.Errorf("large coordinates: got %v", got)
	}
	if !tr.IsOrtho() || (Transform{Angle: 45, Mag: 1}).IsOrtho() || (Transform{Mag: 2}).IsOrtho() {
		t.Error("IsOrtho misclassifies")
	}
}

func TestApplyBox(t *testing.T) {
	b := Box{Point{0, 0}, Point{100, 50}}
	got := Transform{Angle: 90, Mag: 1, Disp: [2]float64{10, 0}}.ApplyBox(b)
	if want := (Box{Point{-40, 0}, Point{10, 100}}); got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if !(Transform{Mag: 1}).ApplyBox(EmptyBox()).IsEmpty() {
		t.Error("empty box must stay empty")
	}
}
