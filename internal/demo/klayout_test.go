package demo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/klayout"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// TestCleanInKLayout runs the gf180mcu deck that layoutmig exports in
// KLayout, once, on a sheet that places the demo cells 20 µm apart (farther
// than any rule reaches): the reference checker finds nothing either.
func TestCleanInKLayout(t *testing.T) {
	klayout.Require(t)
	tech, err := techfiles.Load("gf180mcu")
	if err != nil {
		t.Fatal(err)
	}
	lib := Library()
	sheet := lib.AddCell(layout.NewCell("SHEET"))
	for i, name := range Cells {
		sheet.Refs = append(sheet.Refs, layout.Ref{Cell: lib.Cell(name), Origin: layout.Point{X: int32(i) * 20000}})
	}
	dir := t.TempDir()
	in, deck, report := filepath.Join(dir, "sheet.gds"), filepath.Join(dir, "gf180mcu.drc"), filepath.Join(dir, "report.lyrdb")
	if err := gds.WriteFile(in, lib); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(deck)
	if err != nil {
		t.Fatal(err)
	}
	if err := rules.ExportKLayout(tech, f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := klayout.Run(ctx, deck, map[string]string{"input": in, "report": report, "top_cell": "SHEET"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "<categories>") {
		t.Fatalf("not a marker database:\n%s", data)
	}
	if n := strings.Count(string(data), "<item>"); n != 0 {
		t.Errorf("KLayout finds %d violations in the demo cells:\n%s", n, data)
	}
}
