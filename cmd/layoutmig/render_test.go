package main

import (
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
)

func TestRenderPictures(t *testing.T) {
	root := shareddata.Require(t)
	inv := filepath.Join(root, "pdk", "sky130", "sky130_fd_sc_hd", "sky130_fd_sc_hd__inv_1.gds")
	dir := t.TempDir()
	report := filepath.Join(dir, "demo.json")
	sketch := sketchFile(t) // a layout with violations (@demo is clean)
	if _, stderr, status := runCLI(t, "drc", sketch, "--tech", "gf180mcu", "--report", report); status != 2 {
		t.Fatalf("drc of the sketch: status %d, want 2 (violations); %s", status, stderr)
	}
	migrated, migReport := filepath.Join(dir, "demo_sky130.gds"), filepath.Join(dir, "migrate.json")
	// The demo migrates clean by the embedded recipe; the plain recipe
	// (map, scale, snap) leaves violations in some of its cells.
	if _, stderr, status := runCLI(t, "migrate", "@demo", "--recipe", plainRecipe(t, dir), "--drop-unmapped", "-o", migrated, "--report", migReport); status > 2 {
		t.Fatalf("migrate of the demo: status %d; %s", status, stderr)
	}
	mig, err := drc.ReadFile(migReport)
	if err != nil {
		t.Fatal(err)
	}
	invMarkers := 0
	for _, v := range mig.Violations {
		if v.Cell == "INV_X1" {
			invMarkers++
		}
	}
	if invMarkers == 0 || invMarkers == mig.Total {
		t.Fatalf("the migrated INV_X1 has %d of the report's %d violations; want some, not all", invMarkers, mig.Total)
	}
	tests := []struct {
		name   string
		args   []string
		out    string
		stdout string
		long   int // the picture's longer side
	}{
		{"markers of one cell from a migrate report", []string{"render", migrated, "--cell", "INV_X1", "--markers", migReport},
			"mig_inv.png", fmt.Sprintf("layers, %d markers", invMarkers), 0},
		{"png, technology given", []string{"render", inv, "--tech", "sky130"}, "inv.png", "cell sky130_fd_sc_hd__inv_1, 6", 1200},
		{"svg, technology guessed", []string{"render", inv, "--width", "600"}, "inv.svg", "cell sky130_fd_sc_hd__inv_1", 600},
		{"markers of a drc report", []string{"render", sketch, "--markers", report, "--tech", "gf180mcu", "--light"}, "demo.png", "84 markers", 0},
		{"one cell of several", []string{"render", "@demo", "--cell", "INV_X1", "--tech", "gf180mcu"}, "demo_inv.svg", "cell INV_X1", 0},
		{"without labels", []string{"render", inv, "--no-labels", "--light"}, "inv_nolabels.png", "cell sky130_fd_sc_hd__inv_1", 1200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.out)
			stdout, stderr, status := runCLI(t, append(tc.args, "-o", out)...)
			if status != 0 {
				t.Fatalf("status %d; stderr %s", status, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("stdout %q lacks %q", stdout, tc.stdout)
			}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var w, h int
			if strings.HasSuffix(out, ".png") {
				img, err := png.Decode(f)
				if err != nil {
					t.Fatalf("%s: %v", out, err)
				}
				w, h = img.Bounds().Dx(), img.Bounds().Dy()
			} else {
				var svg struct {
					Width  int `xml:"width,attr"`
					Height int `xml:"height,attr"`
				}
				if err := xml.NewDecoder(f).Decode(&svg); err != nil {
					t.Fatalf("%s: %v", out, err)
				}
				w, h = svg.Width, svg.Height
			}
			if tc.long > 0 && max(w, h) != tc.long {
				t.Errorf("picture is %dx%d, want %d px on the longer side", w, h, tc.long)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	dir := t.TempDir()
	// a layer that ihp-sg13g2 (Activ) and freepdk45 (active) both have
	lib := layout.NewLibrary("L")
	lib.MetersPerDBU, lib.UserUnit = 1e-9, 1e-3
	c := layout.NewCell("TOP")
	c.Shapes(layout.LayerKey{Layer: 1}).Polygons.Add([]layout.Point{{X: 0, Y: 0}, {X: 0, Y: 100}, {X: 100, Y: 100}, {X: 100, Y: 0}}, nil)
	lib.AddCell(c)
	ambiguous := filepath.Join(dir, "active.gds")
	if err := gds.WriteFile(ambiguous, lib); err != nil {
		t.Fatal(err)
	}
	notJSON := filepath.Join(dir, "report.json")
	if err := os.WriteFile(notJSON, []byte("M1.1 3 violations\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "x.png")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no output", []string{"render", "@demo"}, "-o OUT.png or OUT.svg is required"},
		{"unknown format", []string{"render", "@demo", "-o", filepath.Join(dir, "x.jpg")}, "must be .png or .svg"},
		{"no such cell", []string{"render", "@demo", "--cell", "NAND9", "-o", out}, `no cell "NAND9"`},
		{"unknown technology", []string{"render", "@demo", "--tech", "tsmc3", "-o", out}, "tsmc3"},
		{"unreadable report", []string{"render", "@demo", "--markers", filepath.Join(dir, "none.json"), "-o", out}, "--markers: open"},
		{"not a report", []string{"render", "@demo", "--markers", notJSON, "-o", out}, "--markers"},
		{"ambiguous layers", []string{"render", ambiguous, "-o", out}, "cannot tell the technology"},
		{"tech and lyp", []string{"render", "@demo", "--tech", "gf180mcu", "--lyp", "x.lyp", "-o", out}, "not both"},
		{"missing lyp", []string{"render", "@demo", "--lyp", filepath.Join(dir, "none.lyp"), "-o", out}, "none.lyp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, status := runCLI(t, tc.args...)
			if status != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("status %d, stderr %q; want 1 and %q", status, stderr, tc.want)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed render left %s behind", out)
	}
}
