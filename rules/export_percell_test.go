package rules_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// The per-cell deck (rules.ExportOptions.PerCell) runs in the KLayout
// session of TestExportKLayoutAccepted, for every technology there, on a
// generated library whose top cells, in the order the deck checks them,
// are:
//
//	A_BASE     the technology's test shapes (techLayout)
//	B_PLANTED  the same shapes and a strip half as wide as a width rule
//	C_BASE     a copy of A_BASE
//	D_PARENT   E_LEAF (a copy of B_PLANTED, not a top cell) rotated by
//	           90 degrees and moved
//
// The default deck runs on the same file with each of them as top cell.
// Each cell's items in the per-cell report must be those of the default
// deck on that cell (category and value), A_BASE and C_BASE must have the
// same items (what B_PLANTED adds does not leak into the next cell), and
// the planted rule must find more in B_PLANTED than in A_BASE.

var perCellTops = []string{"A_BASE", "B_PLANTED", "C_BASE", "D_PARENT"}

// perCellRun is the per-cell deck of one technology on the generated
// library, and the default deck on each top cell of it.
type perCellRun struct {
	tech    *rules.Tech
	deck    string            // the per-cell deck
	report  string            // its report
	single  map[string]string // top cell -> the default deck's report on it
	planted string            // the width rule the strip in B_PLANTED breaks
}

// copyCell returns a new cell named name with the polygons of c.
func copyCell(c *layout.Cell, name string) *layout.Cell {
	out := layout.NewCell(name)
	for k, s := range c.Layers {
		out.Shapes(k).Polygons = s.Polygons.Clone()
	}
	return out
}

// perCellLibrary builds the library of the per-cell test for tech and
// returns it with the id of the planted rule: the first width rule on a
// drawn layer.
func perCellLibrary(t *testing.T, tech *rules.Tech) (*layout.Library, string) {
	t.Helper()
	var planted *rules.Rule
	for _, r := range tech.Rules {
		if r.Check == rules.Width && tech.Layer(r.Layer) != nil {
			planted = r
			break
		}
	}
	if planted == nil {
		t.Fatalf("%s: no width rule on a drawn layer to plant a violation of", tech.Name)
	}
	base := techLayout(tech).Cell("TOP")
	lib := layout.NewLibrary("PERCELL")
	lib.MetersPerDBU = tech.DBU * 1e-6
	lib.UserUnit = tech.DBU
	lib.AddCell(copyCell(base, "A_BASE"))
	b := copyCell(base, "B_PLANTED")
	w := int32(max(1, rules.ToDBU(planted.Value/2, tech.DBU)))
	x := -int32(rules.ToDBU(5, tech.DBU))
	d := tech.Layer(planted.Layer).Drawing
	b.Shapes(layout.LayerKey{Layer: d.Layer, Datatype: d.Datatype}).Polygons.Add(box(x, 0, x+w, 40*w), nil)
	lib.AddCell(b)
	lib.AddCell(copyCell(base, "C_BASE"))
	leaf := lib.AddCell(copyCell(b, "E_LEAF"))
	parent := layout.NewCell("D_PARENT")
	parent.Refs = append(parent.Refs, layout.Ref{
		Cell:   leaf,
		Trans:  layout.Strans{Mag: 1, Angle: 90, HasAngle: true},
		Origin: layout.Point{X: int32(rules.ToDBU(3, tech.DBU)), Y: int32(rules.ToDBU(7, tech.DBU))},
	})
	lib.AddCell(parent)
	return lib, planted.ID
}

// addPerCell writes the library and both decks of tech into dir and adds
// the runs to list (see run_decks.rb).
func addPerCell(t *testing.T, dir string, tech *rules.Tech, list *bytes.Buffer) *perCellRun {
	t.Helper()
	name := strings.ReplaceAll(tech.Name, "/", "_") + "_percell"
	lib, planted := perCellLibrary(t, tech)
	in := filepath.Join(dir, name+".gds")
	if err := gds.WriteFile(in, lib); err != nil {
		t.Fatal(err)
	}
	writeDeck := func(path string, opt rules.ExportOptions) {
		var deck bytes.Buffer
		if err := rules.ExportKLayoutWith(tech, &deck, opt); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, deck.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &perCellRun{tech: tech, deck: filepath.Join(dir, name+".drc"), report: filepath.Join(dir, name+".lyrdb"),
		single: map[string]string{}, planted: planted}
	writeDeck(r.deck, rules.ExportOptions{PerCell: true})
	single := filepath.Join(dir, name+"_single.drc")
	writeDeck(single, rules.ExportOptions{})
	fmt.Fprintf(list, "%s\t%s\t%s\n", r.deck, in, r.report)
	for _, c := range perCellTops {
		r.single[c] = filepath.Join(dir, name+"_"+c+".lyrdb")
		fmt.Fprintf(list, "%s\t%s\t%s\t%s\n", single, in, r.single[c], c)
	}
	return r
}

type cellReport struct {
	Categories []struct {
		Name string `xml:"name"`
	} `xml:"categories>category"`
	Cells []struct {
		Name string `xml:"name"`
	} `xml:"cells>cell"`
	Items []struct {
		Category string   `xml:"category"`
		Cell     string   `xml:"cell"`
		Values   []string `xml:"values>value"`
	} `xml:"items>item"`
}

// readCellReport returns the categories and cells of a marker database and
// its items per cell, each as "category<TAB>values", sorted.
func readCellReport(path string) (cats, cells []string, items map[string][]string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	var db cellReport
	if err := xml.Unmarshal(data, &db); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range db.Categories {
		cats = append(cats, c.Name)
	}
	for _, c := range db.Cells {
		cells = append(cells, c.Name)
	}
	items = map[string][]string{}
	for _, it := range db.Items {
		cat := strings.Trim(it.Category, "'")
		items[it.Cell] = append(items[it.Cell], cat+"\t"+strings.Join(it.Values, "\t"))
	}
	for _, l := range items {
		slices.Sort(l)
	}
	return cats, cells, items, nil
}

// countCategory counts the items of category id.
func countCategory(items []string, id string) int {
	n := 0
	for _, it := range items {
		if strings.HasPrefix(it, id+"\t") {
			n++
		}
	}
	return n
}

// checkPerCell compares the per-cell report of r with the default deck's
// reports, cell by cell.
func checkPerCell(t *testing.T, r *perCellRun) {
	t.Helper()
	name := r.tech.Name
	cats, cells, items, err := readCellReport(r.report)
	if err != nil {
		t.Errorf("%s per cell: %v", name, err)
		return
	}
	var ids []string
	for _, rule := range r.tech.Rules {
		ids = append(ids, rule.ID)
	}
	if !slices.Equal(cats, ids) {
		t.Errorf("%s per cell: report categories\n%v\nwant the rule ids once each, in deck order\n%v", name, cats, ids)
	}
	if !slices.Equal(cells, perCellTops) {
		t.Errorf("%s per cell: report cells %v, want the top cells %v", name, cells, perCellTops)
	}
	for c := range items {
		if !slices.Contains(perCellTops, c) {
			t.Errorf("%s per cell: %d items in %s, which is no top cell", name, len(items[c]), c)
		}
	}
	total := 0
	for _, c := range perCellTops {
		_, _, single, err := readCellReport(r.single[c])
		if err != nil {
			t.Errorf("%s %s: %v", name, c, err)
			continue
		}
		want := single[c]
		if len(single) > 1 || len(want) == 0 {
			t.Errorf("%s %s: the default deck reports items in %d cells (%d in %s); want items in %s only", name, c, len(single), len(want), c, c)
		}
		got := items[c]
		total += len(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s %s: per-cell deck %d items, default deck %d", name, c, len(got), len(want))
		}
	}
	if !slices.Equal(items["A_BASE"], items["C_BASE"]) {
		t.Errorf("%s per cell: A_BASE %d items, C_BASE (the same cell, checked after B_PLANTED) %d", name, len(items["A_BASE"]), len(items["C_BASE"]))
	}
	a, b := countCategory(items["A_BASE"], r.planted), countCategory(items["B_PLANTED"], r.planted)
	if b <= a {
		t.Errorf("%s per cell: %s finds %d in B_PLANTED, %d in A_BASE; the planted strip was not found", name, r.planted, b, a)
	}
	t.Logf("%s per cell: %d items in %d cells; %s: %d planted, %d base", name, total, len(cells), r.planted, b, a)
}

// outputLine is a default deck's report line: layer.output('id', 'desc').
var outputLine = regexp.MustCompile(`^(.*)\.output\(('(?:[^'\\]|\\.)*'), '(?:[^'\\]|\\.)*'\)$`)

// TestExportKLayoutPerCellBody checks, without KLayout, that the per-cell
// deck's lm_check is the default deck's layers and rules, line for line,
// with each report line sent to lm_out instead of output (an output call
// left in the body would go to a report the per-cell deck never opens).
func TestExportKLayoutPerCellBody(t *testing.T) {
	techs := []string{filepath.Join("testdata", "allchecks.yaml")}
	techs = append(techs, techfiles.Names()...)
	for _, name := range techs {
		t.Run(filepath.Base(name), func(t *testing.T) {
			tech, err := techfiles.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			var def, per bytes.Buffer
			if err := rules.ExportKLayout(tech, &def); err != nil {
				t.Fatal(err)
			}
			if err := rules.ExportKLayoutWith(tech, &per, rules.ExportOptions{PerCell: true}); err != nil {
				t.Fatal(err)
			}
			_, body, ok := strings.Cut(def.String(), "\n# Drawn layers\n")
			if !ok {
				t.Fatal("default deck: no drawn layers")
			}
			var want []string
			for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
				if m := outputLine.FindStringSubmatch(l); m != nil {
					l = "lm_out(" + m[1] + ", " + m[2] + ")"
				}
				want = append(want, l)
			}
			_, rest, ok := strings.Cut(per.String(), "\ndef lm_check\n\n  # Drawn layers\n")
			if !ok {
				t.Fatal("per-cell deck: no lm_check")
			}
			body, _, ok = strings.Cut(rest, "\nend\n\nlm_cells.each do |name|\n")
			if !ok {
				t.Fatal("per-cell deck: lm_check is not followed by the loop over the cells")
			}
			var got []string
			for _, l := range strings.Split(body, "\n") {
				got = append(got, strings.TrimPrefix(l, "  "))
			}
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("line %d of lm_check:\n  %s\nwant\n  %s", i+1, got[i], want[i])
					}
				}
				t.Fatalf("lm_check has %d lines, want %d", len(got), len(want))
			}
			if strings.Contains(body, ".output(") {
				t.Errorf("lm_check calls output")
			}
			n := strings.Count(body, "lm_out(") + strings.Count(body, "lm_output2(")
			if n != len(tech.Rules) {
				t.Errorf("lm_check reports %d times, want once per rule (%d)", n, len(tech.Rules))
			}
		})
	}
}
