package rules

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// ExportKLayout writes a KLayout DRC deck (Ruby DRC language, KLayout 0.28,
// flat mode) with the rules of t, one report category per rule id. Every
// drawn layer is read as polygons(layer, datatype).merged, derived layers
// are computed with the KLayout equivalents of the expression language, and
// each rule becomes the KLayout call the package documentation gives for
// its kind, so that the deck and layoutmig's checker find the same
// violations.
//
// Run it as
//
//	klayout -b -r deck.drc -rd input=IN.gds -rd report=OUT.lyrdb [-rd top_cell=CELL]
//
// ExportKLayoutWith writes the other variants (ExportOptions): a deck that
// checks every cell of a library on its own, in one KLayout run.
func ExportKLayout(t *Tech, w io.Writer) error {
	return ExportKLayoutWith(t, w, ExportOptions{})
}

// ExportKLayoutWith writes the KLayout DRC deck of t in the variant opt
// selects; the zero ExportOptions give ExportKLayout's deck.
func ExportKLayoutWith(t *Tech, w io.Writer, opt ExportOptions) error {
	bw := bufio.NewWriter(w)
	e := &exporter{t: t, w: bw, opt: opt, vars: map[string]string{}, used: map[string]bool{}}
	if opt.PerCell {
		e.perCellDeck()
	} else {
		e.deck()
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return e.err
}

type exporter struct {
	t    *Tech
	w    *bufio.Writer
	opt  ExportOptions
	ind  string            // prefix of every non-empty line (the body of a Ruby method)
	vars map[string]string // layer name -> Ruby variable
	used map[string]bool
	err  error
}

func (e *exporter) p(format string, args ...any) {
	if e.ind != "" && format != "" {
		e.w.WriteString(e.ind)
	}
	fmt.Fprintf(e.w, format+"\n", args...)
}

var nonIdent = regexp.MustCompile(`[^A-Za-z0-9_]`)

// variable gives each layer a Ruby variable of its own: a prefix keeps
// names like "not" or "end" from clashing with Ruby, and a suffix keeps
// "a.b" and "a_b" apart.
func (e *exporter) variable(name, prefix string) string {
	base := prefix + strings.ToLower(nonIdent.ReplaceAllString(name, "_"))
	v := base
	for i := 2; e.used[v]; i++ {
		v = fmt.Sprintf("%s_%d", base, i)
	}
	e.used[v] = true
	e.vars[name] = v
	return v
}

// rubyString quotes s as a single-quoted Ruby string.
func rubyString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `'`, `\'`)
	return "'" + s + "'"
}

// num writes a float as a Ruby float literal ("0.14", "1.0").
func num(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// um writes a distance in µm.
func um(x float64) string {
	if x < 0 {
		return "(" + num(x) + ").um"
	}
	return num(x) + ".um"
}

func (e *exporter) deck() {
	t := e.t
	e.p("# encoding: UTF-8")
	e.p("# KLayout DRC deck for technology %q, written by layoutmig from %s.", t.Name, t.File)
	e.p("# Do not edit: export it again from the technology file.")
	e.p("#")
	e.p("#   klayout -b -r deck.drc -rd input=IN.gds -rd report=OUT.lyrdb [-rd top_cell=CELL]")
	e.p("#")
	e.p("# Flat mode. Every layer is merged before it is checked, as layoutmig's checker does;")
	e.p("# values are µm (areas µm²). One report category per rule id.")
	if t.Description != "" {
		for _, l := range strings.Split(strings.TrimSpace(t.Description), "\n") {
			e.p("# %s", l)
		}
	}
	e.p("")
	e.p("if $top_cell && $top_cell != \"\"")
	e.p("  source($input, $top_cell)")
	e.p("else")
	e.p("  source($input)")
	e.p("end")
	e.p("report(%s, $report)", rubyString("layoutmig "+t.Name))
	e.p("flat")
	e.p("")
	e.p("# lm_output2 reports two layers (an enclosure's edge pairs and its uncovered")
	e.p("# part) into one category: the first non-empty one through output, which creates")
	e.p("# the category and the report cell, the other added to that category (found by")
	e.p("# name: category_by_path would read the dots of \"m1.4\" as a path).")
	e.p("def lm_output2(a, b, id, desc)")
	e.p("  a, b = b, a if a.is_empty?")
	e.p("  a.output(id, desc)")
	e.p("  if !b.is_empty?")
	e.p("    cat = nil")
	e.p("    @output_rdb.each_category { |c| cat = c if c.name == id }")
	e.p("    @output_rdb.create_items(@output_rdb_cell.rdb_id, cat.rdb_id, RBA::CplxTrans::new(dbu), b.data)")
	e.p("  end")
	e.p("end")
	e.windowsHelper()
	e.layersAndRules()
}

// windowsHelper writes lm_windows if a rule needs density windows.
func (e *exporter) windowsHelper() {
	if e.hasDensity() {
		e.p("")
		e.p("# lm_windows gives the density windows: squares of edge w on a lattice of pitch s")
		e.p("# (database units) anchored at the origin, covering the top cell's bounding box.")
		e.p("def lm_windows(w, s)")
		e.p("  b = source.cell_obj.bbox")
		e.p("  x0 = (b.left.to_f / s).floor * s")
		e.p("  y0 = (b.bottom.to_f / s).floor * s")
		e.p("  nx = [((b.right - x0 - w).to_f / s).ceil + 1, 1].max")
		e.p("  ny = [((b.top - y0 - w).to_f / s).ceil + 1, 1].max")
		e.p("  [x0 * dbu, y0 * dbu, nx, ny]")
		e.p("end")
	}
}

// layersAndRules writes the drawn layers, the derived layers and the rules.
func (e *exporter) layersAndRules() {
	t := e.t
	e.p("")
	e.p("# Drawn layers")
	for _, l := range t.Layers {
		v := e.variable(l.Name, "l_")
		e.p("%s = polygons(%d, %d).merged  # %s", v, l.Drawing.Layer, l.Drawing.Datatype, l.Name)
	}
	if len(t.Derived) > 0 {
		e.p("")
		e.p("# Derived layers")
		for _, dl := range t.DerivedOrder() {
			v := e.variable(dl.Name, "d_")
			e.p("%s = %s  # %s: %s", v, e.expr(dl.Expr), dl.Name, dl.Source)
		}
	}
	e.p("")
	e.p("# Rules")
	for _, r := range t.Rules {
		e.rule(r)
	}
}

func (e *exporter) hasDensity() bool {
	for _, r := range e.t.Rules {
		if r.Check == Density {
			return true
		}
	}
	return false
}

// expr translates an expression. Operations whose KLayout result may hold
// overlapping or touching polygons (or, xor, sized) are merged, so every
// value is a merged region as the package documentation says.
func (e *exporter) expr(x Expr) string {
	switch n := x.(type) {
	case *LayerRef:
		v, ok := e.vars[n.Name]
		if !ok {
			e.fail("layer %q has no variable", n.Name)
		}
		return v
	case *Binary:
		a, b := e.expr(n.X), e.expr(n.Y)
		switch n.Op {
		case OpAnd:
			return "(" + a + " & " + b + ")"
		case OpNot:
			return "(" + a + " - " + b + ")"
		case OpOr:
			return "(" + a + " | " + b + ").merged"
		case OpXor:
			return "(" + a + " ^ " + b + ").merged"
		}
	case *Call:
		a := e.expr(n.Args[0])
		if n.Func == FuncSized {
			return a + ".sized(" + um(n.Dist) + ").merged"
		}
		return a + "." + string(n.Func) + "(" + e.expr(n.Args[1]) + ")"
	}
	e.fail("cannot export expression %v", x)
	return "nil"
}

func (e *exporter) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("rules: export %s: "+format, append([]any{e.t.Name}, args...)...)
	}
}

func (e *exporter) rule(r *Rule) {
	a := e.vars[r.Layer]
	b := e.vars[r.Other]
	id, desc := rubyString(r.ID), rubyString(r.ID+" : "+r.Description)
	m := string(r.Metric)
	out := func(layer string) { e.output(layer, r.ID, id, desc) }
	e.p("# %s (%s, line %d)", r.ID, r.Check, r.Line)
	switch r.Check {
	case Width:
		out(fmt.Sprintf("%s.width(%s, %s)", a, um(r.Value), m))
	case Space:
		out(fmt.Sprintf("%s.space(%s, %s)", a, um(r.Value), m))
	case Notch:
		out(fmt.Sprintf("%s.notch(%s, %s)", a, um(r.Value), m))
	case Separation:
		out(fmt.Sprintf("%s.separation(%s, %s, %s)", a, b, um(r.Value), m))
	case Overlap:
		out(fmt.Sprintf("%s.overlap(%s, %s, %s)", a, b, um(r.Value), m))
	case Extension:
		out(fmt.Sprintf("%s.enclosing(%s, %s, %s)", a, b, um(r.Value), m))
	case Enclosure:
		if r.AdjacentSides {
			out(fmt.Sprintf("%s.interacting(%s.enclosing(%s, %s, projection).second_edges.width(angle_limit(100.0), 1.dbu).polygons(1.dbu))",
				a, b, a, um(r.Value)))
			break
		}
		if r.EnclosingOnly {
			out(fmt.Sprintf("%s.enclosing(%s, %s, %s)", b, a, um(r.Value), m))
		} else if r.Value > 0 {
			e.p("lm_output2(%s.enclosing(%s, %s, %s), (%s - %s), %s, %s)", b, a, um(r.Value), m, a, b, id, desc)
		} else {
			out(fmt.Sprintf("(%s - %s)", a, b))
		}
	case Area:
		out(fmt.Sprintf("%s.with_area(nil, %s)", a, num(r.Value)))
	case ExactSize:
		out(fmt.Sprintf("(%s.non_squares + %s.squares.without_bbox_width(%s))", a, a, um(r.Value)))
	case Grid:
		out(fmt.Sprintf("%s.ongrid(%s)", a, um(e.t.GridOf(r))))
	case Angle:
		if r.Orthogonal {
			out(fmt.Sprintf("%s.edges.without_angle(0).without_angle(90)", a))
		} else {
			out(fmt.Sprintf("%s.edges.without_angle(0).without_angle(90).without_angle(45).without_angle(-45)", a))
		}
	case Density:
		lo, hi := "nil", "nil"
		if r.MinDensity != nil {
			lo = num(*r.MinDensity / 100)
		}
		if r.MaxDensity != nil {
			hi = num(*r.MaxDensity / 100)
		}
		e.p("lm_x0, lm_y0, lm_nx, lm_ny = lm_windows((%s / dbu).round, (%s / dbu).round)", num(r.Window), num(r.Step))
		out(fmt.Sprintf("%s.without_density(%s, %s, tile_size(%s), tile_step(%s), tile_origin(lm_x0, lm_y0), tile_count(lm_nx, lm_ny))",
			a, lo, hi, um(r.Window), um(r.Step)))
	default:
		e.fail("rule %s: check %q cannot be exported", r.ID, r.Check)
	}
}

// output writes the line that reports layer into the category of rule id
// (quoted: qid, qdesc).
func (e *exporter) output(layer, id, qid, qdesc string) {
	if e.opt.PerCell {
		e.p("lm_out(%s, %s)", layer, qid)
		return
	}
	e.p("%s.output(%s, %s)", layer, qid, qdesc)
}
