package rules_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/rules"
)

// head is a valid technology to which the cases append.
const head = `name: t
dbu: 0.001
grid: 0.005
layers:
  diff: 65/20
  poly: {gds: 66/20, pin: 66/16}
  met1: 68/20
  mcon: 67/44
`

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want string // "line: field: message" part after "t.yaml:"
	}{
		{"negative value", head + "rules:\n  - {id: m1.1, description: w, check: width, layer: met1, value: -0.14}\n",
			"t.yaml:10: rules[0] (m1.1).value: must be >= 0"},
		{"zero width", head + "rules:\n  - {id: m1.1, description: w, check: width, layer: met1, value: 0}\n",
			"t.yaml:10: rules[0] (m1.1).value: must be > 0"},
		{"unknown check kind", head + "rules:\n  - id: m1.9\n    description: x\n    check: wideness\n    layer: met1\n",
			"t.yaml:12: rules[0] (m1.9).check: unknown check \"wideness\""},
		{"unknown layer in rule", head + "rules:\n  - {id: m2.1, description: w, check: width, layer: met2, value: 0.14}\n",
			"t.yaml:10: rules[0] (m2.1).layer: unknown layer \"met2\""},
		{"value is a string", head + "rules:\n  - id: m1.1\n    description: w\n    check: width\n    layer: met1\n    value: wide\n",
			"t.yaml:14: rules[0] (m1.1).value: expected a number, found string \"wide\""},
		{"value not on the dbu", head + "rules:\n  - {id: m1.1, description: w, check: width, layer: met1, value: 0.1405}\n",
			"t.yaml:10: rules[0] (m1.1).value: 0.1405 µm is not a whole number of database units"},
		{"field of another kind", head + "rules:\n  - {id: m1.1, description: w, check: width, layer: met1, value: 0.14, outer: diff}\n",
			"t.yaml:10: rules[0] (m1.1).outer: not a field of a width check"},
		{"missing outer", head + "rules:\n  - {id: m1.4, description: e, check: enclosure, inner: mcon, value: 0.03}\n",
			"t.yaml:10: rules[0] (m1.4).outer: missing"},
		{"unknown metric", head + "rules:\n  - {id: m1.1, description: w, check: width, layer: met1, value: 0.14, metric: manhattan}\n",
			"t.yaml:10: rules[0] (m1.1).metric: unknown metric \"manhattan\""},
		{"adjacent sides with euclidian", head + "rules:\n  - {id: m1.5, description: e, check: enclosure, inner: mcon, outer: met1, value: 0.06, adjacent_sides: true, metric: euclidian}\n",
			"t.yaml:10: rules[0] (m1.5).metric: an adjacent_sides enclosure is measured with the projection metric"},
		{"uncovered false with value 0", head + "rules:\n  - {id: m1.4, description: e, check: enclosure, inner: mcon, outer: met1, value: 0, uncovered: false}\n",
			"t.yaml:10: rules[0] (m1.4).uncovered: with value 0 and uncovered: false the rule checks nothing"},
		{"duplicate rule id", head + "rules:\n  - {id: m1.1, description: w, check: width, layer: met1, value: 0.14}\n  - {id: m1.1, description: w, check: space, layer: met1, value: 0.14}\n",
			"t.yaml:11: rules[1] (m1.1).id: rule \"m1.1\" is already defined at line 10"},
		{"missing description", head + "rules:\n  - {id: m1.1, check: width, layer: met1, value: 0.14}\n",
			"t.yaml:10: rules[0] (m1.1).description: missing"},
		{"density without window", head + "rules:\n  - {id: m1.d, description: d, check: density, layer: met1, min: 20}\n",
			"t.yaml:10: rules[0] (m1.d).window: missing"},
		{"density above 100", head + "rules:\n  - {id: m1.d, description: d, check: density, layer: met1, max: 120, window: 10}\n",
			"t.yaml:10: rules[0] (m1.d).max: must be a percentage"},
		{"unknown top-level field", head + "colour: red\n",
			"t.yaml:9: colour: unknown field"},
		{"bad gds pair", "name: t\ndbu: 0.001\ngrid: 0.005\nlayers:\n  diff: 65-20\n",
			"t.yaml:5: layers.diff: expected layer/datatype such as 65/20, found \"65-20\""},
		{"missing dbu", "name: t\ngrid: 0.005\nlayers:\n  diff: 65/20\n",
			"t.yaml:1: dbu: missing"},
		{"YAML syntax", "name: t\ndbu: [0.001\n",
			"t.yaml:1: YAML: did not find expected"},
		{"derived unknown layer", head + "derived:\n  gate: poly and dif\n",
			"t.yaml:10: derived.gate: column 10: unknown layer \"dif\" in \"poly and dif\""},
		{"derived syntax", head + "derived:\n  gate: poly and (diff\n",
			"t.yaml:10: derived.gate: column 15: expected \")\", found end of expression"},
		{"derived cycle", head + "derived:\n  a: b and diff\n  b: a or poly\n",
			"t.yaml:10: derived.a: cycle between derived layers: a -> b -> a"},
		{"derived shadows a layer", head + "derived:\n  diff: poly and met1\n",
			"t.yaml:10: derived.diff: \"diff\" is already a drawn layer (line 5)"},
		{"connectivity unknown layer", head + "connectivity:\n  - {cut: via, lower: met1, upper: met2}\n",
			"t.yaml:10: connectivity[0].cut: unknown layer \"via\""},
		{"layer named like an operator", "name: t\ndbu: 0.001\ngrid: 0.005\nlayers:\n  not: 1/0\n",
			"t.yaml:5: layers.not: \"not\" is a word of the expression language"},
		{"bad colour", "name: t\ndbu: 0.001\ngrid: 0.005\nlayers:\n  diff: {gds: 1/0, color: green}\n",
			"t.yaml:5: layers.diff.color: expected a colour #rrggbb"},
		{"rule is not a mapping", head + "rules:\n  - width\n",
			"t.yaml:10: rules[0]: expected a mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := rules.Parse("t.yaml", []byte(c.yaml))
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			var list rules.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v is not an ErrorList", err, err)
			}
			if !strings.HasPrefix(list[0].Error(), c.want) {
				t.Errorf("got  %q\nwant %q...", list[0].Error(), c.want)
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	tech, err := rules.LoadFile(filepath.Join("testdata", "allchecks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if tech.Name != "allchecks" || tech.DBU != 0.001 || tech.Grid != 0.005 {
		t.Errorf("header: %q %g %g", tech.Name, tech.DBU, tech.Grid)
	}
	diff := tech.Layer("diff")
	if diff == nil || diff.Drawing != (rules.GDSLayer{Layer: 1}) || diff.Pin == nil || *diff.Pin != (rules.GDSLayer{Layer: 1, Datatype: 2}) ||
		diff.Label == nil || diff.Color != "#00cc66" || diff.Fill != "hatch" {
		t.Errorf("diff layer: %+v", diff)
	}
	if l := tech.Layer("areaid.sc"); l == nil || l.Drawing != (rules.GDSLayer{Layer: 7, Datatype: 4}) {
		t.Errorf("areaid.sc: %+v", l)
	}
	// Derived layers come in dependency order.
	pos := map[string]int{}
	for i, d := range tech.DerivedOrder() {
		pos[d.Name] = i
	}
	if len(pos) != len(tech.Derived) || pos["fat"] > pos["sel4"] || pos["gate"] > pos["nested"] || pos["sel"] > pos["nested"] {
		t.Errorf("derived order: %v", pos)
	}
	checks := map[rules.CheckKind]bool{}
	for _, r := range tech.Rules {
		checks[r.Check] = true
	}
	for _, k := range rules.CheckKinds {
		if !checks[k] {
			t.Errorf("allchecks.yaml does not use check kind %s", k)
		}
	}
	for _, c := range []struct {
		id     string
		check  rules.CheckKind
		layer  string
		other  string
		value  float64
		metric rules.Metric
	}{
		{"W.2", rules.Width, "m1", "", 0.14, rules.Projection},
		{"S.1", rules.Space, "diff", "", 0.27, rules.Square},
		{"ENC.1", rules.Enclosure, "cont", "m1", 0.03, rules.Euclidian},
		{"ENC.2", rules.Enclosure, "cont", "m1", 0.06, rules.Projection},
		{"EXT.1", rules.Extension, "poly", "diff", 0.13, rules.Euclidian},
		{"A.1", rules.Area, "m1", "", 0.083, ""},
		{"G.1", rules.Grid, "diff", "", 0, ""},
	} {
		r := tech.Rule(c.id)
		if r == nil || r.Check != c.check || r.Layer != c.layer || r.Other != c.other || r.Value != c.value || r.Metric != c.metric {
			t.Errorf("%s: %+v", c.id, r)
		}
	}
	if r := tech.Rule("ENC.2"); !r.AdjacentSides {
		t.Errorf("ENC.2 is not adjacent_sides")
	}
	if r := tech.Rule("D.1"); *r.MinDensity != 20 || *r.MaxDensity != 80 || r.Window != 2 || r.Step != 1 {
		t.Errorf("D.1: %+v", r)
	}
	if r := tech.Rule("D.2"); r.MaxDensity != nil || r.Step != 5 {
		t.Errorf("D.2: %+v", r)
	}
	if g := tech.GridOf(tech.Rule("G.1")); g != 0.005 {
		t.Errorf("G.1 grid %g", g)
	}
	if len(tech.Connections) != 2 || strings.Join(tech.Connections[0].Lower, ",") != "diff,poly" {
		t.Errorf("connections: %+v", tech.Connections)
	}
}
