package netlist

import (
	"slices"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

func TestProbePoints(t *testing.T) {
	cases := []struct {
		name string
		ring []layout.Point
		want []layout.Point
	}{
		{"wide box: long edges first", []layout.Point{{X: 0, Y: 0}, {X: 0, Y: 200}, {X: 1000, Y: 200}, {X: 1000, Y: 0}},
			[]layout.Point{{X: 0, Y: 0}, {X: 500, Y: 200}, {X: 500, Y: 0}, {X: 0, Y: 100}, {X: 1000, Y: 100}}},
		{"odd lengths round down", []layout.Point{{X: -5, Y: 0}, {X: -5, Y: 3}, {X: 0, Y: 3}, {X: 0, Y: 0}},
			[]layout.Point{{X: -5, Y: 0}, {X: -3, Y: 3}, {X: -3, Y: 0}, {X: -5, Y: 1}, {X: 0, Y: 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := probePoints(nil, c.ring); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// TestTrimmedPolygonStays: a migration that trims the ends of polygons
// (gate end caps kept off the row edges) leaves them where they were; one
// that removes a polygon makes it vanish.
func TestTrimmedPolygonStays(t *testing.T) {
	lib, top, tech := gfCell(t, "inv_1")
	src, err := Extract(lib, top, tech)
	if err != nil {
		t.Fatal(err)
	}
	poly := layout.LayerKey{Layer: 30, Datatype: 0}
	for _, c := range []struct {
		name     string
		keep     layout.Box
		vanished bool
	}{
		// inv_1's gate runs from y = 0.12 to 3.8 µm; its first vertex is
		// at the bottom.
		{"end caps trimmed", layout.Box{Min: layout.Point{X: -1000, Y: 300}, Max: layout.Point{X: 5000, Y: 3700}}, false},
		{"gate removed", layout.Box{Min: layout.Point{X: -1000, Y: 5000}, Max: layout.Point{X: 5000, Y: 6000}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			flat := lib.Flatten(top, top.Name)
			keep := region.New()
			keep.AddBox(c.keep)
			r := region.FromCell(flat, poly).And(keep)
			flat.Layers[poly] = &layout.Shapes{}
			r.AppendTo(flat.Layers[poly])
			got, err := ExtractFlat(flat, tech)
			if err != nil {
				t.Fatal(err)
			}
			d := CompareMapped(src, got, identity)
			if (d.Vanished > 0) != c.vanished {
				t.Errorf("vanished %d, want vanished: %v (%s)", d.Vanished, c.vanished, d)
			}
			if !c.vanished && !d.OK() {
				t.Errorf("nets: %s", d)
			}
		})
	}
}
