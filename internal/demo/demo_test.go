package demo

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/internal/flow"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/techfiles"
)

// TestEmbeddedFileIsGenerated runs the generator and compares its output
// with the embedded file, so that the two cannot drift apart.
func TestEmbeddedFileIsGenerated(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to run the generator: %v", err)
	}
	out := filepath.Join(t.TempDir(), "demo.gds")
	cmd := exec.Command(goTool, "run", "./testdata/democells", "-o", out)
	cmd.Dir = filepath.Join("..", "..")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./testdata/democells: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, GDS) {
		t.Errorf("internal/demo/demo.gds (%d bytes) is not what testdata/democells draws (%d bytes): run go generate ./internal/demo", len(GDS), len(got))
	}
}

// TestCellsAreStandardCells checks the cells against the conventions of
// gf180mcu_fd_sc_mcu7t5v0: an outline on 0/0 of one 3.92 µm row and whole
// 0.56 µm sites, every drawn layer of the real cells, the pins labelled on
// Metal1's label purpose.
func TestCellsAreStandardCells(t *testing.T) {
	lib := Library()
	if lib.Name != Name || lib.MetersPerDBU != 1e-9 {
		t.Errorf("library %q, %g m per dbu", lib.Name, lib.MetersPerDBU)
	}
	tests := []struct {
		cell     string
		sites    int32
		pins     []string
		contacts int
	}{
		{"INV_X1", 4, []string{"A", "VDD", "VSS", "Z"}, 7},
		{"NAND2_X1", 6, []string{"A", "B", "VDD", "VSS", "Z"}, 10},
		{"BUF_X8", 22, []string{"A", "VDD", "VSS", "Z"}, 11 + 2*11 + 2},
	}
	tops := lib.TopCells()
	if len(tops) != len(tests) || len(lib.Cells) != len(Cells) {
		t.Errorf("%d cells, %d top cells; want %d, all top cells", len(lib.Cells), len(tops), len(tests))
	}
	layers := []layout.LayerKey{PRBoundary, Nwell, COMP, Poly2, Pplus, Nplus, Contact, Metal1, Metal1Lbl,
		{Layer: 55, Datatype: 0}, {Layer: 112, Datatype: 1}, {Layer: 204, Datatype: 0}}
	for i, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			c := lib.Cell(tt.cell)
			if c == nil || Cells[i] != tt.cell {
				t.Fatalf("no cell %s at position %d of %v", tt.cell, i, Cells)
			}
			outline := c.Layers[PRBoundary]
			if outline == nil || outline.Polygons.Len() != 1 {
				t.Fatalf("no single outline on 0/0")
			}
			want := layout.Box{Max: layout.Point{X: tt.sites * 560, Y: 3920}}
			if got := layout.BoxOf(outline.Polygons.Polygon(0)); got != want {
				t.Errorf("outline %v, want %v (%d sites)", got, want, tt.sites)
			}
			for _, k := range layers {
				if c.Layers[k] == nil {
					t.Errorf("nothing on %s", k)
				}
			}
			var pins []string
			for _, x := range c.Layers[Metal1Lbl].Texts {
				pins = append(pins, x.String)
			}
			slices.Sort(pins)
			if !slices.Equal(pins, tt.pins) {
				t.Errorf("pins %v, want %v", pins, tt.pins)
			}
			if n := c.Layers[Contact].Polygons.Len(); n != tt.contacts {
				t.Errorf("%d contacts, want %d", n, tt.contacts)
			}
		})
	}
}

// TestCleanUnderGF180 runs the whole gf180mcu deck on every cell.
func TestCleanUnderGF180(t *testing.T) {
	tech, err := techfiles.Load("gf180mcu")
	if err != nil {
		t.Fatal(err)
	}
	lib := Library()
	for _, name := range Cells {
		t.Run(name, func(t *testing.T) {
			rep, err := drc.Run(context.Background(), lib, lib.Cell(name), tech, drc.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Rules) != len(tech.Rules) {
				t.Errorf("%d of the %d rules ran", len(rep.Rules), len(tech.Rules))
			}
			for _, v := range rep.Violations {
				t.Errorf("%s: %s %v", v.Rule, v.Kind, v.CoordsUM)
			}
		})
	}
}

// TestMigrationKeepsNets migrates the demo by every embedded recipe: every
// cell keeps its nets (the labelled ones and the unlabelled internal ones)
// and is clean under the target's whole deck, as the README shows.
func TestMigrationKeepsNets(t *testing.T) {
	nets := map[string]int{"INV_X1": 4, "NAND2_X1": 6, "BUF_X8": 5}
	for _, recipe := range techfiles.RecipeNames() {
		t.Run(recipe, func(t *testing.T) {
			r, src, tgt, err := techfiles.LoadMigration(recipe)
			if err != nil {
				t.Fatal(err)
			}
			if src.Name != "gf180mcu" {
				t.Skipf("recipe from %s", src.Name)
			}
			res, err := flow.Migrate(context.Background(), Library(), "@demo", flow.Options{Recipe: r, Source: src, Target: tgt})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Cells) != len(Cells) {
				t.Fatalf("%d cells migrated", len(res.Cells))
			}
			for _, c := range res.Cells {
				if c.NetsOK == nil || !*c.NetsOK || c.Failed() {
					t.Errorf("%s: status %s, nets %v", c.Cell, c.Status, c.Nets)
					continue
				}
				if c.Nets.SourceNets != nets[c.Cell] || c.Nets.Nets != nets[c.Cell] {
					t.Errorf("%s: %d nets before, %d after; want %d", c.Cell, c.Nets.SourceNets, c.Nets.Nets, nets[c.Cell])
				}
				if c.Status != flow.StatusClean || !c.Checked {
					t.Errorf("%s under %s: status %s, %d violations %v", c.Cell, tgt.Name, c.Status, c.Violations, c.ByRule)
				}
			}
		})
	}
}

func TestCopiesAreIndependent(t *testing.T) {
	a := Library()
	a.Cell("INV_X1").Shapes(Metal2).Polygons.Add(rect(0, 0, 10, 10), nil)
	if b := Library(); b.Cell("INV_X1").Layers[Metal2] != nil {
		t.Error("changing one copy of the demo library changed the next")
	}
}
