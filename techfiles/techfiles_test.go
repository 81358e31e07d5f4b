package techfiles_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

func TestNames(t *testing.T) {
	want := "freepdk45 gf180mcu ihp-sg13g2 sky130"
	if got := strings.Join(techfiles.Names(), " "); got != want {
		t.Errorf("Names() = %s, want %s", got, want)
	}
}

// TestEmbeddedLoad loads and validates every embedded technology and checks
// what every one must have.
func TestEmbeddedLoad(t *testing.T) {
	for _, n := range techfiles.Names() {
		tech, err := techfiles.Load(n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if tech.Name != n {
			t.Errorf("%s: name %q", n, tech.Name)
		}
		if len(tech.Connections) == 0 || len(tech.Sources) == 0 || tech.Description == "" {
			t.Errorf("%s: connectivity, sources and description are required", n)
		}
		kinds := map[rules.CheckKind]int{}
		for _, r := range tech.Rules {
			kinds[r.Check]++
			if r.Description == "" {
				t.Errorf("%s %s: no description", n, r.ID)
			}
		}
		for _, k := range []rules.CheckKind{rules.Width, rules.Space, rules.ExactSize, rules.Enclosure, rules.Extension, rules.Angle} {
			if kinds[k] == 0 {
				t.Errorf("%s: no %s rule", n, k)
			}
		}
		t.Logf("%s: %d layers, %d derived, %d rules %v", n, len(tech.Layers), len(tech.Derived), len(tech.Rules), kinds)
	}
}

func TestLoadPath(t *testing.T) {
	data, err := techfiles.Source("sky130")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tech, err := techfiles.Load(p)
	if err != nil || tech.Name != "sky130" {
		t.Fatalf("Load(path): %v", err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(strings.Replace(string(data), "value: 0.14, description: Min width of met1", "value: -0.14, description: Min width of met1", 1)), 0o644)
	_, err = techfiles.Load(bad)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:") || !strings.Contains(err.Error(), "(m1.1).value: must be >= 0") {
		t.Errorf("Load(bad) = %v", err)
	}
	if _, err := techfiles.Load("tsmc3"); err == nil || !strings.Contains(err.Error(), "sky130") {
		t.Errorf("Load(unknown) = %v", err)
	}
}

type spot struct {
	id     string
	check  rules.CheckKind
	layer  string // the layer, or inner layer
	other  string // the other, outer or past layer
	value  float64
	adjSid bool
}

// facts are rule values as pdk/FACTS.md lists them (with the sources it
// names), one row per rule: the techfiles must say exactly this.
var facts = map[string][]spot{
	"sky130": {
		{"difftap.1", rules.Width, "diff", "", 0.15, false},
		{"difftap.3", rules.Space, "diff", "", 0.27, false},
		{"poly.1a", rules.Width, "poly", "", 0.15, false},
		{"poly.2", rules.Space, "poly", "", 0.21, false},
		{"poly.7", rules.Extension, "diff", "poly", 0.25, false},
		{"poly.8", rules.Extension, "poly", "diff", 0.13, false},
		{"licon.1", rules.ExactSize, "licon_nores", "", 0.17, false},
		{"licon.2", rules.Space, "licon", "", 0.17, false},
		{"licon.5a", rules.Enclosure, "diff_licon", "diff", 0.04, false},
		{"licon.5c", rules.Enclosure, "diff_licon", "diff", 0.06, true},
		{"licon.8", rules.Enclosure, "poly_licon", "poly", 0.05, false},
		{"licon.8a", rules.Enclosure, "poly_licon", "poly", 0.08, true},
		{"li.1", rules.Width, "li1", "", 0.17, false},
		{"li.3", rules.Space, "li1", "", 0.17, false},
		{"li.5", rules.Enclosure, "licon", "li1", 0.08, true},
		{"li.6", rules.Area, "li1", "", 0.0561, false},
		{"ct.1", rules.ExactSize, "mcon", "", 0.17, false},
		{"ct.2", rules.Space, "mcon", "", 0.19, false},
		{"ct.4", rules.Enclosure, "mcon", "li1", 0, false},
		{"m1.1", rules.Width, "met1", "", 0.14, false},
		{"m1.2", rules.Space, "met1", "", 0.14, false},
		{"m1.4", rules.Enclosure, "mcon", "met1", 0.03, false},
		{"m1.5", rules.Enclosure, "mcon", "met1", 0.06, true},
		{"m1.6", rules.Area, "met1", "", 0.083, false},
		{"via.1a", rules.ExactSize, "via", "", 0.15, false},
		{"via.2", rules.Space, "via", "", 0.17, false},
		{"via.4a", rules.Enclosure, "via", "met1", 0.055, false},
		{"via.5a", rules.Enclosure, "via", "met1", 0.085, true},
		{"m2.1", rules.Width, "met2", "", 0.14, false},
		{"m2.2", rules.Space, "met2", "", 0.14, false},
		{"m2.4", rules.Enclosure, "via", "met2", 0.055, false},
		{"m2.5", rules.Enclosure, "via", "met2", 0.085, true},
		{"m2.6", rules.Area, "met2", "", 0.0676, false},
		{"via2.1a", rules.ExactSize, "via2", "", 0.2, false},
		{"via2.2", rules.Space, "via2", "", 0.2, false},
		{"via2.4", rules.Enclosure, "via2", "met2", 0.04, false},
		{"m3.1", rules.Width, "met3", "", 0.3, false},
		{"m3.2", rules.Space, "met3", "", 0.3, false},
		{"m3.4", rules.Enclosure, "via2", "met3", 0.065, false},
		{"m3.6", rules.Area, "met3", "", 0.24, false},
		{"nwell.1", rules.Width, "nwell", "", 0.84, false},
		{"nwell.2a", rules.Space, "nwell", "", 1.27, false},
		{"npc.1", rules.Width, "npc", "", 0.27, false},
		{"nsd.1", rules.Width, "nsdm", "", 0.38, false},
		{"psd.2", rules.Space, "psdm", "", 0.38, false},
		{"nsd.5a", rules.Enclosure, "nsdm_diff", "nsdm", 0.125, false},
		{"difftap.8", rules.Enclosure, "pdiff", "nwell", 0.18, false},
		{"difftap.9", rules.Separation, "ndiff", "nwell", 0.34, false},
		{"m1_OFFGRID", rules.Grid, "met1", "", 0, false},
	},
	"gf180mcu": {
		{"DF.1a_MV", rules.Width, "comp", "", 0.30, false},
		{"DF.3a_MV", rules.Space, "comp", "", 0.36, false},
		{"DF.6_MV", rules.Extension, "comp", "poly2", 0.40, false},
		{"DF.9_MV", rules.Area, "comp", "", 0.2025, false},
		{"PL.1_MV", rules.Width, "poly2", "", 0.20, false},
		{"PL.3a", rules.Space, "poly2", "", 0.24, false},
		{"PL.4_MV", rules.Extension, "poly2", "comp", 0.22, false},
		{"CO.1", rules.ExactSize, "contact", "", 0.22, false},
		{"CO.2a", rules.Space, "contact", "", 0.25, false},
		{"CO.3", rules.Enclosure, "poly_contact", "poly2", 0.07, false},
		{"CO.4", rules.Enclosure, "comp_contact", "comp", 0.07, false},
		{"CO.6", rules.Enclosure, "contact", "metal1", 0.005, false},
		{"M1.1", rules.Width, "metal1", "", 0.23, false},
		{"M1.2a", rules.Space, "metal1", "", 0.23, false},
		{"M1.3", rules.Area, "metal1", "", 0.1444, false},
		{"M2.1", rules.Width, "metal2", "", 0.28, false},
		{"M3.2a", rules.Space, "metal3", "", 0.28, false},
		{"V1.1", rules.ExactSize, "via1", "", 0.26, false},
		{"V1.2a", rules.Space, "via1", "", 0.26, false},
		{"V1.3a", rules.Enclosure, "via1", "metal1", 0, false},
		{"V1.4a", rules.Enclosure, "via1", "metal2", 0.01, false},
		{"V2.3b", rules.Enclosure, "via2", "metal2", 0.01, false},
		{"NW.1a_MV", rules.Width, "nwell", "", 0.86, false},
		{"NW.2a_MV", rules.Space, "nwell", "", 0.74, false},
		{"NP.1", rules.Width, "nplus", "", 0.40, false},
	},
	"ihp-sg13g2": {
		{"Act.a", rules.Width, "activ", "", 0.15, false},
		{"Act.b", rules.Space, "activ", "", 0.21, false},
		{"Gat.a", rules.Width, "gatpoly", "", 0.13, false},
		{"Gat.b", rules.Space, "gatpoly", "", 0.18, false},
		{"Gat.c", rules.Extension, "gatpoly", "activ", 0.18, false},
		{"Gat.d", rules.Separation, "gatpoly", "activ", 0.07, false},
		{"Gat.e", rules.Area, "gatpoly", "", 0.09, false},
		{"Cnt.a", rules.ExactSize, "cont", "", 0.16, false},
		{"Cnt.b", rules.Space, "cont", "", 0.18, false},
		{"Cnt.c", rules.Enclosure, "activ_cont", "activ", 0.07, false},
		{"Cnt.d", rules.Enclosure, "poly_cont", "gatpoly", 0.07, false},
		{"M1.a", rules.Width, "metal1", "", 0.16, false},
		{"M1.b", rules.Space, "metal1", "", 0.18, false},
		{"M1.c1", rules.Enclosure, "cont", "metal1", 0.05, true},
		{"M1.d", rules.Area, "metal1", "", 0.09, false},
		{"V1.a", rules.ExactSize, "via1", "", 0.19, false},
		{"V1.b", rules.Space, "via1", "", 0.22, false},
		{"V1.c", rules.Enclosure, "via1", "metal1", 0.01, false},
		{"M2.a", rules.Width, "metal2", "", 0.20, false},
		{"M2.b", rules.Space, "metal2", "", 0.21, false},
		{"M2.c", rules.Enclosure, "via1", "metal2", 0.005, false},
		{"M2.d", rules.Area, "metal2", "", 0.144, false},
		{"V2.a", rules.ExactSize, "via2", "", 0.19, false},
		{"NW.a", rules.Width, "nwell", "", 0.62, false},
		{"pSD.a", rules.Width, "psd", "", 0.31, false},
	},
	"freepdk45": {
		{"ACTIVE.1", rules.Width, "active", "", 0.09, false},
		{"ACTIVE.2", rules.Space, "active", "", 0.08, false},
		{"POLY.1", rules.Width, "poly", "", 0.05, false},
		{"POLY.4", rules.Extension, "active", "poly", 0.07, false},
		{"POLY.5", rules.Separation, "poly", "active", 0.05, false},
		{"POLY.6", rules.Space, "poly", "", 0.075, false},
		{"CONTACT.1", rules.ExactSize, "contact", "", 0.065, false},
		{"CONTACT.2", rules.Space, "contact", "", 0.075, false},
		{"CONTACT.4", rules.Enclosure, "active_contact", "active", 0.005, false},
		{"METAL1.1", rules.Width, "metal1", "", 0.065, false},
		{"METAL1.2", rules.Space, "metal1", "", 0.065, false},
		{"METAL1.3", rules.Enclosure, "contact", "metal1", 0.035, true},
		{"VIA1.1", rules.ExactSize, "via1", "", 0.065, false},
		{"VIA1.2", rules.Space, "via1", "", 0.075, false},
		{"METAL2.1", rules.Width, "metal2", "", 0.07, false},
		{"VIA2.1", rules.ExactSize, "via2", "", 0.07, false},
		{"VIA2.2", rules.Space, "via2", "", 0.085, false},
		{"WELL.4", rules.Width, "nwell", "", 0.2, false},
	},
}

func TestRuleValuesMatchFacts(t *testing.T) {
	for name, spots := range facts {
		tech, err := techfiles.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range spots {
			r := tech.Rule(s.id)
			if r == nil {
				t.Errorf("%s: no rule %s", name, s.id)
				continue
			}
			if r.Check != s.check || r.Layer != s.layer || r.Other != s.other || r.Value != s.value || r.AdjacentSides != s.adjSid {
				t.Errorf("%s %s: %s %s/%s %g adjacent=%v, want %s %s/%s %g adjacent=%v", name, s.id,
					r.Check, r.Layer, r.Other, r.Value, r.AdjacentSides, s.check, s.layer, s.other, s.value, s.adjSid)
			}
			if r.Check.EdgePairs() && !r.AdjacentSides && r.Metric != rules.Euclidian {
				t.Errorf("%s %s: metric %s, want euclidian", name, s.id, r.Metric)
			}
		}
	}
}

// TestSky130LayerMap pins the layer numbers the benchmark and the foundry
// deck rely on.
func TestSky130LayerMap(t *testing.T) {
	tech, err := techfiles.Load("sky130")
	if err != nil {
		t.Fatal(err)
	}
	for name, g := range map[string]rules.GDSLayer{
		"diff": {Layer: 65, Datatype: 20}, "tap": {Layer: 65, Datatype: 44}, "poly": {Layer: 66, Datatype: 20},
		"licon": {Layer: 66, Datatype: 44}, "li1": {Layer: 67, Datatype: 20}, "mcon": {Layer: 67, Datatype: 44},
		"met1": {Layer: 68, Datatype: 20}, "via": {Layer: 68, Datatype: 44}, "met2": {Layer: 69, Datatype: 20},
		"via2": {Layer: 69, Datatype: 44}, "met3": {Layer: 70, Datatype: 20}, "nwell": {Layer: 64, Datatype: 20},
		"nsdm": {Layer: 93, Datatype: 44}, "psdm": {Layer: 94, Datatype: 20}, "npc": {Layer: 95, Datatype: 20},
		"areaid_sc": {Layer: 81, Datatype: 4},
	} {
		l := tech.Layer(name)
		if l == nil || l.Drawing != g {
			t.Errorf("sky130 %s: %+v, want %v", name, l, g)
		}
	}
	if tech.Grid != 0.005 || tech.DBU != 0.001 {
		t.Errorf("sky130 grid %g dbu %g", tech.Grid, tech.DBU)
	}
}
