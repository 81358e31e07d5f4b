package batch

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.gds", "a.gds", "notes.txt", "c.GDS"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	tests := []struct {
		name   string
		inputs []string
		want   []string
		bad    bool
	}{
		{"a folder gives its GDS files sorted", []string{dir}, []string{"a.gds", "b.gds", "c.GDS"}, false},
		{"a file named twice is taken once", []string{filepath.Join(dir, "b.gds"), dir}, []string{"b.gds", "a.gds", "c.GDS"}, false},
		{"a missing input", []string{filepath.Join(dir, "nope.gds")}, nil, true},
		{"a folder without GDS files", []string{empty}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Files(tc.inputs)
			if tc.bad {
				if err == nil {
					t.Fatalf("no error, got %v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, g := range got {
				names = append(names, filepath.Base(g))
			}
			if !reflect.DeepEqual(names, tc.want) {
				t.Errorf("got %v, want %v", names, tc.want)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	multi := writeLib(t, dir, "multi.gds", cellLib("multi", 50, "NAND2", "INV", "BUF"))
	other := writeLib(t, dir, "other.gds", cellLib("other", 50, "INV"))
	broken := filepath.Join(dir, "broken.gds")
	if err := os.WriteFile(broken, []byte{0, 4, 0, 2}, 0o644); err != nil {
		t.Fatal(err)
	}
	items, err := Discover(context.Background(), []string{multi, other, broken}, 2)
	if err != nil {
		t.Fatal(err)
	}
	type got struct{ Name, File, Cell string }
	want := []got{
		{"BUF", multi, "BUF"},
		{"INV@multi", multi, "INV"},
		{"INV@other", other, "INV"},
		{"NAND2", multi, "NAND2"},
		{"broken", broken, ""},
	}
	var have []got
	for _, it := range items {
		have = append(have, got{it.Name, it.File, it.Cell})
		if (it.Err != "") != (it.File == broken) {
			t.Errorf("%s: error %q", it.Name, it.Err)
		}
		if it.File == multi && (it.FileHash == "" || it.FileHash != items[0].FileHash) {
			t.Errorf("%s: file hash %q, want the hash of multi.gds", it.Name, it.FileHash)
		}
	}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("items\n got %v\nwant %v", have, want)
	}
}

func TestDiscoverClashOfSameFileNames(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	fa := writeLib(t, a, "lib.gds", cellLib("lib", 50, "INV"))
	fb := writeLib(t, b, "lib.gds", cellLib("lib", 60, "INV"))
	if _, err := Discover(context.Background(), []string{fa, fb}, 1); err == nil {
		t.Error("two INV top cells in two files named lib.gds: no error")
	}
}

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{{"INV_X1", true}, {"a$b", true}, {"", false}, {"..", false}, {"a/b", false}, {`a\b`, false}} {
		if err := checkName(tc.name); (err == nil) != tc.ok {
			t.Errorf("checkName(%q) = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
