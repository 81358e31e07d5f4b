package main

import (
	"bytes"
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
