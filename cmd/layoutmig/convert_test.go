package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/demo"
	"github.com/layoutmig/layoutmig/layout"
)

func TestConvertDemoReadsBack(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo.gds")
	stdout, stderr, status := runCLI(t, "convert", "@demo", out)
	if status != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit status %d, stdout %q, stderr %q", status, stdout, stderr)
	}
	lib, err := gds.ReadFile(out, gds.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := layout.Summarize(lib), layout.Summarize(demo.Library()); !reflect.DeepEqual(got, want) {
		t.Errorf("summary of the written file\n got %+v\nwant %+v", got, want)
	}
}

// TestConvertIsDeterministic: the same input gives the same bytes, and
// converting the output again changes nothing.
func TestConvertIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.gds"), filepath.Join(dir, "b.gds"), filepath.Join(dir, "c.gds")
	for _, args := range [][]string{{"@demo", a}, {"@demo", b}, {a, c}} {
		if _, stderr, status := runCLI(t, append([]string{"convert"}, args...)...); status != 0 {
			t.Fatalf("convert %v: exit status %d: %s", args, status, stderr)
		}
	}
	ba, bb, bc := readFile(t, a), readFile(t, b), readFile(t, c)
	if !bytes.Equal(ba, bb) {
		t.Error("two conversions of @demo differ")
	}
	if !bytes.Equal(ba, bc) {
		t.Error("converting the converted file changed its bytes")
	}
}

func TestConvertReplacesOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.gds")
	if err := os.WriteFile(out, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, status := runCLI(t, "convert", "@demo", out); status != 0 {
		t.Fatalf("exit status %d: %s", status, stderr)
	}
	if _, err := gds.ReadFile(out, gds.ReadOptions{}); err != nil {
		t.Errorf("the replaced output does not read: %v", err)
	}
	onlyFiles(t, dir, "out.gds")
}

func TestConvertVerbose(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo.gds")
	stdout, stderr, status := runCLI(t, "convert", "--verbose", "@demo", out)
	if status != 0 || stdout != "" {
		t.Fatalf("exit status %d, stdout %q", status, stdout)
	}
	for _, w := range []string{
		"read @demo: 3 cells, 146 shapes (133 polygons, 0 paths, 0 boxes, 0 nodes, 13 texts) in ",
		"wrote " + out + ": 3 cells, 146 shapes, ",
	} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
}

func TestConvertErrors(t *testing.T) {
	tests := []struct {
		name  string
		input func(t *testing.T, dir string) string
		out   string
		want  func(in string) []string
	}{
		{
			name:  "truncated input",
			input: writeTruncatedDemo,
			out:   "out.gds",
			want:  func(in string) []string { return []string{in + ": "} },
		},
		{
			name:  "missing input",
			input: func(t *testing.T, dir string) string { return filepath.Join(dir, "missing.gds") },
			out:   "out.gds",
			want:  func(in string) []string { return []string{in, "no such file or directory"} },
		},
		{
			name:  "output folder missing",
			input: func(t *testing.T, dir string) string { return demoInput },
			out:   filepath.Join("no", "such", "folder", "out.gds"),
			want:  func(string) []string { return []string{"out.gds"} },
		},
		{
			name:  "output @demo",
			input: func(t *testing.T, dir string) string { return demoInput },
			out:   demoInput,
			want:  func(string) []string { return []string{"@demo can be read, not written"} },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := tt.input(t, dir)
			out := tt.out
			if out != demoInput {
				out = filepath.Join(dir, out)
			}
			before := listDir(t, dir)
			stdout, stderr, status := runCLI(t, "convert", in, out)
			if status != 1 {
				t.Errorf("exit status %d, want 1", status)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !strings.HasPrefix(stderr, "layoutmig: ") {
				t.Errorf("stderr %q, want \"layoutmig: <error>\"", stderr)
			}
			for _, w := range tt.want(in) {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
			// Nothing is left behind: no output, no temporary file.
			onlyFiles(t, dir, before...)
		})
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// onlyFiles fails unless dir holds exactly the named entries.
func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	got := listDir(t, dir)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
}
