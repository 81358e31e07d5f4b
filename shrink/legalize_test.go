package shrink

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

var (
	met1Key = layout.LayerKey{Layer: 68, Datatype: 20}
	mconKey = layout.LayerKey{Layer: 67, Datatype: 44}
)

// legalizeCell runs the legalize transform on a sky130 cell with a
// 0..2300 x 0..2720 outline and the shapes given, and returns its stats.
func legalizeCell(t *testing.T, shapes map[layout.LayerKey][][]layout.Point) (*layout.Cell, CellStats) {
	t.Helper()
	m := migrator(t, "gf180mcu-to-sky130", Options{})
	nc := layout.NewCell("C")
	nc.Shapes(bnd).Polygons.Add(box(0, 0, 2300, 2720), nil)
	for _, k := range sortedKeys(shapes) {
		for _, p := range shapes[k] {
			nc.Shapes(k).Polygons.Add(p, nil)
		}
	}
	var st CellStats
	tr := &rules.Transform{Kind: rules.TransformLegalize, Classes: rules.LegalizeClasses}
	if err := m.legalize(nc, tr, &st); err != nil {
		t.Fatal(err)
	}
	return nc, st
}

// boxesOf returns the bounding boxes of a layer's polygons, sorted.
func boxesOf(nc *layout.Cell, k layout.LayerKey) []layout.Box {
	var out []layout.Box
	if s := nc.Layers[k]; s != nil {
		for _, p := range s.Polygons.All() {
			out = append(out, layout.BoxOf(p))
		}
	}
	slices.SortFunc(out, func(a, b layout.Box) int {
		if a.Min.X != b.Min.X {
			return int(a.Min.X - b.Min.X)
		}
		return int(a.Min.Y - b.Min.Y)
	})
	return out
}

func lbox(x0, y0, x1, y1 int32) layout.Box {
	return layout.Box{Min: layout.Point{X: x0, Y: y0}, Max: layout.Point{X: x1, Y: y1}}
}

// TestLegalizeCases: sky130 li1 is 0.17 µm wide and 0.17 µm apart, its
// area at least 0.0561 µm²; mcon (0.17 µm square) is enclosed by met1 by
// 0.03 µm. The grid is 5 nm.
func TestLegalizeCases(t *testing.T) {
	cases := []struct {
		name   string
		shapes map[layout.LayerKey][][]layout.Point
		want   map[layout.LayerKey][]layout.Box
		moved  int     // edges moved
		motion float64 // total distance moved, µm
	}{
		{
			name:   "too narrow wire widened on both sides",
			shapes: map[layout.LayerKey][][]layout.Point{li1: {box(500, 1000, 660, 1600)}},
			want:   map[layout.LayerKey][]layout.Box{li1: {lbox(495, 1000, 665, 1600)}},
			moved:  2, motion: 0.010,
		},
		{
			name:   "too close pair pushed apart symmetrically",
			shapes: map[layout.LayerKey][][]layout.Point{li1: {box(200, 1000, 500, 1600), box(660, 1000, 960, 1600)}},
			want:   map[layout.LayerKey][]layout.Box{li1: {lbox(200, 1000, 495, 1600), lbox(665, 1000, 960, 1600)}},
			moved:  2, motion: 0.010,
		},
		{
			name: "pitch: the neighbour of a wire at its minimum moves",
			// The right wire touches the outline and is 0.17 wide: the
			// narrow wire left of it must widen and move away.
			shapes: map[layout.LayerKey][][]layout.Point{li1: {box(1810, 1000, 1970, 1600), box(2130, 1000, 2300, 1600)}},
			want:   map[layout.LayerKey][]layout.Box{li1: {lbox(1790, 1000, 1960, 1600), lbox(2130, 1000, 2300, 1600)}},
			moved:  2, motion: 0.030,
		},
		{
			name: "corner to corner: Euclidean space",
			// dx = dy = 0.12: 0.1697 < 0.17; with dy kept, dx must reach
			// ceil(sqrt(0.17² - 0.12²)) = 0.125.
			shapes: map[layout.LayerKey][][]layout.Point{li1: {box(400, 400, 800, 800), box(920, 920, 1320, 1320)}},
			want:   map[layout.LayerKey][]layout.Box{li1: {lbox(400, 400, 800, 800), lbox(925, 920, 1320, 1320)}},
			moved:  1, motion: 0.005,
		},
		{
			name: "enclosure grown: met1 around mcon",
			shapes: map[layout.LayerKey][][]layout.Point{
				mconKey: {box(1000, 1000, 1170, 1170)},
				met1Key: {box(990, 900, 1400, 1300)},
				li1:     {box(900, 900, 1400, 1300)},
			},
			want: map[layout.LayerKey][]layout.Box{
				mconKey: {lbox(1000, 1000, 1170, 1170)},
				met1Key: {lbox(970, 900, 1400, 1300)},
			},
			moved: 1, motion: 0.020,
		},
		{
			name:   "area grown along y, evenly",
			shapes: map[layout.LayerKey][][]layout.Point{li1: {box(1000, 1000, 1170, 1200)}},
			// 0.0561 / 0.17 = 0.33 µm tall.
			want:  map[layout.LayerKey][]layout.Box{li1: {lbox(1000, 935, 1170, 1265)}},
			moved: 2, motion: 0.130,
		},
		{
			name: "rail on the outline stays as drawn, the wire above keeps clear",
			// A 0.16 tall rail along the top edge (the rails step drew it)
			// and a wire 0.16 below it: the wire moves, the rail not.
			shapes: map[layout.LayerKey][][]layout.Point{li1: {box(0, 2560, 2300, 2720), box(1000, 1800, 1400, 2400)}},
			want:   map[layout.LayerKey][]layout.Box{li1: {lbox(0, 2560, 2300, 2720), lbox(1000, 1800, 1400, 2390)}},
			moved:  1, motion: 0.010,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nc, st := legalizeCell(t, c.shapes)
			for k, want := range c.want {
				if got := boxesOf(nc, k); !reflect.DeepEqual(got, want) {
					t.Errorf("%v: %v, want %v", k, got, want)
				}
			}
			if st.MovedEdges != c.moved {
				t.Errorf("moved %d edges, want %d (fixes %v)", st.MovedEdges, c.moved, st.Fixes)
			}
			if got := st.MeanMove * float64(st.MovedEdges); math.Abs(got-c.motion) > 1e-9 {
				t.Errorf("total motion %.3f µm, want %.3f", got, c.motion)
			}
		})
	}
}

// TestLegalizeCleanCellUnchanged: a cell that meets every rule keeps its
// shapes, untouched.
func TestLegalizeCleanCellUnchanged(t *testing.T) {
	shapes := map[layout.LayerKey][][]layout.Point{
		li1:     {box(0, 0, 2300, 300), box(400, 600, 570, 1800), box(740, 600, 910, 1800)},
		mconKey: {box(1000, 1000, 1170, 1170)},
		met1Key: {box(970, 940, 1400, 1230)},
	}
	m := migrator(t, "gf180mcu-to-sky130", Options{})
	nc := layout.NewCell("C")
	nc.Shapes(bnd).Polygons.Add(box(0, 0, 2300, 2720), nil)
	for _, k := range sortedKeys(shapes) {
		for _, p := range shapes[k] {
			nc.Shapes(k).Polygons.Add(p, nil)
		}
	}
	before := map[layout.LayerKey]*layout.Shapes{}
	snap := map[layout.LayerKey][][]layout.Point{}
	for k, s := range nc.Layers {
		before[k] = s
		for _, p := range s.Polygons.All() {
			snap[k] = append(snap[k], slices.Clone(p))
		}
	}
	var st CellStats
	if err := m.legalize(nc, &rules.Transform{Kind: rules.TransformLegalize, Classes: rules.LegalizeClasses}, &st); err != nil {
		t.Fatal(err)
	}
	for k, s := range nc.Layers {
		if before[k] != s {
			t.Errorf("layer %v rewritten", k)
		}
		var got [][]layout.Point
		for _, p := range s.Polygons.All() {
			got = append(got, slices.Clone(p))
		}
		if !reflect.DeepEqual(got, snap[k]) {
			t.Errorf("layer %v changed: %v, was %v", k, got, snap[k])
		}
	}
	if st.MovedEdges != 0 || len(st.Fixes) != 0 {
		t.Errorf("stats of a clean cell: %d edges moved, fixes %v", st.MovedEdges, st.Fixes)
	}
}

// TestLegalizeKeepsShapes: a wire drawn as two abutting boxes is widened
// box by box (two shapes still); a shape of a polygon that does not move
// is kept as it was.
func TestLegalizeKeepsShapes(t *testing.T) {
	nc, st := legalizeCell(t, map[layout.LayerKey][][]layout.Point{li1: {
		box(500, 1000, 660, 1300), box(500, 1300, 660, 1600), // 0.16 wide
		box(1200, 1000, 1400, 1600), // legal
	}})
	want := []layout.Box{lbox(495, 1000, 665, 1300), lbox(495, 1300, 665, 1600), lbox(1200, 1000, 1400, 1600)}
	if got := boxesOf(nc, li1); !reflect.DeepEqual(got, want) {
		t.Errorf("li1 shapes %v, want %v", got, want)
	}
	if st.MovedEdges != 2 {
		t.Errorf("moved %d edges, want 2", st.MovedEdges)
	}
}
