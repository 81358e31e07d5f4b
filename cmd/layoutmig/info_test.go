package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/demo"
	"github.com/layoutmig/layoutmig/layout"
)

func TestInfoJSONIsTheSummary(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "demo.gds")
	if err := gds.WriteFile(file, demo.Library()); err != nil {
		t.Fatal(err)
	}
	want := layout.Summarize(demo.Library())
	tests := []struct {
		name  string
		input string
	}{
		{"embedded demo", "@demo"},
		{"demo written to a file", file},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, status := runCLI(t, "info", tt.input, "--json")
			if status != 0 || stderr != "" {
				t.Fatalf("exit status %d, stderr %q", status, stderr)
			}
			var got struct {
				File string `json:"file"`
				layout.Summary
			}
			dec := json.NewDecoder(strings.NewReader(stdout))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("output is not the summary as JSON: %v\n%s", err, stdout)
			}
			if got.File != tt.input {
				t.Errorf("file %q, want %q", got.File, tt.input)
			}
			if !reflect.DeepEqual(&got.Summary, want) {
				t.Errorf("summary\n got %+v\nwant %+v", got.Summary, *want)
			}
		})
	}
}

// TestInfoJSONKeyOrder pins the order of the top-level keys, which scripts
// and diffs rely on.
func TestInfoJSONKeyOrder(t *testing.T) {
	stdout, _, status := runCLI(t, "info", "@demo", "--json")
	if status != 0 {
		t.Fatalf("exit status %d", status)
	}
	keys := []string{"file", "library", "version", "dbu_um", "user_unit", "meters_per_dbu",
		"cells", "top_cells", "layers", "totals", "bbox_um", "warnings"}
	last := -1
	for _, k := range keys {
		i := strings.Index(stdout, "\n  \""+k+"\":")
		if i < 0 {
			t.Fatalf("key %q missing:\n%s", k, stdout)
		}
		if i < last {
			t.Errorf("key %q out of order", k)
		}
		last = i
	}
	again, _, _ := runCLI(t, "info", "@demo", "--json")
	if again != stdout {
		t.Error("two runs print different JSON")
	}
}

func TestInfoText(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"header", []string{"info", "@demo"}, []string{
			"file:       @demo\n",
			"library:    LAYOUTMIG_DEMO (GDSII version 600)\n",
			"units:      1 dbu = 0.001 µm; user unit 0.001; 1e-09 m per dbu\n",
			"cells:      3\n",
			"top cells:  BUF_X8, INV_X1, NAND2_X1\n",
			"bbox:       (-0.43, -0.43) .. (12.75, 4.35) µm, 13.18 x 4.78 µm\n",
			"warnings:   none\n",
		}},
		{"aligned layer table", []string{"info", "@demo"}, []string{
			"  layer  polygons  paths  boxes  nodes  texts  total\n",
			"  33/0         52      0      0      0      0     52\n",
			"  34/10         0      0      0      0     13     13\n",
			"  112/1         3      0      0      0      0      3\n",
			"  all         133      0      0      0     13    146\n",
		}},
		{"verbose lists the cells", []string{"info", "@demo", "--verbose"}, []string{
			"cells:      3: BUF_X8, INV_X1, NAND2_X1\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, status := runCLI(t, tt.args...)
			if status != 0 {
				t.Fatalf("exit status %d", status)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

func TestInfoVerboseTimesOnStderr(t *testing.T) {
	_, stderr, status := runCLI(t, "info", "@demo", "-v")
	if status != 0 || !strings.Contains(stderr, "read @demo: 3 cells, 146 shapes") {
		t.Errorf("exit status %d, stderr %q", status, stderr)
	}
}

func TestInfoLongListsAreAbbreviated(t *testing.T) {
	s := &layout.Summary{Library: "L", Cells: []string{}, Layers: []layout.LayerSummary{}}
	for i := range 25 {
		s.TopCells = append(s.TopCells, "C"+string(rune('A'+i)))
		s.Warnings = append(s.Warnings, "w"+string(rune('a'+i)))
	}
	var short, all strings.Builder
	if err := writeInfoText(&short, "f.gds", s, false); err != nil {
		t.Fatal(err)
	}
	if err := writeInfoText(&all, "f.gds", s, true); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"CJ, ... (25 in all; --verbose or --json lists all)", "... and 15 more", "bbox:       empty", "layers:     none"} {
		if !strings.Contains(short.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, short.String())
		}
	}
	if !strings.Contains(all.String(), "CY\n") || !strings.Contains(all.String(), "  wy\n") {
		t.Errorf("--verbose output does not list everything:\n%s", all.String())
	}
}

func TestInfoErrors(t *testing.T) {
	dir := t.TempDir()
	truncated := writeTruncatedDemo(t, dir)
	notGDS := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notGDS, []byte("this is not a GDSII stream\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.gds")
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"truncated file", truncated, []string{truncated + ": "}},
		{"text file", notGDS, []string{notGDS + ": ", "offset"}},
		{"missing file", missing, []string{missing, "no such file or directory"}},
	}
	for _, tt := range tests {
		for _, asJSON := range []bool{false, true} {
			args := []string{"info", tt.input}
			name := tt.name
			if asJSON {
				args = append(args, "--json")
				name += " json"
			}
			t.Run(name, func(t *testing.T) {
				stdout, stderr, status := runCLI(t, args...)
				if status != 1 {
					t.Errorf("exit status %d, want 1", status)
				}
				if stdout != "" {
					t.Errorf("stdout %q, want nothing", stdout)
				}
				if !strings.HasPrefix(stderr, "layoutmig: ") || strings.Count(stderr, "\n") != 1 {
					t.Errorf("stderr %q, want one line \"layoutmig: <error>\"", stderr)
				}
				for _, w := range tt.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("stderr %q lacks %q", stderr, w)
					}
				}
			})
		}
	}
}
