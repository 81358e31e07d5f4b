package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

func TestRestrictDeck(t *testing.T) {
	tech, err := techfiles.Load("sky130")
	if err != nil {
		t.Fatal(err)
	}
	var full bytes.Buffer
	if err := rules.ExportKLayout(tech, &full); err != nil {
		t.Fatal(err)
	}
	ids := strings.Split(benchRules, ",")
	deck, err := restrictDeck(full.String(), ids, 2, "deep")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"deep\nthreads(2)\n", "l_met1 = polygons(68, 20).merged", "l_mcon = polygons(67, 44).merged",
		"lm_output2(l_met1.enclosing(l_mcon, 0.03.um, euclidian), (l_mcon - l_met1), 'm1.4'", "l_via = polygons(68, 44).merged",
		"def lm_output2"} {
		if !strings.Contains(deck, want) {
			t.Errorf("deck lacks %q:\n%s", want, deck)
		}
	}
	for _, unwanted := range []string{"\nflat\n", "l_nwell", "d_gate", "'m1.5'", "l_met3"} {
		if strings.Contains(deck, unwanted) {
			t.Errorf("deck has %q:\n%s", unwanted, deck)
		}
	}
	n := 0
	for _, l := range strings.Split(deck, "\n") {
		if ruleHead.MatchString(l) {
			n++
		}
	}
	if n != len(ids) {
		t.Errorf("%d rules in the deck, want %d:\n%s", n, len(ids), deck)
	}
	if _, err := restrictDeck(full.String(), []string{"m1.1", "zz.9"}, 2, "flat"); err == nil {
		t.Errorf("an unknown rule: no error")
	}
}

// TestCountsDeepMarkersOncePerPlacement reads a marker database as
// KLayout's deep mode writes it (markers in the cells that hold them) and
// counts each marker once per placement of its cell.
func TestCountsDeepMarkersOncePerPlacement(t *testing.T) {
	db := `<?xml version="1.0" encoding="utf-8"?>
<report-database>
 <top-cell>TOP</top-cell>
 <items>
  <item><category>'m1.6'</category><cell>TAP</cell><multiplicity>1</multiplicity></item>
  <item><category>'m1.6'</category><cell>TAP2</cell><multiplicity>1</multiplicity></item>
  <item><category>'m1.2'</category><cell>TOP</cell><multiplicity>1</multiplicity></item>
 </items>
</report-database>
`
	path := filepath.Join(t.TempDir(), "deep.lyrdb")
	if err := os.WriteFile(path, []byte(db), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		perCell map[string]int
		want    map[string]int
		wantErr bool
	}{
		{"flat", nil, map[string]int{"m1.6": 2, "m1.2": 1}, false},
		{"deep", map[string]int{"TOP": 1, "TAP": 100, "TAP2": 3}, map[string]int{"m1.6": 103, "m1.2": 1}, false},
		{"a cell the layout does not place", map[string]int{"TOP": 1, "TAP": 100}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := counts(path, tc.perCell)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want one: %v", err, tc.wantErr)
			}
			if !tc.wantErr && !maps.Equal(got, tc.want) {
				t.Errorf("counts %v, want %v", got, tc.want)
			}
		})
	}
}
