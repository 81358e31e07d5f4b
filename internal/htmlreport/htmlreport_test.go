package htmlreport

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/shrink"
	"github.com/layoutmig/layoutmig/techfiles"
)

// migratedPage migrates real gf180mcu cells to sky130 into dir, checks
// them against sky130 and returns the page of the run; a third cell names a
// migrated file that does not exist, as a failed cell would.
func migratedPage(t *testing.T, dir string) Page {
	t.Helper()
	root := shareddata.Require(t)
	recipe, src, tgt, err := techfiles.LoadMigration("gf180mcu-to-sky130")
	if err != nil {
		t.Fatal(err)
	}
	m, err := shrink.New(recipe, src, tgt, shrink.Options{CheckNets: true})
	if err != nil {
		t.Fatal(err)
	}
	page := Page{Title: "gf180mcu to sky130", Recipe: "gf180mcu-to-sky130", Generated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	for _, name := range []string{"gf180mcu_fd_sc_mcu7t5v0__inv_1", "gf180mcu_fd_sc_mcu7t5v0__nand2_1"} {
		start := time.Now()
		in := filepath.Join(root, "pdk", "gf180mcu", "gf180mcu_fd_sc_mcu7t5v0", name+".gds")
		lib, err := gds.ReadFile(in, gds.ReadOptions{FileName: in})
		if err != nil {
			t.Fatal(err)
		}
		out, res, err := m.Migrate(lib)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		outPath := filepath.Join(dir, "out", name+".gds")
		if err := os.MkdirAll(filepath.Dir(outPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := gds.WriteFile(outPath, out); err != nil {
			t.Fatal(err)
		}
		rep, err := drc.Run(context.Background(), out, out.Cell(name), tgt, drc.Options{Input: outPath})
		if err != nil {
			t.Fatal(err)
		}
		st := res.Cells[0]
		status := "clean"
		if rep.Total > 0 {
			status = "violations"
		}
		page.Cells = append(page.Cells, Cell{Name: name, Status: status, Violations: rep.Total, Fixes: st.Fixes,
			AreaRatio: st.AreaAfter / st.AreaBefore, Seconds: time.Since(start).Seconds(),
			SourceGDS: in, MigratedGDS: outPath, SourceTech: src, TargetTech: tgt, Report: rep})
	}
	page.Cells = append(page.Cells, Cell{Name: "gf180mcu_fd_sc_mcu7t5v0__xor2_1", Status: "error",
		SourceGDS:   filepath.Join(root, "pdk", "gf180mcu", "gf180mcu_fd_sc_mcu7t5v0", "gf180mcu_fd_sc_mcu7t5v0__xor2_1.gds"),
		MigratedGDS: filepath.Join(dir, "out", "missing.gds"), SourceTech: src, TargetTech: tgt, Error: "connectivity check failed"})
	return page
}

// TestWrite checks the page's files and text: one picture per drawable
// side, every cell in the table, the rules with violations listed with
// their counts, the failed cell's missing picture explained.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	page := migratedPage(t, dir)
	site := filepath.Join(dir, "site")
	if err := Write(context.Background(), site, page); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	pngs, _ := filepath.Glob(filepath.Join(site, "img", "*.png"))
	text := string(html)
	imgs := regexp.MustCompile(`<img src="([^"]+)"`).FindAllStringSubmatch(text, -1)
	tests := []struct {
		name      string
		got, want string
	}{
		{"picture files", strconv.Itoa(len(pngs)), "5"},
		{"img elements", strconv.Itoa(len(imgs)), "5"},
		{"failed cell's picture", strconv.FormatBool(strings.Contains(text, "picture unavailable")), "true"},
		{"failed cell's error", strconv.FormatBool(strings.Contains(text, "connectivity check failed")), "true"},
		{"generated", strconv.FormatBool(strings.Contains(text, "2026-01-02 03:04:05 UTC")), "true"},
	}
	for _, c := range page.Cells {
		tests = append(tests, struct{ name, got, want string }{c.Name + " in the table",
			strconv.FormatBool(strings.Contains(text, `<a href="#cell-`) && strings.Contains(text, ">"+c.Name+"</a>")), "true"})
		if c.Report == nil {
			continue
		}
		for _, r := range c.Report.Rules {
			if r.Count == 0 {
				continue
			}
			row := "<td>" + r.ID + "</td><td class=\"count\">" + strconv.Itoa(r.Count) + "</td>"
			tests = append(tests, struct{ name, got, want string }{c.Name + " rule " + r.ID, strconv.FormatBool(strings.Contains(text, row)), "true"})
		}
	}
	for _, m := range imgs {
		if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(m[1]))); err != nil {
			t.Errorf("the page shows %s, which was not written: %v", m[1], err)
		}
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, filepath.Join(dir, "cancelled"), page); err == nil {
		t.Error("a cancelled Write succeeded")
	}
}
