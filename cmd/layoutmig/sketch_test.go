package main

import (
	"path/filepath"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/demo"
)

// sketchFile writes demo.Sketch (a small hierarchical layout that breaks
// some gf180mcu rules) to a file and returns its path: an input for the
// tests that need violations, hierarchy and one top cell (@demo is clean
// and has three top cells).
func sketchFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sketch.gds")
	if err := gds.WriteFile(path, demo.Sketch()); err != nil {
		t.Fatal(err)
	}
	return path
}
