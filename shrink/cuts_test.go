package shrink

import (
	"bytes"
	"context"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// sky130 drawing layers of the synthetic cells (target database units,
// 1 nm; grid 5 nm).
var (
	skyDiff  = layout.LayerKey{Layer: 65, Datatype: 20}
	skyPoly  = layout.LayerKey{Layer: 66, Datatype: 20}
	skyLicon = layout.LayerKey{Layer: 66, Datatype: 44}
	skyLi1   = layout.LayerKey{Layer: 67, Datatype: 20}
)

// cutCell builds a cell from boxes per layer.
func cutCell(boxes map[layout.LayerKey][][4]int32) *layout.Cell {
	c := layout.NewCell("CUTS")
	for _, k := range sortedKeys(boxes) {
		for _, b := range boxes[k] {
			c.Shapes(k).Polygons.Add(box(b[0], b[1], b[2], b[3]), nil)
		}
	}
	return c
}

func mergedBoxes(c *layout.Cell, k layout.LayerKey) []layout.Box {
	r := region.FromCell(c, k).Merged()
	out := make([]layout.Box, r.Len())
	for i := range out {
		out[i] = r.PolygonBBox(i)
	}
	return out
}

func cellBytes(t *testing.T, c *layout.Cell) []byte {
	t.Helper()
	lib := layout.NewLibrary("T")
	lib.MetersPerDBU = 1e-9
	lib.UserUnit = 1e-3
	lib.AddCell(c)
	var buf bytes.Buffer
	if err := gds.Write(&buf, lib); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRetargetCuts runs the cuts transform on small sky130 cells, one
// situation of the rule manual per row, and checks the cut rules after.
func TestRetargetCuts(t *testing.T) {
	m := cutsMigrator(t, "gf180mcu-to-sky130", Options{})
	ids := cutRuleIDs(m)
	big := [4]int32{-1000, -1000, 1500, 1500}
	tests := []struct {
		name  string
		cuts  []string // transforms.cuts (empty: every cut layer)
		boxes map[layout.LayerKey][][4]int32
		check func(t *testing.T, before, after *layout.Cell, st CellStats)
	}{
		{
			name:  "single cut too small is re-centred at the exact size",
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {big}, skyLi1: {big}, skyLicon: {{13, 13, 163, 163}}},
			check: func(t *testing.T, _, after *layout.Cell, st CellStats) {
				cs := mergedBoxes(after, skyLicon)
				if len(cs) != 1 || cs[0].Width() != 170 || cs[0].Height() != 170 {
					t.Fatalf("cuts %v, want one 170 x 170 square", cs)
				}
				cx := (int64(cs[0].Min.X) + int64(cs[0].Max.X)) / 2
				if cs[0].Min.X%5 != 0 || cs[0].Min.Y%5 != 0 || abs64(cx-88) > 5 {
					t.Errorf("cut %v is off the grid or not centred on 88", cs[0])
				}
				if st.Fixes["cut"] != 1 {
					t.Errorf("fixes %v, want one cut", st.Fixes)
				}
			},
		},
		{
			name:  "cut bar is re-pitched into exact cuts",
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {big}, skyLi1: {big}, skyLicon: {{0, 0, 150, 1000}}},
			check: func(t *testing.T, _, after *layout.Cell, _ CellStats) {
				cs := mergedBoxes(after, skyLicon)
				if len(cs) != 3 {
					t.Fatalf("cuts %v, want 3 (1.0 µm at a 0.34 µm pitch)", cs)
				}
				for i := 1; i < len(cs); i++ {
					if d := int64(cs[i].Min.Y) - int64(cs[i-1].Min.Y); abs64(d) != 340 {
						t.Errorf("pitch %d, want 340", d)
					}
				}
			},
		},
		{
			name: "row of scaled cuts too close for the target spacing",
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {big}, skyLi1: {{-10, -100, 810, 250}},
				skyLicon: {{0, 0, 150, 150}, {325, 0, 475, 150}, {650, 0, 800, 150}}},
			check: func(t *testing.T, _, after *layout.Cell, _ CellStats) {
				if cs := mergedBoxes(after, skyLicon); len(cs) != 2 {
					t.Errorf("cuts %v, want 2 (0.8 µm at a 0.34 µm pitch; a third would leave li1)", cs)
				}
			},
		},
		{
			name: "pair of cuts at the source pitch stays a pair where the landings hold it",
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {big}, skyLi1: {big},
				skyLicon: {{0, 0, 150, 150}, {0, 325, 150, 475}}},
			check: func(t *testing.T, _, after *layout.Cell, _ CellStats) {
				cs := mergedBoxes(after, skyLicon)
				if len(cs) != 2 || boxDist2(cs[0], cs[1]) < 170*170 {
					t.Errorf("cuts %v, want 2 at the 0.17 µm spacing", cs)
				}
			},
		},
		{
			name: "adjacent sides: the line end grows, not the line width",
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {big}, skyLi1: {{0, 0, 170, 800}},
				skyLicon: {{0, 0, 170, 170}}},
			check: func(t *testing.T, _, after *layout.Cell, _ CellStats) {
				ls := mergedBoxes(after, skyLi1)
				want := layout.Box{Min: layout.Point{X: 0, Y: -80}, Max: layout.Point{X: 170, Y: 800}}
				if len(ls) != 1 || ls[0] != want {
					t.Errorf("li1 %v, want %v", ls, want)
				}
			},
		},
		{
			name: "landing growth blocked by a neighbour takes the other pair of sides",
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {big}, skyLi1: {{0, 0, 170, 800}, {-100, -400, 270, -230}},
				skyLicon: {{0, 0, 170, 170}}},
			check: func(t *testing.T, _, after *layout.Cell, _ CellStats) {
				ls := mergedBoxes(after, skyLi1)
				if len(ls) != 2 {
					t.Fatalf("li1 %v, want two polygons (no short)", ls)
				}
				own := ls[0]
				if own.Max.Y < 0 {
					own = ls[1]
				}
				if own.Min.Y != 0 || own.Min.X != -80 || own.Max.X != 250 {
					t.Errorf("li1 landing %v, want x -80..250 from y 0 (sides grown, end kept)", own)
				}
			},
		},
		{
			name: "poly contact takes the poly enclosures",
			boxes: map[layout.LayerKey][][4]int32{skyPoly: {{0, -500, 150, 700}}, skyLi1: {{0, -300, 150, 500}},
				skyLicon: {{0, 0, 150, 150}}},
			check: func(t *testing.T, _, after *layout.Cell, _ CellStats) {
				ps := mergedBoxes(after, skyPoly)
				cs := mergedBoxes(after, skyLicon)
				if len(ps) != 1 || len(cs) != 1 || int64(cs[0].Min.X)-int64(ps[0].Min.X) < 50 || int64(ps[0].Max.X)-int64(cs[0].Max.X) < 50 {
					t.Errorf("poly %v around cut %v, want 0.05 µm on the sides", ps, cs)
				}
			},
		},
		{
			name:  "a cut layer the transform does not list is left alone",
			cuts:  []string{"mcon", "via"},
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {big}, skyLi1: {big}, skyLicon: {{0, 0, 170, 170}, {13, 400, 163, 550}}},
			check: func(t *testing.T, before, after *layout.Cell, st CellStats) {
				if !bytes.Equal(cellBytes(t, before), cellBytes(t, after)) || len(st.Fixes) != 0 {
					t.Errorf("licon changed (fixes %v) though only mcon and via are retargeted", st.Fixes)
				}
			},
		},
		{
			name: "diffusion growth keeps out of the row edge's keep-out (the cut moves instead)",
			boxes: map[layout.LayerKey][][4]int32{bnd: {{0, 0, 2760, 2720}}, skyDiff: {{0, 135, 1000, 600}}, skyLi1: {{0, 300, 1000, 1000}},
				skyLicon: {{400, 160, 550, 310}}},
			check: func(t *testing.T, _, after *layout.Cell, _ CellStats) {
				ds := mergedBoxes(after, skyDiff)
				if len(ds) != 1 || ds[0].Min.Y < 135 {
					t.Errorf("diff %v reaches into the 0.135 µm keep-out of the bottom edge", ds)
				}
			},
		},
		{
			name: "legal cut is unchanged",
			boxes: map[layout.LayerKey][][4]int32{skyDiff: {{-60, -60, 230, 230}}, skyLi1: {{-80, -80, 250, 250}},
				skyLicon: {{0, 0, 170, 170}}},
			check: func(t *testing.T, before, after *layout.Cell, st CellStats) {
				if !bytes.Equal(cellBytes(t, before), cellBytes(t, after)) {
					t.Error("a legal cell changed")
				}
				if len(st.Fixes) != 0 {
					t.Errorf("fixes %v on a legal cell", st.Fixes)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := cutCell(tc.boxes)
			after := cutCell(tc.boxes)
			var st CellStats
			if err := m.retargetCuts(after, &rules.Transform{Kind: rules.TransformCuts, Cuts: tc.cuts}, &st); err != nil {
				t.Fatal(err)
			}
			tc.check(t, before, after, st)
			if len(tc.cuts) > 0 {
				return // the cut rules of layers left alone need not hold
			}
			lib := layout.NewLibrary("T")
			lib.MetersPerDBU = 1e-9
			lib.AddCell(after)
			rep, err := drc.Run(context.Background(), lib, after, m.tgt, drc.Options{Rules: ids})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range rep.Violations {
				t.Errorf("%s at %v", v.Rule, v.CoordsUM)
			}
		})
	}
}
