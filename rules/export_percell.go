package rules

import "strings"

// ExportOptions select a variant of the exported KLayout deck. The zero
// value is ExportKLayout's deck: one top cell, one report.
type ExportOptions struct {
	// PerCell writes a deck that checks many cells of one layout file, each
	// on its own, in one KLayout run: every top cell of the input, sorted by
	// name, or the cells listed (comma-separated) in the cells variable:
	//
	//	klayout -b -r deck.drc -rd input=LIB.gds -rd report=OUT.lyrdb [-rd cells=A,B]
	//
	// Each cell is checked as if it were the top cell of its own layout (its
	// own coordinates, everything placed under it flattened into it), with
	// the same layers and rules as the default deck, so a cell's items are
	// the items the default deck finds with -rd top_cell=CELL. The layout is
	// read once; source() is set anew for each cell, so every layer is read
	// again from that cell alone.
	//
	// The report is one marker database: one category per rule id, in deck
	// order (created before the first cell is checked), one report cell per
	// checked cell (a clean cell too, so the report lists what was checked),
	// and each item in the cell it was found in.
	PerCell bool
}

// perCellDeck writes the deck of ExportOptions.PerCell: the default deck's
// layers and rules become the body of a Ruby method, lm_check, that a loop
// over the cells calls once per cell with the source set to that cell.
func (e *exporter) perCellDeck() {
	t := e.t
	e.p("# encoding: UTF-8")
	e.p("# KLayout DRC deck for technology %q, cell by cell, written by layoutmig from %s.", t.Name, t.File)
	e.p("# Do not edit: export it again from the technology file.")
	e.p("#")
	e.p("#   klayout -b -r deck.drc -rd input=LIB.gds -rd report=OUT.lyrdb [-rd cells=A,B,...]")
	e.p("#")
	e.p("# Checks every top cell of the input (sorted by name), or the listed cells, each on its")
	e.p("# own as if it were the top cell, in one run. One report: one category per rule id, one")
	e.p("# report cell per checked cell, each item in the cell it was found in.")
	e.p("# Flat mode. Every layer is merged before it is checked, as layoutmig's checker does;")
	e.p("# values are µm (areas µm²).")
	if t.Description != "" {
		for _, l := range strings.Split(strings.TrimSpace(t.Description), "\n") {
			e.p("# %s", l)
		}
	}
	e.p("")
	e.p("lm_layout = RBA::Layout::new")
	e.p("lm_layout.read($input)")
	e.p("if $cells && $cells != \"\"")
	e.p("  lm_cells = $cells.split(\",\")")
	e.p("else")
	e.p("  lm_cells = lm_layout.top_cells.collect { |c| c.name }.sort")
	e.p("end")
	e.p("lm_cells.each { |c| lm_layout.cell(c) || raise(\"cell #{c} not found in #{$input}\") }")
	e.p("flat")
	e.p("")
	e.p("# The report, with every category created up front in deck order.")
	e.p("@lm_rdb = RBA::ReportDatabase::new(%s)", rubyString("layoutmig "+t.Name+", cell by cell"))
	e.p("@lm_rdb.generator = %s", rubyString("layoutmig per-cell deck ("+t.Name+")"))
	e.p("@lm_rdb.original_file = $input")
	e.p("@lm_cats = {}")
	e.p("[")
	for _, r := range t.Rules {
		e.p("  [%s, %s],", rubyString(r.ID), rubyString(r.ID+" : "+r.Description))
	}
	e.p("].each do |id, desc|")
	e.p("  c = @lm_rdb.create_category(id)")
	e.p("  c.description = desc")
	e.p("  @lm_cats[id] = c")
	e.p("end")
	e.p("")
	e.p("# lm_out adds the items of a layer to category id, in the cell being checked.")
	e.p("def lm_out(layer, id)")
	e.p("  @lm_rdb.create_items(@lm_cell.rdb_id, @lm_cats[id].rdb_id, RBA::CplxTrans::new(dbu), layer.data)")
	e.p("end")
	e.p("")
	e.p("# lm_output2 reports two layers (an enclosure's edge pairs and its uncovered")
	e.p("# part) into one category.")
	e.p("def lm_output2(a, b, id, desc)")
	e.p("  lm_out(a, id)")
	e.p("  lm_out(b, id)")
	e.p("end")
	e.windowsHelper()
	e.p("")
	e.p("# lm_check runs every rule on the source's cell.")
	e.p("def lm_check")
	e.ind = "  "
	e.layersAndRules()
	e.ind = ""
	e.p("end")
	e.p("")
	e.p("lm_cells.each do |name|")
	e.p("  source(lm_layout, name)")
	e.p("  @lm_cell = @lm_rdb.create_cell(name)")
	e.p("  lm_check")
	e.p("end")
	e.p("@lm_rdb.save($report)")
}
