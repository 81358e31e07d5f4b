package shrink

import (
	"math"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

func TestMinDistWithin(t *testing.T) {
	b := func(x0, y0, x1, y1 int32) layout.Box {
		return layout.Box{Min: layout.Point{X: x0, Y: y0}, Max: layout.Point{X: x1, Y: y1}}
	}
	tests := []struct {
		name  string
		a, b  layout.Box
		limit int64
		want  float64
	}{
		{"side by side", b(0, 0, 100, 100), b(150, 0, 250, 100), 170, 50},
		{"diagonal corners", b(0, 0, 100, 100), b(130, 140, 200, 200), 170, 50},
		{"abutting", b(0, 0, 100, 100), b(100, 20, 200, 80), 170, 0},
		{"beyond the limit", b(0, 0, 100, 100), b(400, 0, 500, 100), 170, 170},
		{"overlapping edges cross", b(0, 0, 100, 100), b(50, -50, 150, 50), 170, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := minDistWithin(boxRegion(tc.a), boxRegion(tc.b), tc.limit); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("got %g, want %g", got, tc.want)
			}
		})
	}
}

func TestBoxGridQuery(t *testing.T) {
	var boxes []layout.Box
	for i := int32(0); i < 50; i++ {
		boxes = append(boxes, layout.Box{Min: layout.Point{X: i * 300, Y: 0}, Max: layout.Point{X: i*300 + 150, Y: 150}})
	}
	g := newBoxGrid(boxes)
	tests := []struct {
		name string
		q    layout.Box
		want []int
		all  bool // every box
	}{
		{"inside one", layout.Box{Min: layout.Point{X: 310, Y: 10}, Max: layout.Point{X: 320, Y: 20}}, []int{1}, false},
		{"touching two", layout.Box{Min: layout.Point{X: 450, Y: 0}, Max: layout.Point{X: 600, Y: 10}}, []int{1, 2}, false},
		{"in a gap", layout.Box{Min: layout.Point{X: 460, Y: 0}, Max: layout.Point{X: 590, Y: 10}}, nil, false},
		{"across all", layout.Box{Min: layout.Point{X: -10, Y: 100}, Max: layout.Point{X: 20000, Y: 120}}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := g.query(tc.q)
			if tc.all {
				if len(got) != len(boxes) {
					t.Errorf("got %d boxes, want %d", len(got), len(boxes))
				}
				return
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}
