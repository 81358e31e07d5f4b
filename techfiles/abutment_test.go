package techfiles_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/shrink"
	"github.com/layoutmig/layoutmig/techfiles"
)

// abutmentCase is one recipe and the target library's own cell that the
// migrated cells must abut in a row.
type abutmentCase struct {
	recipe string
	// neighbourFile is the GDS file (under shared/pdk) holding the
	// neighbour cell, neighbourCell its name.
	neighbourFile, neighbourCell string
	// rails are the target layers whose power rails must run unbroken
	// along the row's bottom and top edges.
	rails []string
	// later are rules a step after rails is known to break at the row
	// edges, with the reason: their findings are counted and logged, not
	// failed.
	later map[string]string
}

var abutmentCases = []abutmentCase{
	{recipe: "gf180mcu-to-sky130", neighbourFile: "sky130/sky130_fd_sc_hd/sky130_fd_sc_hd__inv_1.gds",
		neighbourCell: "sky130_fd_sc_hd__inv_1", rails: []string{"li1", "met1"},
		later: map[string]string{
			"difftap.3":   "cuts grows licon landings in diff back into the rails step's 0.135 µm keep-out (26 cells stacked, dlya_2 beside itself)",
			"difftap.3_a": "as difftap.3",
		}},
	{recipe: "gf180mcu-to-ihp-sg13g2", neighbourFile: "ihp-sg13g2/sg13g2_stdcell/sg13g2_stdcell.gds",
		neighbourCell: "sg13g2_inv_1", rails: []string{"metal1"}},
}

// abutmentCells are the representative gf180mcu 7-track cells checked in
// -short mode: an inverter, a NAND2, a flip-flop, a wide inverter and a
// tap cell (whose implants differ at the row edges). Without -short every
// cell of the library runs.
var abutmentCells = []string{"inv_1", "nand2_1", "dffq_1", "inv_16", "filltie"}

// TestMigratedCellAbutsTargetCells migrates gf180mcu 7-track cells by each
// recipe, places each between two inverters of the target foundry's own
// library (as they are, and mirrored), abutting exactly at the outlines, and
// checks the row with the whole target deck (density windows aside): no
// violation within the interaction halo of either abutment line that the
// migrated cell alone or the inverter alone does not already have, power
// rails that merge into one polygon along the whole row, and the source's
// nets. Each migrated cell also abuts itself (as it is and mirrored). The
// row is also stacked with a flipped copy of itself on either
// rail, as placers stack rows: no violation near the shared rail that the
// row alone does not have.
func TestMigratedCellAbutsTargetCells(t *testing.T) {
	root := shareddata.Require(t)
	files := shareddata.LibraryFiles(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	if testing.Short() {
		var some []string
		for _, f := range files {
			for _, c := range abutmentCells {
				if strings.HasSuffix(f, "__"+c+".gds") {
					some = append(some, f)
				}
			}
		}
		if len(some) != len(abutmentCells) {
			t.Fatalf("found %d of the cells %v", len(some), abutmentCells)
		}
		files = some
	}
	for _, ac := range abutmentCases {
		t.Run(ac.recipe, func(t *testing.T) {
			r, src, tgt, err := techfiles.LoadMigration(ac.recipe)
			if err != nil {
				t.Fatal(err)
			}
			m, err := shrink.New(r, src, tgt, shrink.Options{CheckNets: true})
			if err != nil {
				t.Fatal(err)
			}
			nlib, err := gds.ReadFile(filepath.Join(root, "pdk", ac.neighbourFile), gds.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			a := newAbutment(t, ac, tgt, r.Placement.Outline, nlib)
			for _, f := range files {
				name := strings.TrimSuffix(filepath.Base(f), ".gds")
				src, err := gds.ReadFile(f, gds.ReadOptions{})
				if err != nil {
					t.Fatal(err)
				}
				out, res, err := m.Migrate(src)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				// The rails join the cell's own rails: same nets as the
				// source, no short between VDD and VSS.
				for _, st := range res.Cells {
					if st.NetsOK == nil {
						t.Errorf("%s: cell %s: nets not checked", name, st.Cell)
					} else if !*st.NetsOK {
						t.Errorf("%s: cell %s: nets differ from the source: %v", name, st.Cell, st.Nets)
					}
				}
				cell := out.Cell(name)
				if cell == nil {
					t.Fatalf("%s: no migrated cell", name)
				}
				a.check(t, out, cell)
			}
			t.Logf("%d cells; new markers at the abutments by rule: %v", len(files), a.between)
			t.Logf("beside itself, new markers at the abutment by rule: %v", a.twins)
			t.Logf("stacked with a flipped row, new markers at the shared rails by rule: %v", a.stacked)
			for id, why := range ac.later {
				t.Logf("%s is not failed: %s", id, why)
			}
		})
	}
}

// abutment is one recipe's check: the target's deck and its neighbour
// inverter, and the new markers found so far, by rule.
type abutment struct {
	ac         abutmentCase
	tgt        *rules.Tech
	ids        []string
	halo       float64
	outlineKey layout.LayerKey
	inv        *layout.Cell
	invBox     layout.Box
	// neighbours are the inverter as placed (N) and mirrored about the y
	// axis (FN), so that each side of the inverter meets each side of the
	// migrated cell; invAlone their markers alone.
	neighbours []placed
	invAlone   []*checkedRow

	between, twins, stacked map[string]int
}

func newAbutment(t *testing.T, ac abutmentCase, tgt *rules.Tech, outline string, nlib *layout.Library) *abutment {
	t.Helper()
	a := &abutment{ac: ac, tgt: tgt, outlineKey: layerKey(tgt, outline),
		between: map[string]int{}, twins: map[string]int{}, stacked: map[string]int{}}
	a.ids, a.halo = abutmentRules(tgt)
	if a.inv = nlib.Cell(ac.neighbourCell); a.inv == nil {
		t.Fatalf("%s: no cell %s", ac.neighbourFile, ac.neighbourCell)
	}
	var ok bool
	if a.invBox, ok = outlineOf(a.inv, a.outlineKey); !ok {
		t.Fatalf("%s: no outline box on %s", a.inv.Name, outline)
	}
	a.neighbours = []placed{{cell: a.inv}, {cell: a.inv, mirror: true}}
	for _, n := range a.neighbours {
		a.invAlone = append(a.invAlone, checkRow(t, nlib.MetersPerDBU, tgt, a.ids, a.outlineKey, n))
	}
	return a
}

// check places one migrated cell beside itself and between the
// neighbours, and stacks that row with its flipped copies.
func (a *abutment) check(t *testing.T, out *layout.Library, cell *layout.Cell) {
	t.Helper()
	name := cell.Name
	box, ok := outlineOf(cell, a.outlineKey)
	if !ok {
		t.Fatalf("%s: migrated cell has no outline box", name)
	}
	if box.Min.Y != a.invBox.Min.Y || box.Height() != a.invBox.Height() {
		t.Errorf("%s: outline %v is not on the row of %s (%v)", name, box, a.inv.Name, a.invBox)
		return
	}
	dbuM := out.MetersPerDBU
	alone := checkRow(t, dbuM, a.tgt, a.ids, a.outlineKey, placed{cell: cell})
	// The migrated cell beside itself, as it is and mirrored.
	for _, twin := range []placed{{cell: cell}, {cell: cell, mirror: true}} {
		row := checkRow(t, dbuM, a.tgt, a.ids, a.outlineKey, placed{cell: cell}, twin)
		known := markerSet{}
		known.add(alone.v, 0, row.dbu)
		known.add(checkRow(t, dbuM, a.tgt, a.ids, a.outlineKey, twin).v, box.Width(), row.dbu)
		if fresh := failing(freshMarkers(row, known, a.halo, box.Width()), a.ac.later, a.twins); len(fresh) > 0 {
			t.Errorf("%s beside itself (%s): %d violations at the abutment that the cell alone does not have:\n%s",
				name, twin.orientation(), len(fresh), describe(fresh))
		}
	}
	// Abutment lines and where each cell's own markers land in the row
	// (the same offsets checkRow places them at).
	a1 := a.invBox.Width()
	a2 := a1 + box.Width()
	for i, n := range a.neighbours {
		row := checkRow(t, dbuM, a.tgt, a.ids, a.outlineKey, n, placed{cell: cell}, n)
		known := markerSet{}
		known.add(a.invAlone[i].v, 0, row.dbu)
		known.add(a.invAlone[i].v, a2, row.dbu)
		known.add(alone.v, a1, row.dbu)
		if fresh := failing(freshMarkers(row, known, a.halo, a1, a2), a.ac.later, a.between); len(fresh) > 0 {
			t.Errorf("%s between two %s (%s): %d violations at the abutments that neither cell has alone:\n%s",
				name, a.inv.Name, n.orientation(), len(fresh), describe(fresh))
		}
		for _, l := range a.ac.rails {
			for _, y := range []int32{a.invBox.Min.Y, a.invBox.Max.Y} {
				if err := railContinuous(row, layerKey(a.tgt, l), y, a2+a1); err != nil {
					t.Errorf("%s (%s neighbours): %s rail at y=%d: %v", name, n.orientation(), l, y, err)
				}
			}
		}
		if !n.mirror {
			a.checkStacks(t, name, row)
		}
	}
}

// checkStacks stacks a row with its copies flipped about its top and its
// bottom edge, as placers stack rows: the rows must not interact at the
// shared rails.
func (a *abutment) checkStacks(t *testing.T, name string, row *checkedRow) {
	t.Helper()
	for _, line := range []int64{int64(a.invBox.Max.Y), int64(a.invBox.Min.Y)} {
		stack := checkStack(t, row, a.tgt, a.ids, line)
		known := markerSet{}
		known.add(row.v, 0, row.dbu)
		known.add(mirrorY(row.v, float64(2*line)*row.dbu), 0, row.dbu)
		if fresh := failing(freshMarkersY(stack, known, a.halo, line), a.ac.later, a.stacked); len(fresh) > 0 {
			t.Errorf("%s: the row and a flipped row sharing its rail at y=%d: %d violations at the rail that neither row has alone:\n%s",
				name, line, len(fresh), describe(fresh))
		}
	}
}
