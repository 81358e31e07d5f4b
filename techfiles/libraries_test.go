package techfiles_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/klayout"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/internal/sheet"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// libraryCase is a real cell library and what the foundry's own deck finds
// in it: the rule/cell pairs allowed to fail (and required to, so the test
// notices when a rule stops finding them).
type libraryCase struct {
	tech  string
	glob  string // under shared/pdk
	known map[string][]string
}

var libraryCases = []libraryCase{
	{tech: "sky130", glob: "sky130/sky130_fd_sc_hd/*.gds", known: map[string][]string{
		// The foundry's MR deck flags min met1 area in the two tap cells
		// whose met1 is the rail stub only.
		"m1.6": {"sky130_fd_sc_hd__tapvgnd2_1", "sky130_fd_sc_hd__tapvgnd_1"},
	}},
	{tech: "gf180mcu", glob: "gf180mcu/gf180mcu_fd_sc_mcu7t5v0/*.gds"},
	{tech: "ihp-sg13g2", glob: "ihp-sg13g2/sg13g2_stdcell/*.gds"},
	{tech: "freepdk45", glob: "freepdk45/nangate45/*.gds", known: map[string][]string{
		// Contacts whose edge lies on the active (poly) edge: 0 enclosure.
		// The ORFS deck codes CONTACT.4/5 the same way (enclosing, 5 nm,
		// euclidian) and finds them too.
		"CONTACT.4": {"CLKGATE_X2", "SDFFRS_X2"},
		"CONTACT.5": {"CLKGATETST_X8", "CLKGATE_X1", "SDFFRS_X1"},
	}},
}

// TestLibrariesUnderExportedDecks places every cell of each real library on
// one sheet (cells 20 µm apart, so no rule sees two cells), runs the
// exported KLayout deck of its technology on it, and checks that the
// library comes out as the foundry's own deck finds it: clean, except the
// known findings. This is the evidence that no rule or interpretation of the
// techfiles flags foundry-clean cells.
func TestLibrariesUnderExportedDecks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs KLayout on whole libraries")
	}
	klayout.Require(t)
	root := shareddata.Require(t)
	for _, lc := range libraryCases {
		t.Run(lc.tech, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(root, "pdk", lc.glob))
			if len(files) == 0 {
				t.Skipf("no library at %s", lc.glob)
			}
			tech, err := techfiles.Load(lc.tech)
			if err != nil {
				t.Fatal(err)
			}
			found := runLibrary(t, tech, files)
			t.Logf("%d cells; findings: %v", len(files), found)
			var problems []string
			for id, cells := range found {
				for cell, n := range cells {
					if !contains(lc.known[id], cell) {
						problems = append(problems, fmt.Sprintf("%s: %s (%d items)", id, cell, n))
					}
				}
			}
			for id, cells := range lc.known {
				for _, c := range cells {
					if found[id][c] == 0 {
						problems = append(problems, fmt.Sprintf("%s: %s expected but not found", id, c))
					}
				}
			}
			sort.Strings(problems)
			if len(problems) > 0 {
				if len(problems) > 60 {
					problems = append(problems[:60], fmt.Sprintf("... %d more", len(problems)-60))
				}
				t.Errorf("%s library under the exported deck:\n%s", lc.tech, strings.Join(problems, "\n"))
			}
		})
	}
}

// TestScaledLibraryIsFlagged is the sentinel of the test above: the sky130
// library shrunk to 80 % must violate the basic rules in many cells, or a
// clean result would prove nothing (a wrong layer number, a check that
// cannot fire).
func TestScaledLibraryIsFlagged(t *testing.T) {
	if testing.Short() {
		t.Skip("runs KLayout on a whole library")
	}
	klayout.Require(t)
	root := shareddata.Require(t)
	files, _ := filepath.Glob(filepath.Join(root, "pdk", "sky130", "sky130_fd_sc_hd", "*.gds"))
	if len(files) == 0 {
		t.Skip("no sky130_fd_sc_hd library")
	}
	tech, err := techfiles.Load("sky130")
	if err != nil {
		t.Fatal(err)
	}
	found := runLibraryScaled(t, tech, files, 0.8)
	for _, id := range []string{"difftap.1", "difftap.3", "poly.1a", "poly.2", "poly.8", "licon.1", "licon.5c", "li.1", "li.3",
		"li.5", "li.6", "ct.1", "ct.2", "m1.1", "m1.2", "m1.4", "nwell.1", "diff_OFFGRID"} {
		if len(found[id]) < 5 {
			t.Errorf("%s: found in %d cells of the library at 80 %%, want many", id, len(found[id]))
		}
	}
	if len(found["m1.6"]) <= 2 {
		t.Errorf("m1.6: found in %d cells of the library at 80 %%, want more than the two tap cells", len(found["m1.6"]))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// runLibrary returns, per rule id, the cells with violations and their
// item counts.
func runLibrary(t *testing.T, tech *rules.Tech, files []string) map[string]map[string]int {
	return runLibraryScaled(t, tech, files, 1)
}

// runLibraryScaled is runLibrary on the library shrunk by scale (by
// shrinking its database unit).
func runLibraryScaled(t *testing.T, tech *rules.Tech, files []string, scale float64) map[string]map[string]int {
	t.Helper()
	var libs []*layout.Library
	for _, f := range files {
		lib, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		libs = append(libs, lib)
	}
	lib, err := sheet.Merge("SHEET", libs...)
	if err != nil {
		t.Fatal(err)
	}
	lib.MetersPerDBU *= scale
	lib.UserUnit *= scale
	gap := int32(20 / lib.DBUMicrons())
	top, err := sheet.Place(lib, "SHEET", sheet.Options{Gap: gap})
	if err != nil {
		t.Fatal(err)
	}
	type placed struct {
		name string
		box  layout.Box
	}
	var cells []placed
	for _, r := range top.Refs {
		b := lib.Bounds(r.Cell)
		b.Min = b.Min.Add(r.Origin)
		b.Max = b.Max.Add(r.Origin)
		cells = append(cells, placed{r.Cell.Name, b})
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "sheet.gds")
	if err := gds.WriteFile(in, lib); err != nil {
		t.Fatal(err)
	}
	deck := filepath.Join(dir, tech.Name+".drc")
	f, err := os.Create(deck)
	if err != nil {
		t.Fatal(err)
	}
	if err := rules.ExportKLayout(tech, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	report := filepath.Join(dir, "report.lyrdb")
	if d := os.Getenv("LAYOUTMIG_KEEP_REPORT"); d != "" {
		report = filepath.Join(d, tech.Name+".lyrdb")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()
	if _, err := klayout.Run(ctx, deck, map[string]string{"input": in, "report": report, "top_cell": "SHEET"}); err != nil {
		t.Fatal(err)
	}
	items, err := readReport(report)
	if err != nil {
		t.Fatal(err)
	}
	dbu := lib.DBUMicrons()
	out := map[string]map[string]int{}
	for _, it := range items {
		cell := "?"
		p := layout.Point{X: int32(it.x / dbu), Y: int32(it.y / dbu)}
		for _, c := range cells {
			if p.X >= c.box.Min.X-1 && p.X <= c.box.Max.X+1 && p.Y >= c.box.Min.Y-1 && p.Y <= c.box.Max.Y+1 {
				cell = c.name
				break
			}
		}
		if out[it.category] == nil {
			out[it.category] = map[string]int{}
		}
		out[it.category][cell]++
	}
	return out
}

type reportItem struct {
	category string
	x, y     float64 // the first coordinate of the marker, µm
}

type lyrdb struct {
	Items []struct {
		Category string   `xml:"category"`
		Values   []string `xml:"values>value"`
	} `xml:"items>item"`
}

var firstNumbers = regexp.MustCompile(`\(?(-?[0-9.e+-]+),(-?[0-9.e+-]+)`)

func readReport(path string) ([]reportItem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var db lyrdb
	if err := xml.Unmarshal(data, &db); err != nil {
		return nil, err
	}
	var out []reportItem
	for _, it := range db.Items {
		ri := reportItem{category: strings.Trim(it.Category, "'")}
		if len(it.Values) > 0 {
			if m := firstNumbers.FindStringSubmatch(it.Values[0]); m != nil {
				ri.x, _ = strconv.ParseFloat(m[1], 64)
				ri.y, _ = strconv.ParseFloat(m[2], 64)
			}
		}
		out = append(out, ri)
	}
	return out, nil
}

// TestSky130DesignsClean runs the exported sky130 deck on the two real
// sky130 designs of shared/pdk/designs, which the foundry's sign-off deck
// (sky130A_mr.drc: FEOL, BEOL and off-grid) finds clean: ours must too.
func TestSky130DesignsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("runs KLayout on whole designs")
	}
	klayout.Require(t)
	root := shareddata.Require(t)
	tech, err := techfiles.Load("sky130")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	deck := filepath.Join(dir, "sky130.drc")
	f, err := os.Create(deck)
	if err != nil {
		t.Fatal(err)
	}
	if err := rules.ExportKLayout(tech, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, name := range []string{"sky130_be8", "sky130_wowa"} {
		in := filepath.Join(root, "pdk", "designs", name+".gds")
		if _, err := os.Stat(in); err != nil {
			t.Logf("%s: not present", name)
			continue
		}
		// An absolute report path: KLayout resolves a relative one against
		// the input's folder, which is shared data.
		report := filepath.Join(dir, name+".lyrdb")
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
		_, err := klayout.Run(ctx, deck, map[string]string{"input": in, "report": report})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		items, err := readReport(report)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, it := range items {
			count[it.category]++
		}
		if len(items) != 0 {
			t.Errorf("%s: %d items under the exported sky130 deck, want 0: %v", name, len(items), count)
		}
	}
}
