package rules

import (
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Recipe is one migration: from a source technology to a target technology,
// by a linear scale, a layer map, target-only layers generated from the
// mapped ones, a target placement grid and the ordered transforms to apply.
// It is read from a recipe YAML file (ParseRecipe); names of layers are
// checked against the two technologies by Resolve.
//
// The recipe model says what to do; the engine (package shrink) does it, and
// rejects a transform it does not implement yet.
type Recipe struct {
	// Name is the short name ("gf180mcu-to-sky130").
	Name        string
	Description string
	// Source and Target are technology names (embedded names or paths).
	Source, Target string
	// ScaleNum/ScaleDen is the linear scale, a reduced positive fraction:
	// a source length L becomes L*ScaleNum/ScaleDen (in µm).
	ScaleNum, ScaleDen int64
	// Layers is the layer map in file order.
	Layers []*LayerMap
	// Generate are the target-only layers, computed after mapping.
	Generate []*Generated
	// Placement is the target placement grid.
	Placement Placement
	// Transforms are the steps to apply, in order.
	Transforms []*Transform

	// File is the name the recipe was loaded from (for messages); Line
	// numbers below refer to it.
	File string
	// ScaleLine is the line of the scale field.
	ScaleLine int
}

// LayerSpec names a layer of a technology or a raw GDS layer/datatype.
// Exactly one of Name and GDS is set.
type LayerSpec struct {
	Name string
	GDS  *GDSLayer
}

func (r LayerSpec) String() string {
	if r.GDS != nil {
		return r.GDS.String()
	}
	return r.Name
}

// LayerMap maps one source layer to one target layer, or drops it. Several
// entries with the same target merge their sources into it.
//
// A named source layer brings its drawing, pin and label purposes: each goes
// to the same purpose of the target layer; a purpose the target layer lacks
// goes to its drawing layer (texts to its label layer when it has one). A
// raw "l/d" source moves that layer/datatype only.
type LayerMap struct {
	From LayerSpec
	// To is the target; unset when Drop.
	To   LayerSpec
	Drop bool
	Line int
}

// Generated is a target-only layer computed from an expression over target
// layers (after mapping), in the expression language of derived layers.
type Generated struct {
	// Layer is the target technology's layer the result is drawn on.
	Layer       string
	Source      string
	Expr        Expr
	Description string
	// TakeFrom, when set, is a target layer the result is moved out of:
	// that layer keeps only what the result does not cover (to split one
	// mapped layer in two, such as diffusion into diff and tap).
	TakeFrom string
	Line     int
}

// Placement is the target library's placement grid, in µm, and where the
// cell outline lives in the target.
type Placement struct {
	// SiteWidth and SiteHeight are the placement site; RowHeight the
	// height of a cell (a multiple of the site height).
	SiteWidth, SiteHeight, RowHeight float64
	// Outline is the target layer holding the cell outline (placement
	// boundary) box.
	Outline string
	// Rails are the power rails along the row edges and Bands the wells
	// and implants at the cell edges, as the target library draws them
	// (the rails transform draws both; see Rail and Band).
	Rails []*Rail
	Bands []*Band
	// Keepout are distances (µm, by target layer) the layer's shapes keep
	// from the outline's bottom and top edges, as the library's cells keep
	// them (half the layer's spacing), so that rows stacked on each other
	// do not interact (the rails transform trims them).
	Keepout []*Keepout
	Line    int
}

// TransformKind names one step of the migration.
type TransformKind string

// Transform kinds, in the order DESIGN.md gives them.
const (
	TransformMap      TransformKind = "map"      // layer map
	TransformScale    TransformKind = "scale"    // scale by the rational factor
	TransformSnap     TransformKind = "snap"     // snap to the target manufacturing grid
	TransformOutline  TransformKind = "outline"  // land the cell outline on the placement grid
	TransformRails    TransformKind = "rails"    // power rails, wells and implants at the cell edges
	TransformBias     TransformKind = "bias"     // grow or shrink layers
	TransformCuts     TransformKind = "cuts"     // retarget contacts and vias
	TransformLegalize TransformKind = "legalize" // rule-driven legalization
	TransformGenerate TransformKind = "generate" // generate target-only layers
)

// TransformKinds lists the kinds a recipe may name.
var TransformKinds = []TransformKind{TransformMap, TransformScale, TransformSnap, TransformOutline,
	TransformRails, TransformBias, TransformCuts, TransformLegalize, TransformGenerate}

// LegalizeClasses are the rule classes the legalize transform can name.
var LegalizeClasses = []string{"width", "space", "area", "enclosure", "extension"}

// Transform is one step with its parameters.
type Transform struct {
	Kind TransformKind
	// Bias is the per-layer bias in µm (bias: grow > 0, shrink < 0), by
	// target layer name.
	Bias map[string]float64
	// Cuts are the target cut layers to retarget (cuts).
	Cuts []string
	// Classes are the rule classes to legalize (legalize).
	Classes []string
	Line    int
}

var recipeTopKeys = []string{"name", "description", "source", "target", "scale", "layers", "generate", "placement", "transforms"}

// LoadRecipeFile reads and validates the recipe file at path; messages name
// the file by its base name.
func LoadRecipeFile(path string) (*Recipe, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseRecipe(filepath.Base(path), data)
}

// ParseRecipe decodes and validates a recipe; name is the file name used in
// messages. The error, if any, is an ErrorList with file, line and field.
func ParseRecipe(name string, data []byte) (*Recipe, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{yamlError(name, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, ErrorList{{File: name, Msg: "empty recipe file"}}
	}
	d := &decoder{file: name}
	r := &Recipe{File: name}
	d.recipe(r, doc.Content[0])
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		if len(d.errs) > maxErrors {
			d.errs = d.errs[:maxErrors]
		}
		return nil, d.errs
	}
	return r, nil
}

func (d *decoder) recipe(r *Recipe, root *yaml.Node) {
	got := map[string]bool{}
	for _, kv := range d.pairs(root, "", recipeTopKeys) {
		k, v := kv[0].Value, kv[1]
		got[k] = true
		switch k {
		case "name":
			r.Name, _ = d.str(v, k)
		case "description":
			r.Description, _ = d.str(v, k)
		case "source":
			r.Source, _ = d.str(v, k)
		case "target":
			r.Target, _ = d.str(v, k)
		case "scale":
			r.ScaleLine = v.Line
			if s, ok := d.str(v, k); ok {
				num, den, err := ParseRational(s)
				if err != nil {
					d.errf(v, k, "%v", err)
				}
				r.ScaleNum, r.ScaleDen = num, den
			}
		case "layers":
			d.layerMap(r, v)
		case "generate":
			d.generate(r, v)
		case "placement":
			d.placement(r, v)
		case "transforms":
			d.transforms(r, v)
		}
	}
	for _, k := range []string{"name", "source", "target", "scale", "layers", "placement", "transforms"} {
		if !got[k] {
			d.errf(root, k, "missing")
		}
	}
	d.railsTransform(r)
}

var rationalPattern = regexp.MustCompile(`^\s*(\d+)\s*(?:/\s*(\d+)\s*)?$`)

// ParseRational reads a positive fraction "13/18" (or a whole number "2")
// and returns it reduced. Both parts must be at most 1e6, which keeps every
// product with a 32-bit coordinate within 64 bits.
func ParseRational(s string) (num, den int64, err error) {
	m := rationalPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, fmt.Errorf("expected a fraction such as \"13/18\", found %q", s)
	}
	num, err1 := strconv.ParseInt(m[1], 10, 64)
	den = 1
	var err2 error
	if m[2] != "" {
		den, err2 = strconv.ParseInt(m[2], 10, 64)
	}
	if err1 != nil || err2 != nil || num <= 0 || den <= 0 || num > 1e6 || den > 1e6 {
		return 0, 0, fmt.Errorf("numerator and denominator must be 1..1000000, found %q", s)
	}
	g := new(big.Int).GCD(nil, nil, big.NewInt(num), big.NewInt(den)).Int64()
	return num / g, den / g, nil
}

func (d *decoder) layerSpec(n *yaml.Node, s, field string) (LayerSpec, bool) {
	if strings.Contains(s, "/") {
		if !gdsPattern.MatchString(s) {
			d.errf(n, field, "expected a layer name or layer/datatype such as 63/63, found %q", s)
			return LayerSpec{}, false
		}
		g, ok := d.gds(n, field)
		if !ok {
			return LayerSpec{}, false
		}
		return LayerSpec{GDS: &g}, true
	}
	if s == "" {
		d.errf(n, field, "empty layer name")
		return LayerSpec{}, false
	}
	return LayerSpec{Name: s}, true
}

// layerMap reads "source: target", "source: drop" entries.
func (d *decoder) layerMap(r *Recipe, n *yaml.Node) {
	for _, kv := range d.pairs(n, "layers", nil) {
		field := "layers." + kv[0].Value
		from, ok := d.layerSpec(kv[0], kv[0].Value, field)
		if !ok {
			continue
		}
		s, ok := d.str(kv[1], field)
		if !ok {
			continue
		}
		m := &LayerMap{From: from, Line: kv[0].Line}
		if s == "drop" {
			m.Drop = true
		} else if m.To, ok = d.layerSpec(kv[1], s, field); !ok {
			continue
		}
		r.Layers = append(r.Layers, m)
	}
}

func (d *decoder) generate(r *Recipe, n *yaml.Node) {
	for _, kv := range d.pairs(n, "generate", nil) {
		field := "generate." + kv[0].Value
		g := &Generated{Layer: kv[0].Value, Line: kv[0].Line}
		exprNode := kv[1]
		if resolve(exprNode).Kind == yaml.MappingNode {
			exprNode = nil
			for _, p := range d.pairs(kv[1], field, []string{"expr", "description", "take_from"}) {
				switch p[0].Value {
				case "expr":
					exprNode = p[1]
				case "description":
					g.Description, _ = d.str(p[1], field+".description")
				case "take_from":
					g.TakeFrom, _ = d.str(p[1], field+".take_from")
				}
			}
			if exprNode == nil {
				d.errf(kv[0], field+".expr", "missing")
				continue
			}
		}
		src, ok := d.str(exprNode, field)
		if !ok {
			continue
		}
		e, err := ParseExpr(src)
		if err != nil {
			d.errf(exprNode, field, "%v in %q", err, src)
			continue
		}
		g.Source, g.Expr = src, e
		r.Generate = append(r.Generate, g)
	}
}

var (
	// placementKeys are the required placement fields, placementFields
	// all of them.
	placementKeys   = []string{"site_width", "site_height", "row_height", "outline"}
	placementFields = []string{"site_width", "site_height", "row_height", "outline", "rails", "bands", "keepout"}
)

func (d *decoder) placement(r *Recipe, n *yaml.Node) {
	p := &r.Placement
	p.Line = resolve(n).Line
	got := map[string]bool{}
	for _, kv := range d.pairs(n, "placement", placementFields) {
		f := "placement." + kv[0].Value
		got[kv[0].Value] = true
		switch kv[0].Value {
		case "outline":
			p.Outline, _ = d.str(kv[1], f)
			continue
		case "rails":
			d.rails(p, kv[1])
			continue
		case "bands":
			d.bands(p, kv[1])
			continue
		case "keepout":
			d.keepout(p, kv[1])
			continue
		}
		x, ok := d.float(kv[1], f)
		if !ok {
			continue
		}
		if x <= 0 {
			d.errf(kv[1], f, "must be > 0")
			continue
		}
		switch kv[0].Value {
		case "site_width":
			p.SiteWidth = x
		case "site_height":
			p.SiteHeight = x
		case "row_height":
			p.RowHeight = x
		}
	}
	for _, k := range placementKeys {
		if !got[k] {
			d.errf(n, "placement."+k, "missing")
		}
	}
	if p.SiteHeight > 0 && p.RowHeight > 0 {
		if k := p.RowHeight / p.SiteHeight; math.Abs(k-math.Round(k)) > 1e-9 {
			d.errf(n, "placement.row_height", "%g is not a multiple of site_height %g", p.RowHeight, p.SiteHeight)
		}
	}
}

var transformKeys = map[TransformKind][]string{
	TransformBias:     {"layers"},
	TransformCuts:     {"layers"},
	TransformLegalize: {"classes"},
}

func (d *decoder) transforms(r *Recipe, n *yaml.Node) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "transforms", "expected a list, found %s", kindName(n))
		return
	}
	seen := map[TransformKind]bool{}
	for i, c := range n.Content {
		field := fmt.Sprintf("transforms[%d]", i)
		c = resolve(c)
		t := &Transform{Line: c.Line}
		var params [][2]*yaml.Node
		if c.Kind == yaml.ScalarNode {
			t.Kind = TransformKind(c.Value)
		} else {
			kvs := d.pairs(c, field, nil)
			if len(kvs) != 1 {
				if len(kvs) > 1 {
					d.errf(c, field, "expected one transform name with its parameters, found %d keys", len(kvs))
				}
				continue
			}
			t.Kind = TransformKind(kvs[0][0].Value)
			if known(t.Kind) {
				params = d.pairs(kvs[0][1], field+"."+kvs[0][0].Value, transformKeys[t.Kind])
			}
		}
		if !known(t.Kind) {
			d.errf(c, field, "unknown transform %q (known: %s)", t.Kind, transformList())
			continue
		}
		if seen[t.Kind] {
			d.errf(c, field, "transform %q given twice", t.Kind)
			continue
		}
		seen[t.Kind] = true
		for _, p := range params {
			f := field + "." + string(t.Kind) + "." + p[0].Value
			switch t.Kind {
			case TransformBias:
				t.Bias = map[string]float64{}
				for _, b := range d.pairs(p[1], f, nil) {
					if x, ok := d.float(b[1], f+"."+b[0].Value); ok {
						t.Bias[b[0].Value] = x
					}
				}
			case TransformCuts:
				t.Cuts = d.strList(p[1], f)
			case TransformLegalize:
				t.Classes = d.strList(p[1], f)
				for _, cl := range t.Classes {
					if !contains(LegalizeClasses, cl) {
						d.errf(p[1], f, "unknown rule class %q (known: %s)", cl, strings.Join(LegalizeClasses, ", "))
					}
				}
			}
		}
		r.Transforms = append(r.Transforms, t)
	}
}

func known(k TransformKind) bool {
	for _, x := range TransformKinds {
		if x == k {
			return true
		}
	}
	return false
}

func transformList() string {
	s := make([]string, len(TransformKinds))
	for i, k := range TransformKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Scale returns the linear scale as a float (for reports).
func (r *Recipe) Scale() float64 { return float64(r.ScaleNum) / float64(r.ScaleDen) }

// Has reports whether the recipe lists the transform kind.
func (r *Recipe) Has(k TransformKind) bool {
	for _, t := range r.Transforms {
		if t.Kind == k {
			return true
		}
	}
	return false
}

// Resolve checks the recipe against its source and target technologies:
// the technology names, every layer of the layer map, the generated layers
// and their expressions, the outline layer and the layers transforms name.
// Errors carry the recipe file and line.
func (r *Recipe) Resolve(src, tgt *Tech) error {
	d := &decoder{file: r.File}
	at := func(line int, field, format string, args ...any) {
		d.errs = append(d.errs, &Error{File: r.File, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if src.Name != r.Source {
		at(0, "source", "recipe is for source technology %q, given %q", r.Source, src.Name)
	}
	if tgt.Name != r.Target {
		at(0, "target", "recipe is for target technology %q, given %q", r.Target, tgt.Name)
	}
	for _, m := range r.Layers {
		f := "layers." + m.From.String()
		if m.From.Name != "" && src.Layer(m.From.Name) == nil {
			at(m.Line, f, "no layer %q in source technology %s", m.From.Name, src.Name)
		}
		if !m.Drop && m.To.Name != "" && tgt.Layer(m.To.Name) == nil {
			at(m.Line, f, "no layer %q in target technology %s", m.To.Name, tgt.Name)
		}
	}
	for _, g := range r.Generate {
		f := "generate." + g.Layer
		if tgt.Layer(g.Layer) == nil {
			at(g.Line, f, "no layer %q in target technology %s", g.Layer, tgt.Name)
		}
		if g.TakeFrom != "" && tgt.Layer(g.TakeFrom) == nil {
			at(g.Line, f+".take_from", "no layer %q in target technology %s", g.TakeFrom, tgt.Name)
		}
		for _, ref := range Refs(g.Expr) {
			if tgt.Layer(ref.Name) == nil {
				at(g.Line, f, "expression uses %q, not a drawn layer of target technology %s", ref.Name, tgt.Name)
			}
		}
	}
	if r.Placement.Outline != "" && tgt.Layer(r.Placement.Outline) == nil {
		at(r.Placement.Line, "placement.outline", "no layer %q in target technology %s", r.Placement.Outline, tgt.Name)
	}
	r.Placement.resolveRails(tgt, at)
	for _, t := range r.Transforms {
		for name := range t.Bias {
			if tgt.Layer(name) == nil {
				at(t.Line, "transforms.bias", "no layer %q in target technology %s", name, tgt.Name)
			}
		}
		for _, name := range t.Cuts {
			if !isCut(tgt, name) {
				at(t.Line, "transforms.cuts", "%q is not a cut layer of target technology %s", name, tgt.Name)
			}
		}
		for _, class := range t.Classes {
			if !hasCheck(tgt, classChecks[class]...) {
				at(t.Line, "transforms.legalize", "rule class %q: target technology %s has no such rule to legalize against", class, tgt.Name)
			}
		}
	}
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return d.errs
	}
	return nil
}

// classChecks are the check kinds each legalize class fixes.
var classChecks = map[string][]CheckKind{
	"width":     {Width},
	"space":     {Space, Notch, Separation},
	"area":      {Area},
	"enclosure": {Enclosure},
	"extension": {Extension},
}

func hasCheck(t *Tech, kinds ...CheckKind) bool {
	for _, r := range t.Rules {
		for _, k := range kinds {
			if r.Check == k {
				return true
			}
		}
	}
	return false
}

func isCut(t *Tech, name string) bool {
	for _, c := range t.Connections {
		if c.Cut == name {
			return true
		}
	}
	return false
}
