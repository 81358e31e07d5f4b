package shrink

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// legalizeMigrators returns the recipe as shipped and the same recipe
// with the legalize transform (after cuts, before generate) or without it.
func legalizeMigrators(t testing.TB, name string) (with, without *Migrator) {
	t.Helper()
	load := func(keep bool) *Migrator {
		r, src, tgt, err := techfiles.LoadMigration(name)
		if err != nil {
			t.Fatal(err)
		}
		var ts []*rules.Transform
		for _, tr := range r.Transforms {
			if tr.Kind != rules.TransformLegalize {
				ts = append(ts, tr)
			}
		}
		if keep {
			at := len(ts)
			for i, tr := range ts {
				if tr.Kind == rules.TransformGenerate {
					at = i
					break
				}
			}
			lt := &rules.Transform{Kind: rules.TransformLegalize, Classes: rules.LegalizeClasses}
			ts = append(ts[:at], append([]*rules.Transform{lt}, ts[at:]...)...)
		}
		r.Transforms = ts
		m, err := New(r, src, tgt, Options{CheckNets: true})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	return load(true), load(false)
}

// libraryCounts migrates every cell file and returns the target rule
// violations summed by rule id and the cells whose nets changed.
func libraryCounts(t *testing.T, m *Migrator, files []string) (map[string]int, []string) {
	t.Helper()
	counts := map[string]int{}
	var bad []string
	for _, f := range files {
		lib, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out, res, err := m.Migrate(lib)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		bad = append(bad, res.Failed()...)
		tops := out.TopCells()
		if len(tops) != 1 {
			t.Fatalf("%s: %d top cells", filepath.Base(f), len(tops))
		}
		rep, err := drc.Run(context.Background(), out, tops[0], m.tgt, drc.Options{})
		if err != nil {
			t.Fatalf("%s: drc: %v", filepath.Base(f), err)
		}
		for _, v := range rep.Violations {
			counts[v.Rule]++
		}
	}
	return counts, bad
}

// TestLegalizeLibrary migrates the 229 gf180mcu 7-track cells to sky130
// with and without legalize: the li1, poly and diff width and space
// violations (one or two grid steps short after scaling by 34/49) drop by
// a factor of 5 to 60, no other rule gets worse by more than a few
// markers, and every cell keeps its nets.
func TestLegalizeLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("whole library")
	}
	files := shareddata.LibraryFiles(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	with, without := legalizeMigrators(t, "gf180mcu-to-sky130")
	before, _ := libraryCounts(t, without, files)
	after, bad := libraryCounts(t, with, files)
	if len(bad) > 0 {
		t.Errorf("nets changed in %d cells: %v", len(bad), bad)
	}
	// The most each width and space rule may keep (of about 10800, 6100,
	// 666, 1350 and 267 after cuts, before legalize; 617, 1312, 122, 129
	// and 4 measured after).
	limits := map[string]int{"li.1": 650, "li.3": 1350, "poly.1a": 130, "poly.2": 140, "difftap.3": 10}
	for id, limit := range limits {
		if before[id] <= limit {
			t.Errorf("%s: %d violations before legalize: the library no longer shows the problem", id, before[id])
		}
		if after[id] > limit {
			t.Errorf("%s: %d violations after legalize (%d before), want at most %d", id, after[id], before[id], limit)
		}
	}
	for id, n := range after {
		if n > before[id]+10 {
			t.Errorf("%s: %d violations after legalize, %d before", id, n, before[id])
		}
	}
	t.Logf("violations before %v", before)
	t.Logf("violations after  %v", after)
}

// BenchmarkLegalizeLibrary times the legalize transform alone over the
// library (the migration up to it is done once, outside the timing).
func BenchmarkLegalizeLibrary(b *testing.B) {
	files := shareddata.LibraryFiles(b, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	_, without := legalizeMigrators(b, "gf180mcu-to-sky130")
	var cells []*layout.Cell
	for _, f := range files {
		lib, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		out, _, err := without.Migrate(lib)
		if err != nil {
			b.Fatal(err)
		}
		cells = append(cells, out.Cells...)
	}
	tr := &rules.Transform{Kind: rules.TransformLegalize, Classes: rules.LegalizeClasses}
	b.ResetTimer()
	for range b.N {
		for _, c := range cells {
			nc := layout.NewCell(c.Name)
			for k, s := range c.Layers {
				nc.Layers[k] = s
			}
			var st CellStats
			if err := without.legalize(nc, tr, &st); err != nil {
				b.Fatal(err)
			}
		}
	}
}
