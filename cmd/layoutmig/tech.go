package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/internal/atomicfile"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

func newTechCmd(o *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tech",
		Short: "List, show, validate and export technologies",
		Long: `tech inspects the technologies layoutmig knows: the embedded ones (sky130,
gf180mcu, ihp-sg13g2, freepdk45) and technology YAML files of your own.
Wherever a technology is named, a path to a YAML file works too.`,
		Example: `  layoutmig tech list
  layoutmig tech show sky130
  layoutmig tech validate my_process.yaml
  layoutmig tech export-klayout sky130 -o sky130.drc`,
		Args: wantArgs(),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newTechListCmd(o), newTechShowCmd(o), newTechValidateCmd(o), newTechExportCmd(o))
	return cmd
}

func newTechListCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the embedded technologies",
		Long: `list prints each embedded technology: its name, database unit and
manufacturing grid, the numbers of layers and rules, and the first line of
its description.`,
		Example: `  layoutmig tech list`,
		Args:    wantArgs(),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "name\tdbu µm\tgrid µm\tlayers\tderived\trules\tdescription")
			for _, name := range techfiles.Names() {
				t, err := techfiles.Load(name)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%g\t%g\t%d\t%d\t%d\t%s\n", t.Name, t.DBU, t.Grid, len(t.Layers), len(t.Derived), len(t.Rules), firstLine(t.Description))
			}
			return tw.Flush()
		},
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func newTechShowCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "show T",
		Short: "Show a technology: layers, derived layers, connectivity, rules",
		Long: `show prints technology T (an embedded name or a YAML file): its description,
units and sources; the drawn layers with their GDS layer/datatype (and pin
and label purposes); the derived layers with their expressions; which cut
joins which conductors; and the rule deck, one rule a line: id, check,
layers, value (µm, µm² for areas), options and description.`,
		Example: `  layoutmig tech show sky130
  layoutmig tech show gf180mcu | grep '^  M1'`,
		Args: wantArgs("T"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			t, err := techfiles.Load(args[0])
			if err != nil {
				return err
			}
			return showTech(o.stdout, t)
		},
	}
}

func showTech(w io.Writer, t *rules.Tech) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "technology: %s (%s)\n", t.Name, t.File)
	for _, l := range strings.Split(strings.TrimSpace(t.Description), "\n") {
		if l != "" {
			fmt.Fprintf(bw, "  %s\n", l)
		}
	}
	fmt.Fprintf(bw, "dbu: %g µm, grid: %g µm\n", t.DBU, t.Grid)
	if len(t.Sources) > 0 {
		fmt.Fprintf(bw, "sources:\n")
		for _, s := range t.Sources {
			fmt.Fprintf(bw, "  %s\n", s)
		}
	}
	fmt.Fprintf(bw, "\nlayers (%d):\n", len(t.Layers))
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  name\tgds\tpin\tlabel\tdescription")
	opt := func(g *rules.GDSLayer) string {
		if g == nil {
			return "-"
		}
		return g.String()
	}
	for _, l := range t.Layers {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", l.Name, l.Drawing, opt(l.Pin), opt(l.Label), l.Description)
	}
	tw.Flush()
	if len(t.Derived) > 0 {
		fmt.Fprintf(bw, "\nderived layers (%d):\n", len(t.Derived))
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		for _, d := range t.Derived {
			desc := ""
			if d.Description != "" {
				desc = "  # " + d.Description
			}
			fmt.Fprintf(tw, "  %s\t= %s%s\n", d.Name, d.Source, desc)
		}
		tw.Flush()
	}
	if len(t.Connections) > 0 {
		fmt.Fprintf(bw, "\nconnectivity:\n")
		for _, c := range t.Connections {
			fmt.Fprintf(bw, "  %s joins %s to %s\n", c.Cut, strings.Join(c.Lower, ", "), strings.Join(c.Upper, ", "))
		}
	}
	fmt.Fprintf(bw, "\nrules (%d):\n", len(t.Rules))
	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  id\tcheck\tlayers\tvalue\toptions\tdescription")
	for _, r := range t.Rules {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Check, ruleLayers(r), ruleValue(t, r), ruleOptions(r), r.Description)
	}
	tw.Flush()
	return bw.Flush()
}

func ruleLayers(r *rules.Rule) string {
	switch r.Check {
	case rules.Enclosure:
		return r.Layer + " in " + r.Other
	case rules.Extension:
		return r.Layer + " past " + r.Other
	}
	return strings.Join(r.Layers(), ", ")
}

func ruleValue(t *rules.Tech, r *rules.Rule) string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch r.Check {
	case rules.Area:
		return "< " + g(r.Value) + " µm²"
	case rules.ExactSize:
		return "= " + g(r.Value)
	case rules.Grid:
		return g(t.GridOf(r))
	case rules.Angle:
		if r.Orthogonal {
			return "0, 90°"
		}
		return "0, 45, 90°"
	case rules.Density:
		lo, hi := "0", "100"
		if r.MinDensity != nil {
			lo = g(*r.MinDensity)
		}
		if r.MaxDensity != nil {
			hi = g(*r.MaxDensity)
		}
		return lo + ".." + hi + " %"
	}
	return "< " + g(r.Value)
}

func ruleOptions(r *rules.Rule) string {
	var o []string
	if r.Metric != "" && r.Metric != rules.Euclidian {
		o = append(o, string(r.Metric))
	}
	if r.AdjacentSides {
		o = append(o, "adjacent_sides")
	}
	if r.EnclosingOnly {
		o = append(o, "uncovered: false")
	}
	if r.Check == rules.Density {
		step := r.Step
		if step == 0 {
			step = r.Window
		}
		o = append(o, fmt.Sprintf("window %g, step %g", r.Window, step))
	}
	if len(o) == 0 {
		return "-"
	}
	return strings.Join(o, ", ")
}

func newTechValidateCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a technology YAML file",
		Long: `validate loads the technology file FILE (or an embedded technology) and
reports every problem it finds, each with the file, line and field: unknown
fields, check kinds or layers, negative values, values that are not a whole
number of database units, YAML type errors, cycles between derived layers.
It then makes sure that the checker can run every rule and that the deck can
be exported to KLayout.

Exit status: 0 valid, 1 not (the problems are printed on stderr).`,
		Example: `  layoutmig tech validate my_process.yaml`,
		Args:    wantArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			t, err := techfiles.Load(args[0])
			if err != nil {
				return err
			}
			if err := drc.Validate(t); err != nil {
				return err
			}
			if err := rules.ExportKLayout(t, io.Discard); err != nil {
				return err
			}
			_, err = fmt.Fprintf(o.stdout, "%s: valid: technology %s, %d layers, %d derived layers, %d connections, %d rules\n",
				args[0], t.Name, len(t.Layers), len(t.Derived), len(t.Connections), len(t.Rules))
			return err
		},
	}
}

func newTechExportCmd(o *options) *cobra.Command {
	var output string
	var perCell bool
	cmd := &cobra.Command{
		Use:   "export-klayout T -o deck.drc",
		Short: "Write a KLayout DRC deck with the rules of a technology",
		Long: `export-klayout writes the rule deck of technology T as a KLayout DRC script
(Ruby DRC language, KLayout 0.28, flat), one report category per rule id,
computing every rule as layoutmig's checker does, so that both find the same
violations. Without -o (or with -o -) the deck goes to standard output.

Run the deck with
  klayout -b -r deck.drc -rd input=IN.gds -rd report=OUT.lyrdb [-rd top_cell=CELL]

With --per-cell the deck checks every top cell of the input (or the cells
listed in -rd cells=A,B) on its own, as if each were the top cell of its own
layout, in one KLayout run; the report has one cell per checked cell.`,
		Example: `  layoutmig tech export-klayout sky130 -o sky130.drc
  klayout -b -r sky130.drc -rd input=cells.gds -rd report=cells.lyrdb

  # every cell of a library on its own, in one run
  layoutmig tech export-klayout sky130 --per-cell -o sky130_cells.drc
  klayout -b -r sky130_cells.drc -rd input=lib.gds -rd report=lib.lyrdb`,
		Args: wantArgs("T"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			t, err := techfiles.Load(args[0])
			if err != nil {
				return err
			}
			eo := rules.ExportOptions{PerCell: perCell}
			if output == "" || output == "-" {
				return rules.ExportKLayoutWith(t, o.stdout, eo)
			}
			if output == demoInput {
				return errors.New("export-klayout: @demo cannot be written")
			}
			if err := atomicfile.Write(output, atomicfile.Options{}, func(w io.Writer) error {
				return rules.ExportKLayoutWith(t, w, eo)
			}); err != nil {
				return err
			}
			o.logf("wrote the %d rules of %s to %s", len(t.Rules), t.Name, output)
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the deck to this file (default: standard output)")
	cmd.Flags().BoolVar(&perCell, "per-cell", false, "check every top cell (or -rd cells=A,B) on its own, in one run")
	return cmd
}
