// Package shareddata locates the project's shared data (the open PDK
// libraries and designs under ../shared/pdk) for tests. The data is never
// copied into the repository: tests read it where it lies, beside the
// checkout, and skip, saying so, only where it is absent.
package shareddata

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Root returns the shared folder beside the module root (the folder that
// holds go.mod), or "" if there is none. LAYOUTMIG_SHARED overrides it.
func Root() string {
	if d := os.Getenv("LAYOUTMIG_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(filepath.Dir(dir), "shared")
			if st, err := os.Stat(filepath.Join(shared, "pdk")); err == nil && st.IsDir() {
				return shared
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Require returns the shared folder or skips the test, saying so.
func Require(t testing.TB) string {
	t.Helper()
	r := Root()
	if r == "" {
		t.Skip("shared data (../shared/pdk beside the checkout) is absent; skipping")
	}
	return r
}

// PDKFiles returns every GDS file under shared/pdk (the five libraries and
// the designs), sorted.
func PDKFiles(t testing.TB) []string {
	t.Helper()
	root := Require(t)
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "pdk"), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) == ".gds" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing shared PDK files: %v", err)
	}
	sort.Strings(files)
	return files
}

// LibraryFiles returns the GDS files of one library folder under shared/pdk,
// e.g. "sky130/sky130_fd_sc_hd", sorted.
func LibraryFiles(t testing.TB, lib string) []string {
	t.Helper()
	root := Require(t)
	files, err := filepath.Glob(filepath.Join(root, "pdk", lib, "*.gds"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no GDS files in shared/pdk/%s", lib)
	}
	sort.Strings(files)
	return files
}
