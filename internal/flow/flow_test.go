package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/internal/demo"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/shrink"
	"github.com/layoutmig/layoutmig/techfiles"
)

// plain is a recipe of the map, scale and snap steps only, which the
// engine's later steps do not change: the statuses of the hierarchy tests
// follow from these steps alone.
const plain = `name: plain
source: gf180mcu
target: sky130
scale: "34/49"
layers: {comp: diff, poly2: poly, contact: licon, metal1: li1, via1: mcon, metal2: met1, nwell: nwell,
  nplus: nsdm, pplus: psdm, pr_bndry: boundary, dualgate: drop, v5_xtor: drop, lvpwell: drop}
placement: {site_width: 0.46, site_height: 2.72, row_height: 2.72, outline: boundary}
transforms: [map, scale, snap]
`

// options loads an embedded recipe, or the embedded recipe with one text
// replaced (written to a temporary file); recipe "plain" is the recipe
// plain.
func options(t *testing.T, recipe, old, new string) Options {
	t.Helper()
	name := recipe
	if old != "" || recipe == "plain" {
		var data []byte
		if recipe == "plain" {
			data = []byte(plain)
		} else {
			var err error
			if data, err = techfiles.RecipeSource(recipe); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("recipe %s has no %q", recipe, old)
		}
		name = filepath.Join(t.TempDir(), "edited.yaml")
		if err := os.WriteFile(name, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, src, tgt, err := techfiles.LoadMigration(name)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Recipe: r, Source: src, Target: tgt, Version: "test"}
}

type cellWant struct {
	checked bool
	status  string // "" = as the cell's connectivity check and violations say
}

func TestMigrate(t *testing.T) {
	tiny := []string{`scale: "34/49"`, `scale: "1/100"`}
	tests := []struct {
		name   string
		lib    func() *layout.Library
		recipe string
		edit   []string
		top    string
		tops   []string // the checked cells
		cells  map[string]cellWant
		status int // ExitStatus; -1: as the violations and failed cells say
	}{
		{"cell library: every cell a top cell", demo.Library, "gf180mcu-to-sky130", nil, "", demo.Cells,
			map[string]cellWant{"INV_X1": {true, ""}, "NAND2_X1": {true, ""}, "BUF_X8": {true, ""}}, -1},
		{"one top cell", demo.Library, "gf180mcu-to-sky130", nil, "NAND2_X1", []string{"NAND2_X1"},
			map[string]cellWant{"NAND2_X1": {true, ""}}, -1},
		{"hierarchy: placed cells are checked in their top", demo.Sketch, "plain", nil, "", []string{"DEMO_TOP"},
			map[string]cellWant{"CONT": {false, StatusClean}, "INV_X1": {false, StatusClean}, "NAND2_X1": {false, StatusClean},
				"TAP_ROW": {false, StatusClean}, "DEMO_TOP": {true, ""}}, -1},
		{"connectivity lost: failed, whatever the check says", demo.Library, "plain", tiny, "", demo.Cells,
			map[string]cellWant{"INV_X1": {true, StatusFailed}, "NAND2_X1": {true, StatusFailed}, "BUF_X8": {true, StatusFailed}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := options(t, tt.recipe, "", "")
			if tt.edit != nil {
				opt = options(t, tt.recipe, tt.edit[0], tt.edit[1])
			}
			opt.Top = tt.top
			res, err := Migrate(context.Background(), tt.lib(), "in.gds", opt)
			if err != nil {
				t.Fatal(err)
			}
			top := ""
			if len(tt.tops) == 1 {
				top = tt.tops[0]
			}
			if !reflect.DeepEqual(res.Checked, tt.tops) || res.DRC.Top != top || res.DRC.Tech != "sky130" || res.DRC.Input != "in.gds" || res.DRC.Version != "test" {
				t.Errorf("checked %v, DRC report of %q (%s, %s, %s), want %v", res.Checked, res.DRC.Top, res.DRC.Tech, res.DRC.Input, res.DRC.Version, tt.tops)
			}
			if len(res.Cells) != len(tt.cells) || len(res.Library.Cells) != len(tt.cells) {
				t.Errorf("%d cells in the result, %d in the library, want %d", len(res.Cells), len(res.Library.Cells), len(tt.cells))
			}
			sum := 0
			for _, c := range res.Cells {
				want, ok := tt.cells[c.Cell]
				if !ok {
					t.Errorf("unexpected cell %s", c.Cell)
					continue
				}
				if c.Checked != want.checked {
					t.Errorf("%s: checked %v, want %v", c.Cell, c.Checked, want.checked)
				}
				byRule := 0
				for _, n := range c.ByRule {
					byRule += n
				}
				if byRule != c.Violations || (!c.Checked && c.Violations != 0) {
					t.Errorf("%s: %d violations, %d by rule, checked %v", c.Cell, c.Violations, byRule, c.Checked)
				}
				sum += c.Violations
				status := want.status
				switch {
				case status != "":
				case c.NetsOK != nil && !*c.NetsOK:
					status = StatusFailed
				case c.Violations > 0:
					status = StatusViolations
				default:
					status = StatusClean
				}
				if c.Status != status {
					t.Errorf("%s: status %s, want %s (nets %v, error %q)", c.Cell, c.Status, status, c.Nets, c.Error)
				}
			}
			if sum != res.DRC.Total || len(res.DRC.Violations) != res.DRC.Total {
				t.Errorf("cells have %d violations, the report %d (%d listed)", sum, res.DRC.Total, len(res.DRC.Violations))
			}
			status := tt.status
			if status < 0 {
				status = 0
				if res.DRC.Total > 0 || len(res.Failed()) > 0 {
					status = 2
				}
			}
			if got := res.ExitStatus(); got != status {
				t.Errorf("exit status %d, want %d", got, status)
			}
			n := res.Counts()
			if n.Cells != len(res.Cells) || n.Clean+n.Violations+n.Below+n.Failed != n.Cells || len(res.Failed()) != n.Failed {
				t.Errorf("counts %+v, failed %v", n, res.Failed())
			}
		})
	}
}

// TestFailuresPropagate: a cell that places a failed cell fails too, and so
// does a top cell whose check could not run.
func TestFailuresPropagate(t *testing.T) {
	ok, bad := true, false
	lib := layout.NewLibrary("L")
	leaf := lib.AddCell(layout.NewCell("LEAF"))
	mid := lib.AddCell(layout.NewCell("MID"))
	mid.Refs = append(mid.Refs, layout.Ref{Cell: leaf})
	top := lib.AddCell(layout.NewCell("TOP"))
	top.Refs = append(top.Refs, layout.Ref{Cell: mid})
	lib.AddCell(layout.NewCell("OTHER"))
	lib.AddCell(layout.NewCell("LONE"))
	stats := func(name string, nets *bool) shrink.CellStats { return shrink.CellStats{Cell: name, NetsOK: nets} }
	mres := &shrink.Result{Cells: []shrink.CellStats{stats("LEAF", &bad), stats("MID", &ok), stats("TOP", nil),
		stats("OTHER", &ok), stats("LONE", &ok)}}
	rep := &drc.Report{Violations: []drc.Violation{{Rule: "r1", Cell: "OTHER"}, {Rule: "r1", Cell: "OTHER"}, {Rule: "r2", Cell: "TOP"}}}
	checked := map[string]bool{"TOP": true, "OTHER": true, "LONE": true}
	got := cellResults(lib, mres, rep, checked, map[string]error{"LONE": errors.New("out of memory")})
	want := []struct {
		status, err string
		violations  int
	}{
		{StatusFailed, "", 0},
		{StatusFailed, "places failed cell LEAF", 0},
		{StatusFailed, "places failed cell MID", 1},
		{StatusViolations, "", 2},
		{StatusFailed, "check: out of memory", 0},
	}
	for i, w := range want {
		c := got[i]
		if c.Status != w.status || c.Error != w.err || c.Violations != w.violations || c.Checked != checked[c.Cell] {
			t.Errorf("%s: status %s, error %q, %d violations, checked %v; want %s, %q, %d", c.Cell, c.Status, c.Error,
				c.Violations, c.Checked, w.status, w.err, w.violations)
		}
	}
}

func TestMigrateErrors(t *testing.T) {
	opt := options(t, "gf180mcu-to-sky130", "", "")
	tests := []struct {
		name string
		opt  func() Options
		want string
	}{
		{"no recipe", func() Options { o := opt; o.Recipe = nil; return o }, "Recipe, Source and Target are required"},
		{"unknown top cell", func() Options { o := opt; o.Top = "NOPE"; return o }, `in.gds: no cell "NOPE"`},
		{"unmapped layer", func() Options { return options(t, "gf180mcu-to-sky130", "  lvpwell: drop\n", "") }, "204/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Migrate(context.Background(), demo.Library(), "in.gds", tt.opt())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Migrate(ctx, demo.Library(), "in.gds", opt); err == nil {
		t.Error("a cancelled run did not fail")
	}
}

// TestDeterministic runs the same migration twice (one thread and all):
// the same cells, statistics and violations.
func TestDeterministic(t *testing.T) {
	opt := options(t, "gf180mcu-to-ihp-sg13g2", "", "")
	a, err := Migrate(context.Background(), demo.Sketch(), "in.gds", opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Threads = 1
	b, err := Migrate(context.Background(), demo.Sketch(), "in.gds", opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Cells, b.Cells) || !reflect.DeepEqual(a.DRC.Violations, b.DRC.Violations) {
		t.Error("two runs differ")
	}
}

func TestProgress(t *testing.T) {
	opt := options(t, "gf180mcu-to-sky130", "", "")
	var calls []string
	opt.Progress = func(done, total int, cell string) { calls = append(calls, fmt.Sprintf("%d/%d %s", done, total, cell)) }
	if _, err := Migrate(context.Background(), demo.Library(), "in.gds", opt); err != nil {
		t.Fatal(err)
	}
	want := []string{"0/3 ", "1/3 INV_X1", "2/3 NAND2_X1", "3/3 BUF_X8"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("progress %q, want %q", calls, want)
	}
}

func TestReports(t *testing.T) {
	opt := options(t, "gf180mcu-to-sky130", "", "")
	opt.Output = "out.gds"
	res, err := Migrate(context.Background(), demo.Library(), "in.gds", opt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	js := filepath.Join(dir, "r.json")
	for _, p := range []string{js, filepath.Join(dir, "r.lyrdb"), filepath.Join(dir, "r.txt")} {
		if err := res.WriteReport(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := res.WriteReport(filepath.Join(dir, "r.csv")); err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("a .csv report: %v", err)
	}
	// The JSON report is a DRC report (a baseline for drc --baseline)...
	back, err := drc.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if back.Total != res.DRC.Total || len(back.Rules) != len(res.DRC.Rules) || back.Top != res.DRC.Top {
		t.Errorf("read back: %d violations, %d rules, top %q", back.Total, len(back.Rules), back.Top)
	}
	// ... with the migration after "total", in this order.
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{`"tool"`, `"top": ""`, `"total"`, `"checked": ["INV_X1","NAND2_X1","BUF_X8"]`, `"output": "out.gds"`, `"recipe": "gf180mcu-to-sky130"`, `"source": "gf180mcu"`,
		`"scale": "34/49"`, `"steps"`, `"summary"`, `"failed": []`, `"migrated": 3`, `"cells"`}
	at := 0
	for _, k := range keys {
		i := bytes.Index(data[at:], []byte(k))
		if i < 0 {
			t.Fatalf("JSON report lacks %s after offset %d:\n%s", k, at, data)
		}
		at += i
	}
	var j struct {
		Cells []CellResult `json:"cells"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	for i, c := range j.Cells {
		want := res.Cells[i]
		if c.Cell != want.Cell || c.Status != want.Status || c.Violations != want.Violations || !reflect.DeepEqual(c.ByRule, want.ByRule) ||
			!reflect.DeepEqual(c.Nets, want.Nets) || math.Abs(c.AreaAfter-want.AreaAfter) > 1e-6 || c.AreaAfter != math.Round(c.AreaAfter*1e6)/1e6 {
			t.Errorf("cell read back\n%+v\nwant\n%+v", c, want)
		}
	}
	if bytes.Contains(data, []byte("99999999")) || bytes.Contains(data, []byte("00000001")) {
		t.Errorf("binary noise in the report:\n%s", data)
	}
	if n := bytes.Count(data, []byte("\n    {\"cell\":")); n != 3 {
		t.Errorf("%d cell lines, want one per cell", n)
	}
}
