package rules

import (
	"strings"
	"testing"
)

const goodRecipe = `name: a-to-b
source: a
target: b
scale: "26/36"
layers:
  m1: metal1
  "63/63": drop
  cont: "6/0"
generate:
  marker: {expr: "metal1 or metal2", description: x, take_from: metal2}
placement: {site_width: 0.46, site_height: 2.72, row_height: 2.72, outline: bnd}
transforms:
  - map
  - scale
  - {bias: {layers: {metal1: 0.01}}}
  - {legalize: {classes: [width, space]}}
`

func TestParseRecipe(t *testing.T) {
	r, err := ParseRecipe("r.yaml", []byte(goodRecipe))
	if err != nil {
		t.Fatal(err)
	}
	if r.ScaleNum != 13 || r.ScaleDen != 18 {
		t.Errorf("scale %d/%d, want reduced 13/18", r.ScaleNum, r.ScaleDen)
	}
	if len(r.Layers) != 3 || !r.Layers[1].Drop || r.Layers[1].From.GDS == nil || r.Layers[2].To.GDS == nil {
		t.Errorf("layer map %+v", r.Layers)
	}
	if len(r.Generate) != 1 || r.Generate[0].Layer != "marker" || r.Generate[0].TakeFrom != "metal2" {
		t.Errorf("generate %+v", r.Generate)
	}
	if len(r.Transforms) != 4 || r.Transforms[2].Bias["metal1"] != 0.01 || len(r.Transforms[3].Classes) != 2 {
		t.Errorf("transforms %+v", r.Transforms)
	}
	if r.Placement.Outline != "bnd" || r.Placement.SiteWidth != 0.46 {
		t.Errorf("placement %+v", r.Placement)
	}
}

func TestParseRecipeErrors(t *testing.T) {
	cases := []struct {
		name, edit, want string
	}{
		{"bad scale", `scale: "26/36"`, `scale: "0.7"`},
		{"zero scale", `scale: "26/36"`, `scale: "0/3"`},
		{"unknown transform", "  - map\n", "  - map\n  - shrinkwrap\n"},
		{"unknown legalize class", "[width, space]", "[width, density]"},
		{"bad layer", `"63/63": drop`, `"63/x": drop`},
		{"row not multiple of site", "row_height: 2.72", "row_height: 3.0"},
		{"unknown field", "name: a-to-b", "name: a-to-b\nshrink: 3"},
	}
	wants := map[string]string{
		"bad scale":                "r.yaml:4: scale: expected a fraction",
		"zero scale":               "r.yaml:4: scale: numerator and denominator",
		"unknown transform":        "r.yaml:14: transforms[1]: unknown transform \"shrinkwrap\"",
		"unknown legalize class":   "unknown rule class \"density\"",
		"bad layer":                "r.yaml:7: layers.63/x",
		"row not multiple of site": "placement.row_height: 3 is not a multiple",
		"unknown field":            "r.yaml:2: shrink: unknown field",
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(goodRecipe, c.edit, c.want, 1)
			_, err := ParseRecipe("r.yaml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), wants[c.name]) {
				t.Errorf("error %v, want it to contain %q", err, wants[c.name])
			}
		})
	}
}

func TestRecipeResolve(t *testing.T) {
	src, err := Parse("a.yaml", []byte("name: a\ndbu: 0.001\ngrid: 0.005\nlayers:\n  m1: 1/0\n  cont: 2/0\n"))
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := Parse("b.yaml", []byte("name: b\ndbu: 0.001\ngrid: 0.005\nlayers:\n  metal1: 8/0\n  metal2: 10/0\n  marker: 99/0\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRecipe("r.yaml", []byte(goodRecipe))
	if err != nil {
		t.Fatal(err)
	}
	err = r.Resolve(src, tgt)
	if err == nil || !strings.Contains(err.Error(), `r.yaml:11: placement.outline: no layer "bnd"`) {
		t.Errorf("error %v, want the missing outline layer", err)
	}
	r.Placement.Outline = "metal2"
	if err := r.Resolve(src, tgt); err == nil || !strings.Contains(err.Error(), `r.yaml:16: transforms.legalize: rule class "width": target technology b has no such rule`) {
		t.Errorf("error %v, want the rule class the target lacks", err)
	}
	r.Transforms = r.Transforms[:3]
	if err := r.Resolve(src, tgt); err != nil {
		t.Errorf("resolve: %v", err)
	}
	r.Layers[0].To.Name = "metal9"
	if err := r.Resolve(src, tgt); err == nil || !strings.Contains(err.Error(), `r.yaml:6: layers.m1: no layer "metal9" in target technology b`) {
		t.Errorf("error %v", err)
	}
}
