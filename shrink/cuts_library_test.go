package shrink

import (
	"context"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// cutsMigrator loads a recipe and makes sure it runs the cuts transform
// (before legalize and generate, as the recipes order it).
func cutsMigrator(t testing.TB, name string, opt Options) *Migrator {
	t.Helper()
	r, src, tgt, err := techfiles.LoadMigration(name)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Has(rules.TransformCuts) {
		at := len(r.Transforms)
		for i, tr := range r.Transforms {
			if tr.Kind == rules.TransformLegalize || tr.Kind == rules.TransformGenerate {
				at = i
				break
			}
		}
		tr := &rules.Transform{Kind: rules.TransformCuts}
		r.Transforms = append(r.Transforms[:at], append([]*rules.Transform{tr}, r.Transforms[at:]...)...)
	}
	m, err := New(r, src, tgt, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// cutRuleIDs are the target's exact-size, cut-space and cut-enclosure
// rules: those the cuts transform must leave clean.
func cutRuleIDs(m *Migrator) []string {
	crs, err := m.cutLayers(&rules.Transform{Kind: rules.TransformCuts})
	if err != nil {
		return nil
	}
	cuts := map[string]bool{}
	for _, cr := range crs {
		cuts[cr.cut] = true
	}
	var ids []string
	for _, r := range m.tgt.Rules {
		switch r.Check {
		case rules.ExactSize, rules.Space, rules.Enclosure:
			if cuts[m.subsetOf(r.Layer)] {
				ids = append(ids, r.ID)
			}
		}
	}
	return ids
}

// TestCutsLibrary migrates every gf180mcu 7-track cell with each recipe
// and checks the cut rules of the target (exact size, spacing, every
// enclosure variant) and the nets of every cell.
func TestCutsLibrary(t *testing.T) {
	files := shareddata.LibraryFiles(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	for _, name := range []string{"gf180mcu-to-sky130", "gf180mcu-to-ihp-sg13g2"} {
		m := cutsMigrator(t, name, Options{CheckNets: true})
		ids := cutRuleIDs(m)
		if len(ids) < 4 {
			t.Fatalf("%s: only %d cut rules found in %s: %v", name, len(ids), m.tgt.Name, ids)
		}
		counts := map[string]int{}
		var netsBad []string
		fixed := 0
		for _, f := range files {
			lib, err := gds.ReadFile(f, gds.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			out, res, err := m.Migrate(lib)
			if err != nil {
				t.Fatalf("%s: %s: %v", name, filepath.Base(f), err)
			}
			for _, c := range res.Cells {
				if c.NetsOK == nil || !*c.NetsOK {
					netsBad = append(netsBad, c.Cell+": "+c.Nets.String())
				}
				fixed += c.Fixes["cut"]
			}
			top := out.TopCells()
			if len(top) != 1 {
				t.Fatalf("%s: %s: %d top cells", name, filepath.Base(f), len(top))
			}
			rep, err := drc.Run(context.Background(), out, top[0], m.tgt, drc.Options{Rules: ids})
			if err != nil {
				t.Fatalf("%s: %s: %v", name, filepath.Base(f), err)
			}
			for _, v := range rep.Violations {
				counts[v.Rule]++
			}
		}
		if fixed == 0 {
			t.Errorf("%s: no cut was retargeted", name)
		}
		var left []string
		for id, n := range counts {
			left = append(left, id+"="+strconv.Itoa(n))
		}
		sort.Strings(left)
		if len(left) > 0 {
			t.Errorf("%s: cut rule violations left over %d cells: %s", name, len(files), strings.Join(left, " "))
		}
		if len(netsBad) > 0 {
			t.Errorf("%s: %d cells changed their nets, e.g. %s", name, len(netsBad), netsBad[0])
		}
		t.Logf("%s: %d cuts retargeted, rules checked: %s", name, fixed, strings.Join(ids, " "))
	}
}
