package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/techfiles"
)

func gfInverter(t *testing.T) string {
	t.Helper()
	for _, f := range shareddata.LibraryFiles(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0") {
		if strings.HasSuffix(f, "__inv_1.gds") {
			return f
		}
	}
	t.Fatal("no inv_1")
	return ""
}

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

func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	in := gfInverter(t)
	out := filepath.Join(dir, "out.gds")
	rep := filepath.Join(dir, "out.json")
	stdout, stderr, status := runCLI(t, "migrate", in, "--recipe", "gf180mcu-to-sky130", "-o", out, "--report", rep)
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr %q", status, stderr)
	}
	if !strings.Contains(stdout, "gf180mcu_fd_sc_mcu7t5v0__inv_1") || !strings.Contains(stdout, "1 cells migrated, 0 failed") {
		t.Errorf("summary:\n%s", stdout)
	}
	var r migrateReport
	data, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Tech != "sky130" || len(r.Cells) != 1 || r.Cells[0].NetsOK == nil || !*r.Cells[0].NetsOK || r.Cells[0].Sites != 4 {
		t.Errorf("report %+v", r)
	}
	lib, err := gds.ReadFile(out, gds.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := lib.Cells[0]
	if c.Layers[layout.LayerKey{Layer: 236, Datatype: 0}] == nil || c.Layers[layout.LayerKey{Layer: 67, Datatype: 5}] == nil {
		t.Errorf("output layers %v", c.LayerKeys())
	}
	// The same run gives the same bytes.
	out2 := filepath.Join(dir, "out2.gds")
	if _, _, status := runCLI(t, "migrate", in, "--recipe", "gf180mcu-to-sky130", "-o", out2); status != 0 {
		t.Fatal(status)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(out2)
	if string(a) != string(b) {
		t.Error("output is not deterministic")
	}
}

func TestMigrateCommandStatus(t *testing.T) {
	dir := t.TempDir()
	in := gfInverter(t)
	out := filepath.Join(dir, "out.gds")
	tests := []struct {
		name       string
		recipe     func() string
		extra      []string
		status     int
		wantStderr string
	}{
		{"unmapped layer", func() string { return recipeFile(t, dir, "gf180mcu-to-sky130", "  \"63/63\": drop\n", "") }, nil,
			1, "input layers not in the layer map: 63/63"},
		{"unmapped layer dropped", func() string { return recipeFile(t, dir, "gf180mcu-to-sky130", "  \"63/63\": drop\n", "") },
			[]string{"--drop-unmapped"}, 0, ""},
		{"not implemented", func() string {
			return recipeFile(t, dir, "gf180mcu-to-sky130", "  - generate\n", "  - generate\n  - legalize\n")
		}, nil, 1, `transform "legalize" is not implemented yet`},
		{"nets broken by a tiny scale", func() string {
			return recipeFile(t, dir, "gf180mcu-to-ihp-sg13g2", `scale: "27/28"`, `scale: "1/100"`)
		}, nil, 2, "1 of 1 cells failed the connectivity check"},
		{"unknown recipe", func() string { return "no-such-recipe" }, nil, 1, "neither an embedded recipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"migrate", in, "--recipe", tt.recipe(), "-o", out}, tt.extra...)
			_, stderr, status := runCLI(t, args...)
			if status != tt.status || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("status %d, stderr %q; want %d and %q", status, stderr, tt.status, tt.wantStderr)
			}
		})
	}
}
