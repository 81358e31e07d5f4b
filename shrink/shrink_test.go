package shrink

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

func migrator(t *testing.T, recipe string, opt Options) *Migrator {
	t.Helper()
	r, src, tgt, err := techfiles.LoadMigration(recipe)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(r, src, tgt, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func box(x0, y0, x1, y1 int32) []layout.Point {
	return []layout.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
}

var (
	comp    = layout.LayerKey{Layer: 22, Datatype: 0}
	metal1  = layout.LayerKey{Layer: 34, Datatype: 0}
	m1label = layout.LayerKey{Layer: 34, Datatype: 10}
	prb     = layout.LayerKey{Layer: 0, Datatype: 0}
	li1     = layout.LayerKey{Layer: 67, Datatype: 20}
	li1lbl  = layout.LayerKey{Layer: 67, Datatype: 5}
	bnd     = layout.LayerKey{Layer: 236, Datatype: 0}
	areaid  = layout.LayerKey{Layer: 81, Datatype: 4}
)

// smallLib is a leaf cell (two abutting metal1 boxes, a label, an outline)
// placed once and as a 3 x 2 array in a top cell.
func smallLib() *layout.Library {
	lib := layout.NewLibrary("T")
	leaf := layout.NewCell("LEAF")
	leaf.Shapes(metal1).Polygons.Add(box(0, 0, 1013, 230), nil)
	leaf.Shapes(metal1).Polygons.Add(box(1013, 0, 2003, 230), nil)
	leaf.Shapes(m1label).Texts = append(leaf.Shapes(m1label).Texts, layout.Text{Pos: layout.Point{X: 500, Y: 100}, String: "A"})
	leaf.Shapes(prb).Polygons.Add(box(0, 0, 2240, 3920), nil)
	top := layout.NewCell("TOP")
	top.Refs = append(top.Refs, layout.Ref{Cell: leaf, Origin: layout.Point{X: 1001, Y: 0}},
		layout.Ref{Cell: leaf, Origin: layout.Point{X: 0, Y: 7840}, IsArray: true, Cols: 3, Rows: 2,
			ColStep: layout.Point{X: 2240}, RowStep: layout.Point{Y: 3920}})
	lib.AddCell(leaf)
	lib.AddCell(top)
	return lib
}

func TestSnapRule(t *testing.T) {
	// Scale 34/49, grid 5: x' = 5*floor(x*34/(49*5) + 1/2).
	s := &snapper{num: 34, den: 49, g: 5}
	for _, c := range []struct{ in, want int32 }{
		{0, 0}, {3920, 2720}, {560, 390}, {2240, 1555}, {-560, -390}, {1013, 705}, {36, 25}, {-36, -25},
	} {
		if got := s.at(c.in); got != c.want {
			t.Errorf("snap(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestMigrateSmall(t *testing.T) {
	m := migrator(t, "gf180mcu-to-sky130", Options{CheckNets: true})
	out, res, err := m.Migrate(smallLib())
	if err != nil {
		t.Fatal(err)
	}
	leaf := out.Cell("LEAF")
	// The two abutting boxes still abut (shared edge x = 1013 -> 705).
	p0, p1 := layout.BoxOf(leaf.Layers[li1].Polygons.Polygon(0)), layout.BoxOf(leaf.Layers[li1].Polygons.Polygon(1))
	if p0.Max.X != p1.Min.X || p0.Max.X != 705 {
		t.Errorf("abutting edges %d and %d, want both at 705", p0.Max.X, p1.Min.X)
	}
	if tx := leaf.Layers[li1lbl]; tx == nil || !slices.ContainsFunc(tx.Texts, func(x layout.Text) bool { return x.String == "A" }) {
		t.Errorf("label not carried to li1 label layer: %+v", leaf.Layers)
	}
	// Outline: 2240 * 34/49 = 1554.3 -> 4 sites of 460 = 1840; height 2720.
	ob := layout.BoxOf(leaf.Layers[bnd].Polygons.Polygon(0))
	if ob.Min != (layout.Point{}) || ob.Max != (layout.Point{X: 1840, Y: 2720}) {
		t.Errorf("outline %v, want (0,0)-(1840,2720)", ob)
	}
	if leaf.Layers[areaid] == nil {
		t.Error("areaid.sc not generated")
	}
	top := out.Cell("TOP")
	if r := top.Refs[0]; r.Cell != leaf || r.Origin != (layout.Point{X: 695}) {
		t.Errorf("ref %+v", r)
	}
	if r := top.Refs[1]; !r.IsArray || r.Cols != 3 || r.Rows != 2 || r.ColStep != (layout.Point{X: 1555}) || r.RowStep != (layout.Point{Y: 2720}) || r.Origin != (layout.Point{Y: 5440}) {
		t.Errorf("array %+v", r)
	}
	if len(res.Cells) != 2 || res.Cells[0].Sites != 4 || res.Cells[0].NetsOK == nil || !*res.Cells[0].NetsOK {
		t.Errorf("stats %+v", res.Cells)
	}
}

func TestMigrateErrors(t *testing.T) {
	lib := smallLib()
	lib.Cell("LEAF").Shapes(layout.LayerKey{Layer: 99, Datatype: 7}).Polygons.Add(box(0, 0, 10, 10), nil)
	m := migrator(t, "gf180mcu-to-sky130", Options{})
	_, _, err := m.Migrate(lib)
	var ue *UnmappedError
	if !errors.As(err, &ue) || len(ue.Layers) != 1 || ue.Layers[0] != "99/7" {
		t.Errorf("unmapped layers: %v", err)
	}
	m = migrator(t, "gf180mcu-to-sky130", Options{DropUnmapped: true})
	if _, _, err := m.Migrate(lib); err != nil {
		t.Errorf("with DropUnmapped: %v", err)
	}

	big := layout.NewLibrary("B")
	c := layout.NewCell("HUGE")
	c.Shapes(metal1).Polygons.Add(box(0, 0, 2_100_000_000, 10), nil)
	big.AddCell(c)
	r, src, tgt, err := techfiles.LoadMigration("gf180mcu-to-ihp-sg13g2")
	if err != nil {
		t.Fatal(err)
	}
	r.ScaleNum, r.ScaleDen = 2, 1
	m, err = New(r, src, tgt, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Migrate(big); err == nil || !strings.Contains(err.Error(), "overflow 32-bit") {
		t.Errorf("overflow: %v", err)
	}

	r.Transforms = append(r.Transforms, &rules.Transform{Kind: rules.TransformLegalize, Line: 77})
	if _, err := New(r, src, tgt, Options{}); err != nil {
		t.Errorf("legalize (implemented): %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	var outs [2][]byte
	for i := range outs {
		m := migrator(t, "gf180mcu-to-sky130", Options{})
		out, _, err := m.Migrate(smallLib())
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := gds.Write(&b, out); err != nil {
			t.Fatal(err)
		}
		outs[i] = b.Bytes()
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two migrations of the same input differ")
	}
}

// TestLibrary migrates every gf180mcu 7-track cell with each recipe and
// counts the cells that keep their nets and land on the site grid.
func TestLibrary(t *testing.T) {
	files := shareddata.LibraryFiles(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	for _, name := range techfiles.RecipeNames() {
		m := migrator(t, name, Options{CheckNets: true})
		kept, onGrid, total := 0, 0, 0
		var ratio float64
		var failed []string
		for _, f := range files {
			lib, err := gds.ReadFile(f, gds.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, res, err := m.Migrate(lib)
			if err != nil {
				t.Fatalf("%s: %s: %v", name, f, err)
			}
			for _, c := range res.Cells {
				total++
				if c.NetsOK != nil && *c.NetsOK {
					kept++
				} else {
					failed = append(failed, c.Cell+": "+c.Nets.String())
				}
				if o := c.OutlineAfter; o != nil && onSites(o[0], m.recipe.Placement.SiteWidth) &&
					onSites(o[2], m.recipe.Placement.SiteWidth) && onSites(o[3]-o[1], m.recipe.Placement.RowHeight) &&
					o[3]-o[1] < 1.5*m.recipe.Placement.RowHeight {
					onGrid++
					ratio += c.AreaAfter / c.AreaBefore
				}
			}
		}
		if onGrid != total {
			t.Errorf("%s: %d of %d cells have an outline on the site grid", name, onGrid, total)
		}
		t.Logf("%s: %d of %d cells keep their nets after map+scale+snap; mean area ratio %.3f", name, kept, total, ratio/float64(onGrid))
		if kept != total {
			t.Errorf("%s: %d of %d cells lost their nets", name, total-kept, total)
		}
		for i, f := range failed {
			if i < 5 {
				t.Logf("  %s", f)
			}
		}
	}
}

// onSites reports whether v (µm) is a whole multiple of step (µm).
func onSites(v, step float64) bool {
	k := v / step
	return math.Abs(k-math.Round(k)) < 1e-6
}

// BenchmarkLibrary migrates the 229 gf180mcu 7-track cells to sky130 with
// the connectivity check.
func BenchmarkLibrary(b *testing.B) {
	files := shareddata.LibraryFiles(b, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	var libs []*layout.Library
	for _, f := range files {
		lib, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		libs = append(libs, lib)
	}
	r, src, tgt, err := techfiles.LoadMigration("gf180mcu-to-sky130")
	if err != nil {
		b.Fatal(err)
	}
	m, err := New(r, src, tgt, Options{CheckNets: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, lib := range libs {
			if _, _, err := m.Migrate(lib); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestPathsAndTexts(t *testing.T) {
	lib := layout.NewLibrary("P")
	c := layout.NewCell("C")
	c.Shapes(metal1).Paths = append(c.Shapes(metal1).Paths,
		layout.Path{Points: []layout.Point{{X: 0, Y: 0}, {X: 4900, Y: 0}}, Width: 280, Type: layout.PathFlush},
		layout.Path{Points: []layout.Point{{X: 0, Y: 0}, {X: 4900, Y: 0}}, Width: -280, Type: layout.PathCustom, BgnExtn: 49, EndExtn: 98},
		layout.Path{Points: []layout.Point{{X: 0, Y: 0}, {X: 10, Y: 0}}, Width: 4, Type: layout.PathFlush})
	lib.AddCell(c)
	m := migrator(t, "gf180mcu-to-sky130", Options{})
	out, res, err := m.Migrate(lib)
	if err != nil {
		t.Fatal(err)
	}
	p := out.Cells[0].Layers[li1].Paths
	// 280*34/49 = 194.3 -> 190 (a multiple of 2 grid steps, 10);
	// 4900 -> 3400; extensions 49 -> 35 (34 on grid 5), 98 -> 70 (68).
	if len(p) != 2 || p[0].Width != 190 || p[0].Points[1].X != 3400 || p[1].Width != -190 || p[1].BgnExtn != 35 || p[1].EndExtn != 70 {
		t.Errorf("paths %+v", p)
	}
	if res.Cells[0].Collapsed != 1 {
		t.Errorf("collapsed %d, want the 4 dbu wide path", res.Cells[0].Collapsed)
	}
}
