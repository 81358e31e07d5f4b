package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
)

// The sketch layout (demo.Sketch, see sketchFile) is drawn in gf180mcu
// layers and breaks some of its rules: a useful small input for the command.

func TestDRCExitStatusAndSummary(t *testing.T) {
	in := sketchFile(t)
	tests := []struct {
		name   string
		args   []string
		status int
		stdout []string
		stderr string
	}{
		{"violations", []string{"drc", in, "--tech", "gf180mcu"}, 2,
			[]string{in + ": gf180mcu, top cell DEMO_TOP, 61 rules", "M1.3", "Min Metal1 area", "84 violations"}, "layoutmig: drc: 84 violations\n"},
		{"clean subset", []string{"drc", in, "--tech", "gf180mcu", "--rules", "M1.1,M1.2a"}, 0,
			[]string{"2 rules", "clean: 0 violations"}, ""},
		{"rules flag repeated", []string{"drc", in, "--tech", "gf180mcu", "--rules", "M1.1", "--rules", "M1.3"}, 2,
			[]string{"2 rules", "8 violations"}, "layoutmig: drc: 8 violations\n"},
		{"one thread", []string{"drc", in, "--tech", "gf180mcu", "--threads", "1"}, 2,
			[]string{"84 violations"}, "layoutmig: drc: 84 violations\n"},
		{"top cell given", []string{"drc", in, "--tech", "gf180mcu", "--top", "DEMO_TOP", "--rules", "M1.3"}, 2,
			[]string{"8 violations"}, "layoutmig: drc: 8 violations\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, status := runCLI(t, tt.args...)
			if status != tt.status {
				t.Errorf("exit status %d, want %d; stderr %q", status, tt.status, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			if stderr != tt.stderr {
				t.Errorf("stderr %q, want %q", stderr, tt.stderr)
			}
		})
	}
}

func TestDRCErrors(t *testing.T) {
	in := sketchFile(t)
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no technology", []string{"drc", in}, "--tech is required"},
		{"unknown technology", []string{"drc", in, "--tech", "tsmc3"}, "neither an embedded technology"},
		{"unknown rule", []string{"drc", in, "--tech", "gf180mcu", "--rules", "M1.1,XX.9"}, "no rule XX.9"},
		{"unknown report format", []string{"drc", in, "--tech", "gf180mcu", "--report", filepath.Join(dir, "r.csv")}, "must be .json, .lyrdb or .txt"},
		{"unknown top cell", []string{"drc", in, "--tech", "gf180mcu", "--top", "NOPE"}, `no cell "NOPE"`},
		{"bad thread count", []string{"drc", in, "--tech", "gf180mcu", "--threads", "-2"}, "--threads -2"},
		{"missing baseline", []string{"drc", in, "--tech", "gf180mcu", "--baseline", filepath.Join(dir, "none.json")}, "none.json"},
		{"missing input", []string{"drc", filepath.Join(dir, "none.gds"), "--tech", "gf180mcu"}, "none.gds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, status := runCLI(t, tt.args...)
			if status != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit status %d, stderr %q; want 1 and %q", status, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "r.csv")); err == nil {
		t.Errorf("a report with an unknown format was written")
	}
}

func TestDRCReportsAndBaseline(t *testing.T) {
	in := sketchFile(t)
	dir := t.TempDir()
	js, rdb, txt := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.lyrdb"), filepath.Join(dir, "r.txt")
	for _, p := range []string{js, rdb, txt} {
		if _, _, status := runCLI(t, "drc", in, "--tech", "gf180mcu", "--report", p); status != 2 {
			t.Fatalf("--report %s: exit status %d", p, status)
		}
	}
	rep, err := drc.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 84 || len(rep.Violations) != 84 || rep.Tool != "layoutmig" || rep.Tech != "gf180mcu" || rep.Top != "DEMO_TOP" || rep.Input != in || len(rep.Rules) != 61 {
		t.Errorf("JSON report: %d violations, header %q %q %q %q, %d rules", rep.Total, rep.Tool, rep.Tech, rep.Top, rep.Input, len(rep.Rules))
	}
	data, err := os.ReadFile(rdb)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "<item>"); n != 84 || !strings.Contains(string(data), "<category>'M1.3'</category>") {
		t.Errorf("lyrdb: %d items", n)
	}
	data, err = os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "rule") || !strings.Contains(string(data), "total: 84 violations") || strings.Count(string(data), "\n") < 61 {
		t.Errorf("text report:\n%s", data)
	}

	// The same layout against its own report: nothing new.
	stdout, stderr, status := runCLI(t, "drc", in, "--tech", "gf180mcu", "--baseline", js, "--report", filepath.Join(dir, "new.json"))
	if status != 0 || !strings.Contains(stdout, "clean: 0 new violations") {
		t.Errorf("against its own baseline: exit status %d\n%s%s", status, stdout, stderr)
	}
	newRep, err := drc.ReadFile(filepath.Join(dir, "new.json"))
	if err != nil {
		t.Fatal(err)
	}
	if newRep.Total != 0 || len(newRep.Violations) != 0 {
		t.Errorf("new violations against its own baseline: %d", newRep.Total)
	}

	// A baseline that knows only some rules: the others are new.
	if _, _, status := runCLI(t, "drc", in, "--tech", "gf180mcu", "--rules", "M1.3", "--report", filepath.Join(dir, "m13.json")); status != 2 {
		t.Fatalf("exit status %d", status)
	}
	stdout, stderr, status = runCLI(t, "drc", in, "--tech", "gf180mcu", "--baseline", filepath.Join(dir, "m13.json"))
	if status != 2 || !strings.Contains(stdout, "76 new violations") || !strings.Contains(stderr, "drc: 76 new violations") {
		t.Errorf("against a partial baseline: exit status %d\n%s%s", status, stdout, stderr)
	}
}

func TestDRCVerbosePrintsRuleTimesAndMemory(t *testing.T) {
	in := sketchFile(t)
	_, stderr, status := runCLI(t, "drc", in, "--tech", "gf180mcu", "--rules", "M1.1,M1.3", "--verbose")
	if status != 2 {
		t.Fatalf("exit status %d", status)
	}
	for _, s := range []string{"rule M1.1", "rule M1.3", "heap", "peak memory", "layer metal1"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("--verbose output lacks %q:\n%s", s, stderr)
		}
	}
}
