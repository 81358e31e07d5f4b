package region

import (
	"testing"
)

func box(x0, y0, x1, y1 int32) Box { return Box{Min: Point{X: x0, Y: y0}, Max: Point{X: x1, Y: y1}} }

func regionOf(boxes ...Box) *Region {
	r := New()
	for _, b := range boxes {
		r.AddBox(b)
	}
	return r
}

func TestMergeBasics(t *testing.T) {
	tests := []struct {
		name      string
		in        *Region
		wantN     int
		wantArea  int64
		wantHoles int
	}{
		{"overlap", regionOf(box(0, 0, 100, 100), box(50, 0, 150, 100)), 1, 15000, 0},
		{"abut", regionOf(box(0, 0, 100, 100), box(100, 0, 200, 100)), 1, 20000, 0},
		{"kissing corners are one polygon", regionOf(box(0, 0, 100, 100), box(100, 100, 200, 200)), 1, 20000, 0},
		{"disjoint", regionOf(box(0, 0, 100, 100), box(130, 0, 230, 100)), 2, 20000, 0},
		{"ring of four boxes has a hole", regionOf(box(0, 0, 1000, 100), box(0, 900, 1000, 1000), box(0, 100, 100, 900), box(900, 100, 1000, 900)), 1, 1000000 - 800*800, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.in.Merged()
			if m.Len() != tc.wantN || m.Area() != tc.wantArea {
				t.Errorf("got %d polygons area %d: %s; want %d, %d", m.Len(), m.Area(), m, tc.wantN, tc.wantArea)
			}
			holes := 0
			for i := 0; i < m.Len(); i++ {
				holes += m.NumHoles(i)
			}
			if holes != tc.wantHoles {
				t.Errorf("holes %d want %d: %s", holes, tc.wantHoles, m)
			}
			t.Logf("%s", m)
		})
	}
}
