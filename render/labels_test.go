package render

import (
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

// TestLabels checks the texts a picture writes: the pin names of the sky130
// inverter (every text on a layer the technology names, read here from the
// techfile directly), drawn in the foreground colour where they stand;
// none with NoLabels; none for a cell with more than MaxLabels texts.
func TestLabels(t *testing.T) {
	tech := loadTech(t, "sky130")
	styles := FromTech(tech)
	inv := sharedCell(t, inv1)
	named := map[layout.LayerKey]bool{}
	for _, l := range tech.Layers {
		named[layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}] = true
		if l.Pin != nil {
			named[layout.LayerKey{Layer: l.Pin.Layer, Datatype: l.Pin.Datatype}] = true
		}
		if l.Label != nil {
			named[layout.LayerKey{Layer: l.Label.Layer, Datatype: l.Label.Datatype}] = true
		}
	}
	var pins []string // once per name and place
	places := map[string]bool{}
	for k, s := range inv.TopCells()[0].Layers {
		for _, tx := range s.Texts {
			at := fmt.Sprint(tx.String, tx.Pos)
			if named[k] && !places[at] {
				places[at] = true
				pins = append(pins, tx.String)
			}
		}
	}
	crowded := layout.NewLibrary("L")
	crowded.MetersPerDBU, crowded.UserUnit = 1e-9, 1e-3
	c := layout.NewCell("TOP")
	met1 := layout.LayerKey{Layer: 68, Datatype: 20}
	c.Shapes(met1).Polygons.Add([]layout.Point{{X: 0, Y: 0}, {X: 0, Y: 1000}, {X: 1000, Y: 1000}, {X: 1000, Y: 0}}, nil)
	for i := range MaxLabels + 1 {
		c.Shapes(layout.LayerKey{Layer: 68, Datatype: 5}).Texts = append(c.Shapes(layout.LayerKey{Layer: 68, Datatype: 5}).Texts,
			layout.Text{Pos: layout.Point{X: int32(i * 5), Y: 500}, String: fmt.Sprintf("n%d", i)})
	}
	crowded.AddCell(c)
	tests := []struct {
		name string
		lib  *layout.Library
		opt  Options
		want []string
	}{
		{"inverter pins", inv, Options{Layers: styles}, pins},
		{"labels left out", inv, Options{Layers: styles, NoLabels: true}, nil},
		{"more texts than MaxLabels", crowded, Options{Layers: styles}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pic, err := New(tc.lib, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := pic.Labels()
			sort.Strings(got)
			want := slices.Clone(tc.want)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Fatalf("labels %q, want %q", got, want)
			}
			img := pic.Image()
			for _, l := range pic.labels {
				found := false
				for _, c := range window(img, l.x, l.y, 8) {
					found = found || c == pic.Foreground
				}
				if !found {
					t.Errorf("label %s at (%.0f, %.0f): no pixel of the foreground colour there", l.text, l.x, l.y)
				}
			}
		})
	}
	if len(pins) < 4 {
		t.Errorf("the inverter has only %d pin texts: %q", len(pins), pins)
	}
}
