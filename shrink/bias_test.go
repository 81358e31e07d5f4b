package shrink

import (
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

func TestBias(t *testing.T) {
	cases := []struct {
		name    string
		bias    float64
		want    layout.Box // the li1 box after migration
		wantErr string
	}{
		// 0..2003 x 0..230 scales to 0..1390 x 0..160 (grid 5 nm).
		{name: "grow", bias: 0.005, want: layout.Box{Min: layout.Point{X: -5, Y: -5}, Max: layout.Point{X: 1395, Y: 165}}},
		{name: "shrink", bias: -0.01, want: layout.Box{Min: layout.Point{X: 10, Y: 10}, Max: layout.Point{X: 1380, Y: 150}}},
		{name: "off grid", bias: 0.003, wantErr: "not a multiple of the target grid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, src, tgt, err := techfiles.LoadMigration("gf180mcu-to-sky130")
			if err != nil {
				t.Fatal(err)
			}
			r.Transforms = append(r.Transforms[:3:3], &rules.Transform{Kind: rules.TransformBias, Bias: map[string]float64{"li1": c.bias}, Line: 9})
			r.Generate = nil
			m, err := New(r, src, tgt, Options{})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("New: %v, want an error containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			lib := layout.NewLibrary("B")
			cell := layout.NewCell("C")
			// Two abutting boxes: bias merges them first.
			cell.Shapes(metal1).Polygons.Add(box(0, 0, 1013, 230), nil)
			cell.Shapes(metal1).Polygons.Add(box(1013, 0, 2003, 230), nil)
			lib.AddCell(cell)
			out, res, err := m.Migrate(lib)
			if err != nil {
				t.Fatal(err)
			}
			ps := out.Cell("C").Layers[li1].Polygons
			if ps.Len() != 1 {
				t.Fatalf("%d polygons, want 1 merged", ps.Len())
			}
			if got := layout.BoxOf(ps.Polygon(0)); got != c.want {
				t.Errorf("biased box %v, want %v", got, c.want)
			}
			if st := res.Cells[0]; st.Fixes["bias"] != 1 || st.MovedEdges != 4 {
				t.Errorf("stats: fixes %v, moved edges %d", st.Fixes, st.MovedEdges)
			}
		})
	}
}
