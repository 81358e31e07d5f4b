package region

import "testing"

// Probe cases of KLAYOUT_SEMANTICS.md §6 (KLayout 0.28.5, flat mode).
func TestAreaAndMergeProbes(t *testing.T) {
	holed := New()
	holed.AddPolygon([]Point{{X: 0, Y: 0}, {X: 0, Y: 1000}, {X: 1000, Y: 1000}, {X: 1000, Y: 0}},
		[]Point{{X: 400, Y: 400}, {X: 600, Y: 400}, {X: 600, Y: 600}, {X: 400, Y: 600}})
	tests := []struct {
		name      string
		r         *Region
		polygons  int
		area      int64
		holes     int
		rawAreas  []int64
		perimeter float64
	}{
		{"overlapping boxes merge to one polygon of 15000", regionOf(box(0, 0, 100, 100), box(50, 0, 150, 100)), 1, 15000, 0, []int64{10000, 10000}, 500},
		{"box with a hole", holed, 1, 960000, 1, []int64{960000}, 4800},
		{"four boxes forming a ring", regionOf(box(0, 0, 1000, 100), box(0, 900, 1000, 1000), box(0, 100, 100, 900), box(900, 100, 1000, 900)), 1, 1000000 - 640000, 1, nil, 4000 + 3200},
		{"kissing boxes are one polygon", regionOf(box(0, 0, 100, 100), box(100, 100, 200, 200)), 1, 20000, 0, nil, 800},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.r.Merged()
			holes := 0
			for i := 0; i < m.Len(); i++ {
				holes += m.NumHoles(i)
			}
			if m.Len() != tc.polygons || tc.r.Area() != tc.area || holes != tc.holes {
				t.Errorf("%d polygons, area %d, %d holes; want %d, %d, %d: %s", m.Len(), tc.r.Area(), holes, tc.polygons, tc.area, tc.holes, m)
			}
			if p := tc.r.Perimeter(); p != tc.perimeter {
				t.Errorf("perimeter %g, want %g", p, tc.perimeter)
			}
			for i, a := range tc.rawAreas {
				if got := tc.r.PolygonArea(i); got != a {
					t.Errorf("raw polygon %d area %d, want %d", i, got, a)
				}
			}
		})
	}
	if got := regionOf(box(0, 0, 100, 100), box(100, 100, 200, 200)).Merged().String(); got != "(0,0;0,100;100,100;100,200;200,200;200,100;100,100;100,0)" {
		t.Errorf("kissing boxes: %s", got)
	}
}

func TestBooleanProbes(t *testing.T) {
	a := regionOf(box(0, 0, 100, 100))
	touching := regionOf(box(100, 0, 200, 100))
	same := regionOf(box(0, 0, 100, 100))
	tests := []struct {
		name string
		got  *Region
		want string
	}{
		{"touching edges: a & b is empty", a.And(touching), ""},
		{"touching edges: a - b is a", a.Not(touching), "(0,0;0,100;100,100;100,0)"},
		{"touching edges: a | b is one box", a.Or(touching), "(0,0;0,100;200,100;200,0)"},
		{"touching edges: a ^ b is one box", a.Xor(touching), "(0,0;0,100;200,100;200,0)"},
		{"coincident boxes: &", a.And(same), "(0,0;0,100;100,100;100,0)"},
		{"coincident boxes: -", a.Not(same), ""},
		{"coincident boxes: ^", a.Xor(same), ""},
	}
	for _, tc := range tests {
		if got := normalString(tc.got); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	// Sizing works per polygon: the grown boxes overlap but stay two
	// polygons, as in KLayout.
	if n := regionOf(box(0, 0, 100, 100), box(130, 0, 230, 100)).Sized(20).Len(); n != 2 {
		t.Errorf("sized(20) of two boxes 30 apart: %d polygons, want 2", n)
	}
	// Min coverage: only the overlap of the two boxes is covered twice.
	if got := normalString(regionOf(box(0, 0, 100, 100), box(50, 0, 150, 100)).MergedMinCoverage(1)); got != "(50,0;50,100;100,100;100,0)" {
		t.Errorf("merged(min_wc 1): %s", got)
	}
}
