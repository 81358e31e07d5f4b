package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/demo"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/techfiles"
)

// recipeFile writes the embedded recipe name with one text replaced.
func recipeFile(t *testing.T, dir, name, old, new string) string {
	t.Helper()
	data, err := techfiles.RecipeSource(name)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.Contains(s, old) {
		t.Fatalf("recipe %s has no %q", name, old)
	}
	path := filepath.Join(dir, "edited.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(s, old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// plainRecipe writes a recipe that only maps COMP, Metal1 and the outline
// of gf180mcu to sky130, scales and snaps: the exit statuses of the small
// layouts of oneCell do not depend on how the embedded recipes grow.
func plainRecipe(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "plain.yaml")
	err := os.WriteFile(path, []byte(`name: plain
source: gf180mcu
target: sky130
scale: "34/49"
layers:
  comp: diff
  metal1: li1
  pr_bndry: boundary
placement: {site_width: 0.46, site_height: 2.72, row_height: 2.72, outline: boundary}
transforms: [map, scale, snap]
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// oneCell writes a one-cell gf180mcu layout: a 5-site outline, a Metal1
// plate labelled P and, when octagon, a COMP octagon (45-degree edges are
// legal in gf180mcu, not on sky130's diff, and no migration step changes
// an angle).
func oneCell(t *testing.T, dir, name string, octagon bool) string {
	t.Helper()
	lib := layout.NewLibrary("ONE")
	c := lib.AddCell(layout.NewCell(name))
	add := func(l, d uint16, pts ...int32) {
		var p []layout.Point
		for i := 0; i < len(pts); i += 2 {
			p = append(p, layout.Point{X: pts[i], Y: pts[i+1]})
		}
		c.Shapes(layout.LayerKey{Layer: l, Datatype: d}).Polygons.Add(p, nil)
	}
	add(0, 0, 0, 0, 2800, 0, 2800, 3920, 0, 3920)
	add(34, 0, 400, 400, 2400, 400, 2400, 2400, 400, 2400)
	lbl := c.Shapes(layout.LayerKey{Layer: 34, Datatype: 10})
	lbl.Texts = append(lbl.Texts, layout.Text{Pos: layout.Point{X: 1400, Y: 1400}, String: "P"})
	if octagon {
		add(22, 0, 1000, 2600, 1800, 2600, 2200, 3000, 2200, 3400, 1800, 3800, 1000, 3800, 600, 3400, 600, 3000)
	}
	path := filepath.Join(dir, name+".gds")
	if err := gds.WriteFile(path, lib); err != nil {
		t.Fatal(err)
	}
	return path
}

// migrationReport is what the tests read of the JSON report.
type migrationReport struct {
	Tech    string   `json:"tech"`
	Top     string   `json:"top"`
	Checked []string `json:"checked"`
	Total   int      `json:"total"`
	Output  string   `json:"output"`
	Recipe  string   `json:"recipe"`
	Summary struct {
		Cells, Clean, Violations, Failed int
	} `json:"summary"`
	Failed []string `json:"failed"`
	Cells  []struct {
		Cell       string         `json:"cell"`
		Status     string         `json:"status"`
		Violations int            `json:"violations"`
		ByRule     map[string]int `json:"by_rule"`
		NetsOK     *bool          `json:"nets_ok"`
		Sites      int            `json:"sites"`
		AreaBefore float64        `json:"area_before_um2"`
		AreaAfter  float64        `json:"area_after_um2"`
	} `json:"cells"`
}

func readMigrationReport(t *testing.T, path string) migrationReport {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r migrationReport
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMigrateDemo is the README's first command: the demo cells to sky130,
// with a JSON report.
func TestMigrateDemo(t *testing.T) {
	dir := t.TempDir()
	out, rep := filepath.Join(dir, "demo_sky130.gds"), filepath.Join(dir, "demo_sky130.json")
	stdout, stderr, status := runCLI(t, "migrate", "@demo", "--recipe", "gf180mcu-to-sky130", "-o", out, "--report", rep)
	r := readMigrationReport(t, rep)
	want := 0
	if r.Total > 0 {
		want = 2
	}
	if status != want {
		t.Errorf("exit status %d with %d violations left; stderr %q", status, r.Total, stderr)
	}
	for _, s := range append(demo.Cells, "@demo -> "+out, "gf180mcu to sky130 by recipe gf180mcu-to-sky130 (scale 34/49",
		"DRC of sky130", "3 top cells", "wrote "+out+"; report "+rep) {
		if !strings.Contains(stdout, s) {
			t.Errorf("summary lacks %q:\n%s", s, stdout)
		}
	}
	if r.Tech != "sky130" || r.Top != "" || !slices.Equal(r.Checked, demo.Cells) || r.Output != out || r.Recipe != "gf180mcu-to-sky130" ||
		len(r.Cells) != 3 || r.Summary.Cells != 3 || r.Summary.Failed != 0 || len(r.Failed) != 0 {
		t.Errorf("report %+v", r)
	}
	sum := 0
	for _, c := range r.Cells {
		sum += c.Violations
		if c.NetsOK == nil || !*c.NetsOK || c.Status == "failed" || c.Sites == 0 || c.AreaAfter >= c.AreaBefore {
			t.Errorf("cell %+v", c)
		}
	}
	if sum != r.Total {
		t.Errorf("cells have %d violations, the report %d", sum, r.Total)
	}
	lib, err := gds.ReadFile(out, gds.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lib.Cells) != 3 || lib.Cell("BUF_X8").Layers[layout.LayerKey{Layer: 67, Datatype: 20}] == nil {
		t.Errorf("output: %d cells", len(lib.Cells))
	}
	// The report draws the markers of a cell over the output.
	if r.Total > 0 {
		png := filepath.Join(dir, "buf.png")
		if !strings.Contains(stdout, "layoutmig render "+out+" --cell ") {
			t.Errorf("summary does not say how to see the violations:\n%s", stdout)
		}
		stdout, stderr, status := runCLI(t, "render", out, "--cell", "BUF_X8", "--tech", "sky130", "--markers", rep, "-o", png)
		if status != 0 || !strings.Contains(stdout, "markers") {
			t.Errorf("render with the report's markers: status %d, %s%s", status, stdout, stderr)
		}
	}
	// The same run gives the same bytes.
	out2 := filepath.Join(dir, "again.gds")
	if _, _, status := runCLI(t, "migrate", "@demo", "--recipe", "gf180mcu-to-sky130", "-o", out2, "--threads", "1"); status != want {
		t.Fatal(status)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(out2)
	if string(a) != string(b) {
		t.Error("output is not deterministic")
	}
}

func TestMigrateExitStatus(t *testing.T) {
	dir := t.TempDir()
	plate := oneCell(t, dir, "PLATE", false)
	octagon := oneCell(t, dir, "OCTAGON", true)
	tiny := func() string {
		return recipeFile(t, dir, "gf180mcu-to-sky130", `scale: "34/49"`, `scale: "1/100"`)
	}
	// A layout of several cells, one of them picked with --top.
	sketch := filepath.Join(dir, "sketch.gds")
	if err := gds.WriteFile(sketch, demo.Sketch()); err != nil {
		t.Fatal(err)
	}
	plain := func() string { return plainRecipe(t, dir) }
	tests := []struct {
		name       string
		in         string
		recipe     func() string
		extra      []string
		status     int
		wantStdout []string
		wantStderr string
	}{
		{"clean", plate, plain, nil, 0,
			[]string{"PLATE", "clean", "DRC of sky130 (", "top cell PLATE: clean", "1 cells: 1 clean, 0 with violations, 0 failed"}, ""},
		{"violations left", octagon, plain, nil, 2,
			[]string{"OCTAGON", "violations", "diff_angle"},
			"layoutmig: migrate: 1 cells: 0 clean, 1 with violations, 0 failed; 4 violations of sky130 left\n"},
		{"connectivity lost", "@demo", tiny, nil, 2,
			[]string{"FAILED", "INV_X1: connectivity:", "failed: INV_X1, NAND2_X1, BUF_X8"}, "0 with violations, 3 failed; "},
		{"one top cell of several", sketch, nil, []string{"--top", "INV_X1"}, 2,
			[]string{"INV_X1", "top cell INV_X1", "1 cells"}, "layoutmig: migrate: 1 cells"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recipe := "gf180mcu-to-sky130"
			if tt.recipe != nil {
				recipe = tt.recipe()
			}
			args := append([]string{"migrate", tt.in, "--recipe", recipe, "-o", filepath.Join(dir, "out.gds")}, tt.extra...)
			stdout, stderr, status := runCLI(t, args...)
			if status != tt.status || !strings.Contains(stderr, tt.wantStderr) || (tt.wantStderr == "" && stderr != "") {
				t.Errorf("status %d, stderr %q; want %d and %q", status, stderr, tt.status, tt.wantStderr)
			}
			for _, s := range tt.wantStdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
		})
	}
}

func TestMigrateErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.gds")
	plate := oneCell(t, dir, "PLATE", false)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no recipe", []string{"migrate", plate, "-o", out}, "--recipe is required (embedded: gf180mcu-to-ihp-sg13g2"},
		{"no output", []string{"migrate", plate, "--recipe", "gf180mcu-to-sky130"}, "-o OUT is required"},
		{"output @demo", []string{"migrate", plate, "--recipe", "gf180mcu-to-sky130", "-o", "@demo"}, "@demo can be read, not written"},
		{"unknown recipe", []string{"migrate", plate, "--recipe", "no-such-recipe", "-o", out}, "neither an embedded recipe"},
		{"unknown report format", []string{"migrate", plate, "--recipe", "gf180mcu-to-sky130", "-o", out, "--report", filepath.Join(dir, "r.csv")}, "must be .json, .lyrdb or .txt"},
		{"bad thread count", []string{"migrate", plate, "--recipe", "gf180mcu-to-sky130", "-o", out, "--threads", "-1"}, "--threads -1"},
		{"unknown top cell", []string{"migrate", plate, "--recipe", "gf180mcu-to-sky130", "-o", out, "--top", "NOPE"}, `no cell "NOPE"`},
		{"missing input", []string{"migrate", filepath.Join(dir, "none.gds"), "--recipe", "gf180mcu-to-sky130", "-o", out}, "none.gds"},
		{"unmapped layer", []string{"migrate", plate, "--recipe", recipeFile(t, dir, "gf180mcu-to-sky130", "  metal1: li1\n", ""), "-o", out},
			"input layers not in the layer map: 34/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, status := runCLI(t, tt.args...)
			if status != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("status %d, stderr %q; want 1 and %q", status, stderr, tt.want)
			}
		})
	}
	for _, p := range []string{out, filepath.Join(dir, "r.csv")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written by a failed run", p)
		}
	}
}

// TestMigrateReports writes the three report formats and the drop of
// unmapped layers.
func TestMigrateReports(t *testing.T) {
	dir := t.TempDir()
	octagon := oneCell(t, dir, "OCTAGON", true)
	js, rdb, txt := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.lyrdb"), filepath.Join(dir, "r.txt")
	plain := plainRecipe(t, dir)
	for _, p := range []string{js, rdb, txt} {
		if _, stderr, status := runCLI(t, "migrate", octagon, "--recipe", plain, "-o", filepath.Join(dir, "o.gds"), "--report", p); status != 2 {
			t.Fatalf("--report %s: status %d, %s", p, status, stderr)
		}
	}
	back, err := drc.ReadFile(js)
	if err != nil || back.Total != 4 || back.Violations[0].Rule != "diff_angle" || back.Top != "OCTAGON" {
		t.Errorf("JSON report as a DRC report: %v %+v", err, back)
	}
	data, err := os.ReadFile(rdb)
	if err != nil || strings.Count(string(data), "<item>") != 4 || !strings.Contains(string(data), "<category>diff_angle</category>") {
		t.Errorf("lyrdb: %v\n%s", err, data)
	}
	data, err = os.ReadFile(txt)
	if err != nil || !strings.Contains(string(data), "total: 4 violations") {
		t.Errorf("text report: %v\n%s", err, data)
	}
	// Dropping an unmapped layer instead of failing.
	recipe := recipeFile(t, dir, "gf180mcu-to-sky130", "  dualgate: drop\n", "")
	if _, stderr, status := runCLI(t, "migrate", "@demo", "--recipe", recipe, "-o", filepath.Join(dir, "o.gds")); status != 1 || !strings.Contains(stderr, "55/0") {
		t.Errorf("unmapped Dualgate: status %d, %s", status, stderr)
	}
	_, stderr, status := runCLI(t, "migrate", "@demo", "--recipe", recipe, "-o", filepath.Join(dir, "o.gds"), "--drop-unmapped", "--report", js)
	if r := readMigrationReport(t, js); status == 1 || len(r.Cells) != 3 || len(r.Failed) != 0 {
		t.Errorf("--drop-unmapped: status %d, %s", status, stderr)
	}
}
