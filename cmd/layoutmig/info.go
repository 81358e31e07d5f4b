package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/layout"
)

// listLimit is how many cell names or warnings `info` prints before it
// abbreviates (--verbose and --json list all).
const listLimit = 10

func newInfoCmd(o *options) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "info FILE",
		Short: "Summarize a GDSII file: units, cells, top cells, shapes per layer, bounding box",
		Long: `info reads a GDSII file and prints its library name, GDSII version, units,
number of cells, top cells, the number of shapes of each kind per layer
(each cell's own shapes, references not expanded), the bounding box of the
top cells in µm and any warnings the reader had.

The text output is for people. --json prints the same summary as indented
JSON with a stable key order, for scripts:
  {"file", "library", "version", "dbu_um", "user_unit", "meters_per_dbu",
   "cells", "top_cells", "layers": [{"layer", "datatype", "polygons", "paths",
   "boxes", "nodes", "texts", "total"}], "totals", "bbox_um", "warnings"}

FILE may be @demo, the embedded demo layout.`,
		Example: `  # the embedded demo layout
  layoutmig info @demo

  # a summary for scripts
  layoutmig info chip.gds --json | jq '.layers[] | select(.layer == 34)'`,
		Args: wantArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			lib, err := o.load(args[0])
			if err != nil {
				return err
			}
			s := layout.Summarize(lib)
			if asJSON {
				return writeInfoJSON(o.stdout, args[0], s)
			}
			return writeInfoText(o.stdout, args[0], s, o.verbose)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	return cmd
}

// infoJSON is the JSON form of `info`: the summary with the file it
// describes first.
type infoJSON struct {
	File string `json:"file"`
	*layout.Summary
}

func writeInfoJSON(w io.Writer, file string, s *layout.Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(infoJSON{File: file, Summary: s})
}

func writeInfoText(w io.Writer, file string, s *layout.Summary, all bool) error {
	var b strings.Builder
	field := func(name, format string, a ...any) {
		fmt.Fprintf(&b, "%-11s %s\n", name+":", fmt.Sprintf(format, a...))
	}
	field("file", "%s", file)
	field("library", "%s (GDSII version %d)", s.Library, s.Version)
	field("units", "1 dbu = %s µm; user unit %s; %s m per dbu", num(s.DBUMicrons), num(s.UserUnit), num(s.MetersPerDBU))
	if all {
		field("cells", "%d: %s", len(s.Cells), strings.Join(s.Cells, ", "))
	} else {
		field("cells", "%d", len(s.Cells))
	}
	field("top cells", "%s", list(s.TopCells, all))
	if bb := s.BBoxMicrons; len(bb) == 4 {
		field("bbox", "(%s, %s) .. (%s, %s) µm, %s x %s µm",
			num(bb[0]), num(bb[1]), num(bb[2]), num(bb[3]), num(bb[2]-bb[0]), num(bb[3]-bb[1]))
	} else {
		field("bbox", "empty")
	}
	if len(s.Layers) == 0 {
		field("layers", "none")
	} else {
		b.WriteString("\n")
		// Numbers align right; the layer column aligns left, so it is
		// padded here to its widest entry.
		names := make([]string, len(s.Layers))
		width := len("layer")
		for i, l := range s.Layers {
			names[i] = layout.LayerKey{Layer: l.Layer, Datatype: l.Datatype}.String()
			width = max(width, len(names[i]))
		}
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\tpolygons\tpaths\tboxes\tnodes\ttexts\ttotal\t\n", width, "layer")
		row := func(name string, n layout.ShapeCount) {
			fmt.Fprintf(tw, "%-*s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", width, name, n.Polygons, n.Paths, n.Boxes, n.Nodes, n.Texts, n.Total())
		}
		for i, l := range s.Layers {
			row(names[i], l.ShapeCount)
		}
		row("all", s.Totals)
		if err := tw.Flush(); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	switch n := len(s.Warnings); {
	case n == 0:
		field("warnings", "none")
	default:
		field("warnings", "%d", n)
		shown := s.Warnings
		if !all && n > listLimit {
			shown = shown[:listLimit]
		}
		for _, msg := range shown {
			fmt.Fprintf(&b, "  %s\n", msg)
		}
		if len(shown) < n {
			fmt.Fprintf(&b, "  ... and %d more (--verbose or --json lists all)\n", n-len(shown))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// list joins names, abbreviated after listLimit unless all.
func list(names []string, all bool) string {
	if len(names) == 0 {
		return "none"
	}
	if all || len(names) <= listLimit {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s, ... (%d in all; --verbose or --json lists all)", strings.Join(names[:listLimit], ", "), len(names))
}

// num formats a float for people: at most 12 significant digits, so that
// 6160 * 1e-3 prints as 6.16, not 6.160000000000001.
func num(v float64) string {
	return strconv.FormatFloat(v, 'g', 12, 64)
}
