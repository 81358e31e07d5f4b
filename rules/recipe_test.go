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

const railsRecipe = `name: a-to-b
source: a
target: b
scale: "1"
layers:
  m1: metal1
placement:
  site_width: 0.46
  site_height: 2.72
  row_height: 2.72
  outline: bnd
  rails:
    - net: VGND
      at: bottom
      layers: {metal1: 0.17, metal2: 0.48}
      cuts: {layer: via, size: 0.17, pitch: 0.46, offset: 0.145}
      pin: metal2
    - {net: VPWR, at: top, layers: {metal1: 0.17}, library_only: true}
  bands:
    - {layer: well, from: 1.305, to: 2.91, extend: 0.19, reach: 0.46}
    - {layer: bnd, from: 1.76, to: 3.6, clip: [-0.18, 3.6]}
  keepout: {metal1: 0.105, well: {sides: 0.2}}
transforms:
  - map
  - scale
  - snap
  - outline
  - rails
`

func TestParseRecipeRails(t *testing.T) {
	r, err := ParseRecipe("r.yaml", []byte(railsRecipe))
	if err != nil {
		t.Fatal(err)
	}
	p := r.Placement
	if len(p.Rails) != 2 || len(p.Bands) != 2 {
		t.Fatalf("rails %d, bands %d, want 2 and 2", len(p.Rails), len(p.Bands))
	}
	g := p.Rails[0]
	if g.Net != "VGND" || g.Top || g.Pin != "metal2" || g.Line != 13 {
		t.Errorf("rail 0: %+v", g)
	}
	if len(g.Layers) != 2 || g.Layers[0] != (RailLayer{"metal1", 0.17, 15}) || g.Layers[1] != (RailLayer{"metal2", 0.48, 15}) {
		t.Errorf("rail 0 layers (file order): %+v", g.Layers)
	}
	if c := g.Cuts; c == nil || c.Layer != "via" || c.Size != 0.17 || c.Pitch != 0.46 || c.Offset != 0.145 {
		t.Errorf("rail 0 cuts: %+v", c)
	}
	if g.LibraryOnly {
		t.Error("rail 0 is library-only")
	}
	if v := p.Rails[1]; v.Net != "VPWR" || !v.Top || v.Cuts != nil || v.Pin != "" || !v.LibraryOnly {
		t.Errorf("rail 1: %+v", v)
	}
	if b := p.Bands[0]; b.Layer != "well" || b.From != 1.305 || b.To != 2.91 || b.Extend != 0.19 || b.Reach != 0.46 || b.Clip != nil {
		t.Errorf("band 0: %+v", b)
	}
	if b := p.Bands[1]; b.Extend != 0 || b.Reach != 0 || b.Clip == nil || *b.Clip != [2]float64{-0.18, 3.6} {
		t.Errorf("band 1: %+v", b)
	}
	if k := p.Keepout; len(k) != 2 || *k[0] != (Keepout{"metal1", 0.105, 0, 22}) || k[1].Layer != "well" || k[1].Distance != 0 || k[1].Sides != 0.2 {
		t.Errorf("keepout %+v", k)
	}
	if !r.Has(TransformRails) {
		t.Error("the rails transform is not listed")
	}
}

func TestParseRecipeRailsErrors(t *testing.T) {
	cases := []struct {
		name, edit, want, err string
	}{
		{"rail at the side", "at: bottom", "at: left", `r.yaml:14: placement.rails[0].at: expected bottom or top, found "left"`},
		{"library_only not a bool", "library_only: true", "library_only: yes please", `r.yaml:18: placement.rails[1].library_only: expected true or false`},
		{"rail without layers", "layers: {metal1: 0.17}, library_only: true}", "pin: metal1}", "r.yaml:18: placement.rails[1].layers: missing"},
		{"negative rail width", "metal2: 0.48", "metal2: -0.48", "r.yaml:15: placement.rails[0].layers.metal2: must be > 0"},
		{"pin not a rail layer", "pin: metal2", "pin: metal3", `r.yaml:13: placement.rails[0].pin: "metal3" is not one of the rail's layers`},
		{"cut pitch below size", "pitch: 0.46", "pitch: 0.1", "r.yaml:16: placement.rails[0].cuts.pitch: 0.1 is less than the cut size 0.17"},
		{"cut offset missing", ", offset: 0.145", "", "r.yaml:16: placement.rails[0].cuts.offset: missing"},
		{"unknown rail field", "net: VGND", "net: VGND\n      width: 3", "r.yaml:14: placement.rails[0].width: unknown field"},
		{"band upside down", "to: 2.91", "to: 1.0", "r.yaml:20: placement.bands[0].to: 1 is not above from 1.305"},
		{"band reach zero", "reach: 0.46", "reach: 0", "r.yaml:20: placement.bands[0].reach: must be > 0"},
		{"band except not an expression", "clip: [-0.18, 3.6]", `clip: [-0.18, 3.6], except: "well and"`, "r.yaml:21: placement.bands[1].except:"},
		{"band close not a bool", "clip: [-0.18, 3.6]", "clip: [-0.18, 3.6], close: 3", "r.yaml:21: placement.bands[1].close: expected true or false"},
		{"band clip upside down", "clip: [-0.18, 3.6]", "clip: [3.6, -0.18]", "r.yaml:21: placement.bands[1].clip: high -0.18 is not above low 3.6"},
		{"bands not a list", "  bands:\n", "  bands: 3\n  old_bands:\n", "placement.bands: expected a list"},
		{"rails without the transform", "  - rails\n", "", "r.yaml:8: placement: rails, bands or keepout are given but the transforms do not list rails"},
		{"rails before outline", "  - outline\n  - rails\n", "  - rails\n  - outline\n", "r.yaml:27: transforms: rails must come after outline"},
		{"negative keepout", "metal1: 0.105,", "metal1: -0.105,", "r.yaml:22: placement.keepout.metal1: must be > 0"},
		{"unknown keepout field", "{sides: 0.2}", "{side: 0.2}", "r.yaml:22: placement.keepout.well.side: unknown field (expected one of: edges, sides)"},
		{"empty keepout", "{sides: 0.2}", "{}", "r.yaml:22: placement.keepout.well: expected edges or sides"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(railsRecipe, c.edit) {
				t.Fatalf("edit %q not in the recipe", c.edit)
			}
			src := strings.Replace(railsRecipe, c.edit, c.want, 1)
			_, err := ParseRecipe("r.yaml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("error %v, want it to contain %q", err, c.err)
			}
		})
	}
}

func TestParseRecipeRailsTransformAlone(t *testing.T) {
	src := strings.Replace(goodRecipe, "  - map\n", "  - map\n  - rails\n", 1)
	_, err := ParseRecipe("r.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "r.yaml:14: transforms: rails: the placement has no rails, bands or keepout to draw") {
		t.Errorf("error %v, want the rails transform without rails", err)
	}
}

func TestRecipeResolveRails(t *testing.T) {
	src, err := Parse("a.yaml", []byte("name: a\ndbu: 0.001\ngrid: 0.005\nlayers:\n  m1: 1/0\n"))
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := Parse("b.yaml", []byte("name: b\ndbu: 0.001\ngrid: 0.005\nlayers:\n  metal1: 8/0\n  metal2: 10/0\n  via: 9/0\n  well: 1/0\n  bnd: 2/0\n"+
		"connectivity:\n  - {lower: metal1, cut: via, upper: metal2}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRecipe("r.yaml", []byte(railsRecipe))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Resolve(src, tgt); err != nil {
		t.Fatalf("resolve: %v", err)
	}
	for _, c := range []struct{ name, edit, want, err string }{
		{"unknown rail layer", "{metal1: 0.17, metal2", "{metal9: 0.17, metal2", `r.yaml:15: placement.rails[0].layers.metal9: no layer "metal9" in target technology b`},
		{"cut layer not a cut", "layer: via", "layer: metal2", `r.yaml:16: placement.rails[0].cuts.layer: "metal2" is not a cut layer of target technology b`},
		{"unknown band layer", "layer: well", "layer: pwell", `r.yaml:20: placement.bands[0].layer: no layer "pwell" in target technology b`},
		{"unknown keepout layer", "well: {sides", "pwell: {sides", `r.yaml:22: placement.keepout.pwell: no layer "pwell" in target technology b`},
		{"unknown layer in except", "clip: [-0.18, 3.6]}", "clip: [-0.18, 3.6], except: nsdm}", `r.yaml:21: placement.bands[1].except: expression uses "nsdm", not a drawn layer of target technology b`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := ParseRecipe("r.yaml", []byte(strings.Replace(railsRecipe, c.edit, c.want, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Resolve(src, tgt); err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("error %v, want it to contain %q", err, c.err)
			}
		})
	}
}
