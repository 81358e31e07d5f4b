package region

import "testing"

// The expected counts were printed by KLayout 0.28.5 for the polygon
// a = (0,0;100,100) against each region b.
func TestSelectionLikeKLayout(t *testing.T) {
	a := regionOf(box(0, 0, 100, 100))
	ring := regionOf(box(-100, -100, 200, 200)).Not(regionOf(box(-50, -50, 150, 150)))
	tests := []struct {
		name                                   string
		b                                      *Region
		interacting, inside, outside, overlaps bool
	}{
		{"overlap", regionOf(box(50, 50, 150, 150)), true, false, false, true},
		{"abutting edge", regionOf(box(100, 0, 200, 100)), true, false, true, false},
		{"touching corner", regionOf(box(100, 100, 200, 200)), true, false, true, false},
		{"apart", regionOf(box(101, 0, 200, 100)), false, false, true, false},
		{"inside a larger box", regionOf(box(-10, -10, 110, 110)), true, true, false, true},
		{"inside, touching the boundary", regionOf(box(0, 0, 200, 100)), true, true, false, true},
		{"identical", regionOf(box(0, 0, 100, 100)), true, true, false, true},
		{"containing a smaller box", regionOf(box(10, 10, 20, 20)), true, false, false, true},
		{"in the hole of a ring", ring, false, false, true, false},
		{"covered by two abutting boxes", regionOf(box(0, 0, 50, 100), box(50, 0, 100, 100)), true, true, false, true},
	}
	n := func(r *Region) bool { return r.Len() == 1 }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := n(a.Interacting(tc.b)); got != tc.interacting {
				t.Errorf("interacting %v, want %v", got, tc.interacting)
			}
			if got := n(a.NotInteracting(tc.b)); got == tc.interacting {
				t.Errorf("not_interacting %v, want %v", got, !tc.interacting)
			}
			if got := n(a.Inside(tc.b)); got != tc.inside {
				t.Errorf("inside %v, want %v", got, tc.inside)
			}
			if got := n(a.NotInside(tc.b)); got == tc.inside {
				t.Errorf("not_inside %v, want %v", got, !tc.inside)
			}
			if got := n(a.Outside(tc.b)); got != tc.outside {
				t.Errorf("outside %v, want %v", got, tc.outside)
			}
			if got := n(a.Overlapping(tc.b)); got != tc.overlaps {
				t.Errorf("overlapping %v, want %v", got, tc.overlaps)
			}
		})
	}
	// Merged semantics of the region itself: abutting boxes are one polygon.
	s := regionOf(box(0, 0, 100, 100), box(100, 0, 200, 100))
	if got := s.Interacting(regionOf(box(150, 50, 160, 60))); got.String() != "(0,0;0,100;200,100;200,0)" {
		t.Errorf("interacting on a raw region: %s", got)
	}
}
