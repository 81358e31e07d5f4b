package rules

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error is one problem in a technology file, at a line, in a field:
// "sky130.yaml:42: rules[7].value: must be >= 0".
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	b.WriteString(": " + e.Msg)
	return b.String()
}

// ErrorList is every problem found in one file, in line order. Loading
// reports them all at once rather than the first only.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// maxErrors bounds the errors reported for one file.
const maxErrors = 50

// LoadFile reads and validates the technology file at path. Messages name
// the file by its base name.
func LoadFile(path string) (*Tech, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(filepath.Base(path), data)
}

// Parse decodes and validates a technology file; name is the file name used
// in messages. The error, if any, is an ErrorList.
func Parse(name string, data []byte) (*Tech, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{yamlError(name, err)}
	}
	d := &decoder{file: name}
	t := &Tech{File: name}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, ErrorList{{File: name, Msg: "empty technology file"}}
	}
	d.tech(t, doc.Content[0])
	if len(d.errs) == 0 {
		d.validate(t)
	}
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		if len(d.errs) > maxErrors {
			d.errs = d.errs[:maxErrors]
		}
		return nil, d.errs
	}
	return t, nil
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func yamlError(file string, err error) *Error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: file, Line: line, Msg: "YAML: " + m[2]}
	}
	return &Error{File: file, Msg: "YAML: " + msg}
}

type decoder struct {
	file string
	errs ErrorList
}

func (d *decoder) errf(n *yaml.Node, field, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("string %q", n.Value)
		case "!!null":
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an unexpected node"
}

// pairs returns the key/value pairs of a mapping, reporting duplicate keys
// and keys not in allowed (when allowed is not nil).
func (d *decoder) pairs(n *yaml.Node, field string, allowed []string) [][2]*yaml.Node {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errf(n, field, "expected a mapping, found %s", kindName(n))
		return nil
	}
	seen := map[string]bool{}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.errf(k, field, "expected a name as key, found %s", kindName(k))
			continue
		}
		sub := join(field, k.Value)
		if seen[k.Value] {
			d.errf(k, sub, "given twice")
			continue
		}
		seen[k.Value] = true
		if allowed != nil && !contains(allowed, k.Value) {
			d.errf(k, sub, "unknown field (expected one of: %s)", strings.Join(allowed, ", "))
			continue
		}
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// items returns the entries of a YAML list; when n is not a list it
// reports the error and returns none.
func (d *decoder) items(n *yaml.Node, field string) []*yaml.Node {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.errf(n, field, "expected a list, found %s", kindName(n))
		return nil
	}
	return n.Content
}

func (d *decoder) str(n *yaml.Node, field string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errf(n, field, "expected a string, found %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) float(n *yaml.Node, field string) (float64, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errf(n, field, "expected a number, found %s", kindName(n))
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errf(n, field, "expected a finite number, found %q", n.Value)
		return 0, false
	}
	return v, true
}

func (d *decoder) boolean(n *yaml.Node, field string) (bool, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errf(n, field, "expected true or false, found %s", kindName(n))
		return false, false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", true
}

// strList accepts one string or a list of strings.
func (d *decoder) strList(n *yaml.Node, field string) []string {
	n = resolve(n)
	if n.Kind == yaml.SequenceNode {
		var out []string
		for i, c := range n.Content {
			if s, ok := d.str(c, fmt.Sprintf("%s[%d]", field, i)); ok {
				out = append(out, s)
			}
		}
		if len(out) == 0 && len(n.Content) == 0 {
			d.errf(n, field, "must not be empty")
		}
		return out
	}
	if s, ok := d.str(n, field); ok {
		return []string{s}
	}
	return nil
}

var gdsPattern = regexp.MustCompile(`^\s*(\d+)\s*/\s*(\d+)\s*$`)

func (d *decoder) gds(n *yaml.Node, field string) (GDSLayer, bool) {
	s, ok := d.str(n, field)
	if !ok {
		return GDSLayer{}, false
	}
	m := gdsPattern.FindStringSubmatch(s)
	if m == nil {
		d.errf(n, field, "expected layer/datatype such as 65/20, found %q", s)
		return GDSLayer{}, false
	}
	l, err1 := strconv.Atoi(m[1])
	t, err2 := strconv.Atoi(m[2])
	if err1 != nil || err2 != nil || l > math.MaxUint16 || t > math.MaxUint16 {
		d.errf(n, field, "layer and datatype must be 0..65535, found %q", s)
		return GDSLayer{}, false
	}
	return GDSLayer{uint16(l), uint16(t)}, true
}

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

func (d *decoder) display(k string, v *yaml.Node, field string, color, fill *string) {
	s, ok := d.str(v, field)
	if !ok {
		return
	}
	switch k {
	case "color":
		if !colorPattern.MatchString(s) {
			d.errf(v, field, "expected a colour #rrggbb, found %q", s)
			return
		}
		*color = s
	case "fill":
		if !contains(FillPatterns, s) {
			d.errf(v, field, "unknown fill pattern %q (known: %s)", s, strings.Join(FillPatterns, ", "))
			return
		}
		*fill = s
	}
}

var topKeys = []string{"name", "description", "sources", "dbu", "grid", "layers", "derived", "connectivity", "rules"}

func (d *decoder) tech(t *Tech, root *yaml.Node) {
	got := map[string]bool{}
	for _, kv := range d.pairs(root, "", topKeys) {
		k, v := kv[0].Value, kv[1]
		got[k] = true
		switch k {
		case "name":
			t.Name, _ = d.str(v, k)
		case "description":
			t.Description, _ = d.str(v, k)
		case "sources":
			t.Sources = d.strList(v, k)
		case "dbu":
			if x, ok := d.float(v, k); ok {
				if x <= 0 {
					d.errf(v, k, "must be > 0")
				}
				t.DBU = x
			}
		case "grid":
			if x, ok := d.float(v, k); ok {
				if x <= 0 {
					d.errf(v, k, "must be > 0")
				}
				t.Grid = x
			}
		case "layers":
			d.layers(t, v)
		case "derived":
			d.derived(t, v)
		case "connectivity":
			d.connectivity(t, v)
		case "rules":
			d.rules(t, v)
		}
	}
	for _, k := range []string{"name", "dbu", "grid", "layers"} {
		if !got[k] {
			d.errf(root, k, "missing")
		}
	}
	if t.Name == "" && got["name"] {
		d.errf(root, "name", "must not be empty")
	}
}

var layerKeys = []string{"gds", "pin", "label", "description", "color", "fill"}

func (d *decoder) layers(t *Tech, n *yaml.Node) {
	for _, kv := range d.pairs(n, "layers", nil) {
		name := kv[0].Value
		field := "layers." + name
		l := &Layer{Name: name, Line: kv[0].Line}
		v := kv[1]
		if v.Kind == yaml.ScalarNode {
			// Shorthand: "diff: 65/20".
			g, ok := d.gds(v, field)
			if !ok {
				continue
			}
			l.Drawing = g
			t.Layers = append(t.Layers, l)
			continue
		}
		hasGDS := false
		for _, p := range d.pairs(v, field, layerKeys) {
			f := field + "." + p[0].Value
			switch p[0].Value {
			case "gds":
				if g, ok := d.gds(p[1], f); ok {
					l.Drawing, hasGDS = g, true
				}
			case "pin", "label":
				if g, ok := d.gds(p[1], f); ok {
					if p[0].Value == "pin" {
						l.Pin = &g
					} else {
						l.Label = &g
					}
				}
			case "description":
				l.Description, _ = d.str(p[1], f)
			case "color", "fill":
				d.display(p[0].Value, p[1], f, &l.Color, &l.Fill)
			}
		}
		if !hasGDS {
			d.errf(kv[0], field+".gds", "missing (the drawing layer/datatype)")
		}
		t.Layers = append(t.Layers, l)
	}
}

var derivedKeys = []string{"expr", "description", "color", "fill"}

func (d *decoder) derived(t *Tech, n *yaml.Node) {
	for _, kv := range d.pairs(n, "derived", nil) {
		name := kv[0].Value
		field := "derived." + name
		dl := &Derived{Name: name, Line: kv[0].Line}
		v := kv[1]
		exprNode := v
		if v.Kind == yaml.MappingNode {
			exprNode = nil
			for _, p := range d.pairs(v, field, derivedKeys) {
				f := field + "." + p[0].Value
				switch p[0].Value {
				case "expr":
					exprNode = p[1]
				case "description":
					dl.Description, _ = d.str(p[1], f)
				case "color", "fill":
					d.display(p[0].Value, p[1], f, &dl.Color, &dl.Fill)
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
		dl.Source = src
		dl.Line = exprNode.Line
		e, err := ParseExpr(src)
		if err != nil {
			d.errf(exprNode, field, "%v in %q", err, src)
			continue
		}
		dl.Expr = e
		t.Derived = append(t.Derived, dl)
	}
}

var connKeys = []string{"cut", "lower", "upper"}

func (d *decoder) connectivity(t *Tech, n *yaml.Node) {
	for i, c := range d.items(n, "connectivity") {
		field := fmt.Sprintf("connectivity[%d]", i)
		cn := &Connection{Line: resolve(c).Line}
		for _, p := range d.pairs(c, field, connKeys) {
			f := field + "." + p[0].Value
			switch p[0].Value {
			case "cut":
				cn.Cut, _ = d.str(p[1], f)
			case "lower":
				cn.Lower = d.strList(p[1], f)
			case "upper":
				cn.Upper = d.strList(p[1], f)
			}
		}
		if cn.Cut == "" || len(cn.Lower) == 0 || len(cn.Upper) == 0 {
			d.errf(c, field, "needs cut, lower and upper")
			continue
		}
		t.Connections = append(t.Connections, cn)
	}
}

// ruleKeys are the fields every rule may have; kindKeys the fields each
// check kind adds (a field of another kind is an error).
var ruleKeys = []string{"id", "description", "check", "source"}

var kindKeys = map[CheckKind][]string{
	Width:      {"layer", "value", "metric"},
	Space:      {"layer", "value", "metric"},
	Notch:      {"layer", "value", "metric"},
	Separation: {"layer", "other", "value", "metric"},
	Overlap:    {"layer", "other", "value", "metric"},
	Enclosure:  {"inner", "outer", "value", "metric", "adjacent_sides", "uncovered"},
	Extension:  {"layer", "past", "value", "metric"},
	Area:       {"layer", "value"},
	ExactSize:  {"layer", "value"},
	Grid:       {"layer", "value"},
	Angle:      {"layer", "orthogonal"},
	Density:    {"layer", "min", "max", "window", "step"},
}

func kindList() string {
	s := make([]string, len(CheckKinds))
	for i, k := range CheckKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func (d *decoder) rules(t *Tech, n *yaml.Node) {
	for i, c := range d.items(n, "rules") {
		if r := d.rule(t, resolve(c), fmt.Sprintf("rules[%d]", i)); r != nil {
			t.Rules = append(t.Rules, r)
		}
	}
}

func (d *decoder) rule(t *Tech, n *yaml.Node, field string) *Rule {
	all := append([]string{}, ruleKeys...)
	for _, k := range CheckKinds {
		for _, f := range kindKeys[k] {
			if !contains(all, f) {
				all = append(all, f)
			}
		}
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, field, "expected a mapping, found %s", kindName(n))
		return nil
	}
	ps := d.pairs(n, field, all)
	r := &Rule{Line: n.Line}
	vals := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	for _, p := range ps {
		vals[p[0].Value], keys[p[0].Value] = p[1], p[0]
	}
	nerr := len(d.errs)
	if v := vals["id"]; v != nil {
		r.ID, _ = d.str(v, field+".id")
	}
	if r.ID != "" {
		field = fmt.Sprintf("%s (%s)", field, r.ID)
	} else if vals["id"] == nil {
		d.errf(n, field+".id", "missing")
	}
	if v := vals["description"]; v != nil {
		r.Description, _ = d.str(v, field+".description")
	} else {
		d.errf(n, field+".description", "missing")
	}
	if v := vals["source"]; v != nil {
		r.Source, _ = d.str(v, field+".source")
	}
	v := vals["check"]
	if v == nil {
		d.errf(n, field+".check", "missing")
		return nil
	}
	s, ok := d.str(v, field+".check")
	if !ok {
		return nil
	}
	r.Check = CheckKind(s)
	allowed, known := kindKeys[r.Check]
	if !known {
		d.errf(v, field+".check", "unknown check %q (known: %s)", s, kindList())
		return nil
	}
	for _, p := range ps {
		k := p[0].Value
		if !contains(ruleKeys, k) && !contains(allowed, k) {
			d.errf(p[0], field+"."+k, "not a field of a %s check (its fields: %s)", r.Check, strings.Join(allowed, ", "))
		}
	}
	layerField := func(key string, dst *string) {
		if v := vals[key]; v != nil {
			*dst, _ = d.str(v, field+"."+key)
		} else if contains(allowed, key) {
			d.errf(n, field+"."+key, "missing")
		}
	}
	switch r.Check {
	case Enclosure:
		layerField("inner", &r.Layer)
		layerField("outer", &r.Other)
	case Extension:
		layerField("layer", &r.Layer)
		layerField("past", &r.Other)
	case Separation, Overlap:
		layerField("layer", &r.Layer)
		layerField("other", &r.Other)
	default:
		layerField("layer", &r.Layer)
	}
	// Value.
	switch r.Check {
	case Angle, Density:
	default:
		vn := vals["value"]
		if vn == nil {
			if r.Check != Grid {
				d.errf(n, field+".value", "missing")
			}
			break
		}
		x, ok := d.float(vn, field+".value")
		if !ok {
			break
		}
		r.Value = x
		f := field + ".value"
		switch {
		case x < 0:
			d.errf(vn, f, "must be >= 0")
		case x == 0 && r.Check != Enclosure:
			d.errf(vn, f, "must be > 0")
		case t.DBU > 0 && r.Check == Area && !whole(x, t.DBU*t.DBU):
			d.errf(vn, f, "%g µm² is not a whole number of square database units (%g µm)", x, t.DBU)
		case t.DBU > 0 && r.Check != Area && !whole(x, t.DBU):
			d.errf(vn, f, "%g µm is not a whole number of database units (%g µm)", x, t.DBU)
		}
	}
	// Metric.
	if r.Check.EdgePairs() {
		r.Metric = Euclidian
		if v := vals["metric"]; v != nil {
			if s, ok := d.str(v, field+".metric"); ok {
				switch s {
				case "euclidian", "euclidean":
					r.Metric = Euclidian
				case "projection":
					r.Metric = Projection
				case "square":
					r.Metric = Square
				default:
					d.errf(v, field+".metric", "unknown metric %q (known: euclidian, projection, square)", s)
				}
			}
		}
	}
	if v := vals["adjacent_sides"]; v != nil {
		r.AdjacentSides, _ = d.boolean(v, field+".adjacent_sides")
		if r.AdjacentSides {
			if vals["metric"] != nil && r.Metric != Projection {
				d.errf(vals["metric"], field+".metric", "an adjacent_sides enclosure is measured with the projection metric")
			}
			r.Metric = Projection
			if r.Value == 0 && vals["value"] != nil {
				d.errf(vals["value"], field+".value", "must be > 0 for an adjacent_sides enclosure")
			}
		}
	}
	if v := vals["uncovered"]; v != nil {
		if u, ok := d.boolean(v, field+".uncovered"); ok {
			switch {
			case r.AdjacentSides && u:
				d.errf(v, field+".uncovered", "an adjacent_sides enclosure does not report the uncovered part")
			case !u && r.Value == 0:
				d.errf(v, field+".uncovered", "with value 0 and uncovered: false the rule checks nothing")
			}
			r.EnclosingOnly = !u
		}
	}
	if v := vals["orthogonal"]; v != nil {
		r.Orthogonal, _ = d.boolean(v, field+".orthogonal")
	}
	if r.Check == Density {
		d.density(r, vals, n, field)
	}
	if len(d.errs) > nerr {
		return nil
	}
	return r
}

func (d *decoder) density(r *Rule, vals map[string]*yaml.Node, n *yaml.Node, field string) {
	pct := func(key string) *float64 {
		v := vals[key]
		if v == nil {
			return nil
		}
		x, ok := d.float(v, field+"."+key)
		if !ok {
			return nil
		}
		if x < 0 || x > 100 {
			d.errf(v, field+"."+key, "must be a percentage, 0..100")
		}
		return &x
	}
	r.MinDensity, r.MaxDensity = pct("min"), pct("max")
	if vals["min"] == nil && vals["max"] == nil {
		d.errf(n, field, "a density check needs min or max (percent)")
	}
	if r.MinDensity != nil && r.MaxDensity != nil && *r.MinDensity > *r.MaxDensity {
		d.errf(vals["max"], field+".max", "must be >= min")
	}
	if v := vals["window"]; v != nil {
		if x, ok := d.float(v, field+".window"); ok {
			if x <= 0 {
				d.errf(v, field+".window", "must be > 0")
			}
			r.Window = x
		}
	} else {
		d.errf(n, field+".window", "missing (the window edge in µm)")
	}
	r.Step = r.Window
	if v := vals["step"]; v != nil {
		if x, ok := d.float(v, field+".step"); ok {
			if x <= 0 || x > r.Window {
				d.errf(v, field+".step", "must be > 0 and <= window")
			}
			r.Step = x
		}
	}
}

// whole says whether x is a whole multiple of unit (to 1e-6 of a unit).
func whole(x, unit float64) bool {
	q := x / unit
	return math.Abs(q-math.Round(q)) < 1e-6
}

var namePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)

// validate checks names and references once everything is decoded.
func (d *decoder) validate(t *Tech) {
	t.layerByName = map[string]*Layer{}
	t.derivedByName = map[string]*Derived{}
	t.ruleByID = map[string]*Rule{}
	checkName := func(name, field string, line int) bool {
		switch {
		case !namePattern.MatchString(name):
			d.errs = append(d.errs, &Error{d.file, line, field, "a layer name is a letter or _ followed by letters, digits, _ or ."})
		case isKeyword(name) || isFunc(name):
			d.errs = append(d.errs, &Error{d.file, line, field, fmt.Sprintf("%q is a word of the expression language", name)})
		default:
			return true
		}
		return false
	}
	for _, l := range t.Layers {
		if checkName(l.Name, "layers."+l.Name, l.Line) {
			t.layerByName[l.Name] = l
		}
	}
	for _, dl := range t.Derived {
		f := "derived." + dl.Name
		if t.layerByName[dl.Name] != nil {
			d.errs = append(d.errs, &Error{d.file, dl.Line, f, fmt.Sprintf("%q is already a drawn layer (line %d)", dl.Name, t.layerByName[dl.Name].Line)})
			continue
		}
		if checkName(dl.Name, f, dl.Line) {
			t.derivedByName[dl.Name] = dl
		}
	}
	for _, dl := range t.Derived {
		for _, r := range Refs(dl.Expr) {
			if !t.HasLayer(r.Name) {
				d.errs = append(d.errs, &Error{d.file, dl.Line, "derived." + dl.Name,
					fmt.Sprintf("column %d: unknown layer %q in %q", r.Offset+1, r.Name, dl.Source)})
			}
		}
	}
	if len(d.errs) == 0 {
		d.order(t)
	}
	known := func(name, field string, line int) {
		if name != "" && !t.HasLayer(name) {
			d.errs = append(d.errs, &Error{d.file, line, field, fmt.Sprintf("unknown layer %q", name)})
		}
	}
	for i, c := range t.Connections {
		f := fmt.Sprintf("connectivity[%d]", i)
		known(c.Cut, f+".cut", c.Line)
		for _, l := range c.Lower {
			known(l, f+".lower", c.Line)
		}
		for _, l := range c.Upper {
			known(l, f+".upper", c.Line)
		}
	}
	for i, r := range t.Rules {
		f := fmt.Sprintf("rules[%d] (%s)", i, r.ID)
		if o := t.ruleByID[r.ID]; o != nil {
			d.errs = append(d.errs, &Error{d.file, r.Line, f + ".id", fmt.Sprintf("rule %q is already defined at line %d", r.ID, o.Line)})
		} else {
			t.ruleByID[r.ID] = r
		}
		layerKey, otherKey := "layer", "other"
		switch r.Check {
		case Enclosure:
			layerKey, otherKey = "inner", "outer"
		case Extension:
			otherKey = "past"
		}
		known(r.Layer, f+"."+layerKey, r.Line)
		known(r.Other, f+"."+otherKey, r.Line)
		if r.Check == Grid && r.Value == 0 && t.Grid <= 0 {
			d.errs = append(d.errs, &Error{d.file, r.Line, f + ".value", "no grid: give one here or at the top of the file"})
		}
	}
}

// order sorts the derived layers so that each comes after those it uses,
// reporting cycles.
func (d *decoder) order(t *Tech) {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(dl *Derived) bool
	visit = func(dl *Derived) bool {
		switch state[dl.Name] {
		case done:
			return true
		case active:
			i := 0
			for stack[i] != dl.Name {
				i++
			}
			cycle := append(append([]string{}, stack[i:]...), dl.Name)
			d.errs = append(d.errs, &Error{d.file, dl.Line, "derived." + dl.Name,
				"cycle between derived layers: " + strings.Join(cycle, " -> ")})
			return false
		}
		state[dl.Name] = active
		stack = append(stack, dl.Name)
		for _, r := range Refs(dl.Expr) {
			if dep := t.derivedByName[r.Name]; dep != nil {
				if !visit(dep) {
					return false
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[dl.Name] = done
		t.order = append(t.order, dl)
		return true
	}
	for _, dl := range t.Derived {
		if !visit(dl) {
			return
		}
	}
}
