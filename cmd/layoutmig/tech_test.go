package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

func TestTechList(t *testing.T) {
	stdout, stderr, status := runCLI(t, "tech", "list")
	if status != 0 || stderr != "" {
		t.Fatalf("exit status %d, stderr %q", status, stderr)
	}
	for _, name := range []string{"sky130", "gf180mcu", "ihp-sg13g2", "freepdk45"} {
		if !strings.Contains(stdout, "\n"+name+" ") {
			t.Errorf("tech list lacks %s:\n%s", name, stdout)
		}
	}
}

func TestTechShow(t *testing.T) {
	stdout, _, status := runCLI(t, "tech", "show", "sky130")
	if status != 0 {
		t.Fatalf("exit status %d", status)
	}
	for _, s := range []string{"technology: sky130", "dbu: 0.001 µm, grid: 0.005 µm", "met1", "68/20",
		"gate", "= poly and diff", "mcon joins li1 to met1", "rules (102):",
		"m1.4", "mcon in met1", "< 0.03", "li.6", "< 0.0561 µm²", "adjacent_sides"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("tech show lacks %q", s)
		}
	}
	if _, stderr, status := runCLI(t, "tech", "show", "nosuch"); status != 1 || !strings.Contains(stderr, "nosuch") {
		t.Errorf("unknown technology: exit status %d, stderr %q", status, stderr)
	}
}

func TestTechValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte(`name: tiny
dbu: 0.001
grid: 0.005
layers: {m1: 1/0, v1: 2/0}
derived:
  wide: sized(m1, 0.1)
rules:
  - {id: M1.W, check: width, layer: m1, value: 0.1, description: width}
  - {id: V1.E, check: enclosure, inner: v1, outer: m1, value: 0.02, description: enclosure}
`), 0o644)
	os.WriteFile(bad, []byte(`name: tiny
dbu: 0.001
grid: 0.005
layers: {m1: 1/0}
rules:
  - {id: M1.W, check: width, layer: m1, value: 0.1, description: width}
  - {id: M1.C, check: curvature, layer: m1, value: 0.1, description: curvature}
  - {id: M1.S, check: space, layer: m9, value: -1, description: space}
`), 0o644)
	stdout, _, status := runCLI(t, "tech", "validate", good)
	if status != 0 || !strings.Contains(stdout, "valid: technology tiny, 2 layers, 1 derived layers, 0 connections, 2 rules") {
		t.Errorf("good file: exit status %d\n%s", status, stdout)
	}
	_, stderr, status := runCLI(t, "tech", "validate", bad)
	if status != 1 {
		t.Errorf("bad file: exit status %d", status)
	}
	for _, s := range []string{"bad.yaml:7", "curvature", "bad.yaml:8", "must be >= 0"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("bad file: stderr lacks %q:\n%s", s, stderr)
		}
	}
	for _, name := range techfiles.Names() {
		if _, stderr, status := runCLI(t, "tech", "validate", name); status != 0 {
			t.Errorf("embedded %s: exit status %d: %s", name, status, stderr)
		}
	}
}

func TestTechExportKLayout(t *testing.T) {
	tech, err := techfiles.Load("ihp-sg13g2")
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := rules.ExportKLayout(tech, &want); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "deck.drc")
	if _, stderr, status := runCLI(t, "tech", "export-klayout", "ihp-sg13g2", "-o", out); status != 0 {
		t.Fatalf("exit status %d: %s", status, stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("the written deck differs from rules.ExportKLayout's")
	}
	stdout, _, status := runCLI(t, "tech", "export-klayout", "ihp-sg13g2")
	if status != 0 || stdout != want.String() {
		t.Errorf("deck on stdout: exit status %d, %d bytes, want %d", status, len(stdout), want.Len())
	}
	var perCell bytes.Buffer
	if err := rules.ExportKLayoutWith(tech, &perCell, rules.ExportOptions{PerCell: true}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(perCell.Bytes(), want.Bytes()) {
		t.Fatal("the per-cell deck is the default deck")
	}
	stdout, _, status = runCLI(t, "tech", "export-klayout", "ihp-sg13g2", "--per-cell")
	if status != 0 || stdout != perCell.String() {
		t.Errorf("--per-cell deck: exit status %d, %d bytes, want rules.ExportKLayoutWith's %d", status, len(stdout), perCell.Len())
	}
}

func TestTechHelpHasExamples(t *testing.T) {
	for _, args := range [][]string{{"drc", "--help"}, {"tech", "--help"}, {"tech", "list", "--help"}, {"tech", "show", "--help"},
		{"tech", "validate", "--help"}, {"tech", "export-klayout", "--help"}} {
		stdout, _, status := runCLI(t, args...)
		if status != 0 || !strings.Contains(stdout, "Examples:") {
			t.Errorf("%v: exit status %d, no examples:\n%s", args, status, stdout)
		}
	}
}
