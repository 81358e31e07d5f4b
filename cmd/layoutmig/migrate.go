package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/atomicfile"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/shrink"
	"github.com/layoutmig/layoutmig/techfiles"
)

// exitError ends a command with a status other than 1 once the command has
// printed its results (2: migrated, with cells that failed a check).
type exitError struct {
	status int
	msg    string
}

func (e *exitError) Error() string { return e.msg }

// exitStatus returns the status of an exitError and prints its message.
func exitStatus(err error, stderr io.Writer) (int, bool) {
	var e *exitError
	if !errors.As(err, &e) {
		return 0, false
	}
	fmt.Fprintf(stderr, "layoutmig: %s\n", e.msg)
	return e.status, true
}

// migrateReport is the JSON report of migrate (--report). Fields: the tool
// and version; input and output files; the recipe, its source and target
// ("tech") technologies and scale; the top cell when --top was given; the
// run time; the steps applied in order; per cell (library order) the
// statistics of shrink.CellStats: shapes before and after, polygons that
// collapsed when snapped, outline boxes and areas in µm and µm², width in
// sites, snapping displacement (max and mean, µm), how far the outline
// moved, and the connectivity result (nets: counts, shorts, opens, lost
// labels, split and joined nets, vanished polygons; nets_ok); then the
// cells that failed and the number migrated.
type migrateReport struct {
	Tool     string             `json:"tool"`
	Version  string             `json:"version"`
	Input    string             `json:"input"`
	Output   string             `json:"output"`
	Recipe   string             `json:"recipe"`
	Source   string             `json:"source"`
	Tech     string             `json:"tech"`
	Scale    string             `json:"scale"`
	Top      string             `json:"top,omitempty"`
	Elapsed  float64            `json:"elapsed_s"`
	Steps    []string           `json:"steps"`
	Cells    []shrink.CellStats `json:"cells"`
	Failed   []string           `json:"failed"`
	Migrated int                `json:"migrated"`
}

func newMigrateCmd(o *options) *cobra.Command {
	var recipe, output, report, top string
	var dropUnmapped bool
	cmd := &cobra.Command{
		Use:   "migrate IN --recipe R -o OUT",
		Short: "Migrate a layout to another technology by a recipe",
		Long: `migrate maps the layers of IN to the target technology of recipe R, scales
every cell by the recipe's factor, snaps it to the target manufacturing grid
(touching edges stay touching), lands each cell outline on the target
placement grid and writes OUT (atomically, deterministically). Hierarchy and
arrays are kept: every cell is transformed once.

R is an embedded recipe (` + "`gf180mcu-to-sky130`, `gf180mcu-to-ihp-sg13g2`" + `) or a
recipe YAML file. Transforms the recipe asks for that are not implemented
yet (bias, cuts, legalize) are an error, never skipped. Input layers the
recipe does not map are an error that lists them; --drop-unmapped drops
them instead.

The connectivity of every cell (or of --top only) is checked: the nets of
the migrated cell, found through the target's contacts and vias and named
by their labels, must be the nets of the source cell. A summary per cell is
printed; --report writes it as JSON with the statistics (shapes, area
before and after, snapping displacement, outline, nets).

Exit status: 0 every cell keeps its nets, 2 some cell failed the
connectivity check (OUT is still written; the report names the cells), 1
error.`,
		Example: `  # migrate one gf180mcu cell to sky130 rows
  layoutmig migrate inv_1.gds --recipe gf180mcu-to-sky130 -o inv_1_sky130.gds

  # with a JSON report, one top cell
  layoutmig migrate lib.gds --recipe gf180mcu-to-ihp-sg13g2 -o out.gds --report out.json --top TOP`,
		Args: wantArgs("IN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			start := time.Now()
			in := args[0]
			if recipe == "" {
				return errors.New("migrate: --recipe is required")
			}
			if output == "" {
				return errors.New("migrate: -o OUT is required")
			}
			if output == demoInput {
				return errors.New("migrate: @demo can be read, not written")
			}
			r, src, tgt, err := techfiles.LoadMigration(recipe)
			if err != nil {
				return err
			}
			lib, err := o.load(in)
			if err != nil {
				return err
			}
			for _, w := range lib.Warnings {
				o.warn(w)
			}
			if top != "" {
				if lib, err = subLibrary(lib, top); err != nil {
					return err
				}
			}
			m, err := shrink.New(r, src, tgt, shrink.Options{DropUnmapped: dropUnmapped, CheckNets: true, Top: top})
			if err != nil {
				return err
			}
			out, res, err := m.Migrate(lib)
			if err != nil {
				return fmt.Errorf("migrate %s: %w", in, err)
			}
			if err := gds.WriteFile(output, out); err != nil {
				return err
			}
			rep := migrateReport{Tool: "layoutmig", Version: versionString(), Input: in, Output: output,
				Recipe: r.Name, Source: res.Source, Tech: res.Target, Scale: res.Scale, Top: top,
				Cells: res.Cells, Failed: res.Failed(), Migrated: len(res.Cells)}
			if rep.Failed == nil {
				rep.Failed = []string{}
			}
			for _, t := range r.Transforms {
				rep.Steps = append(rep.Steps, string(t.Kind))
			}
			printMigration(o.stdout, &rep)
			rep.Elapsed = time.Since(start).Seconds()
			if report != "" {
				data, err := json.MarshalIndent(&rep, "", "  ")
				if err != nil {
					return err
				}
				err = atomicfile.Write(report, atomicfile.Options{}, func(w io.Writer) error {
					_, err := w.Write(append(data, '\n'))
					return err
				})
				if err != nil {
					return err
				}
			}
			o.logf("migrated %s to %s in %s", in, output, elapsed(start))
			if n := len(rep.Failed); n > 0 {
				return &exitError{status: 2, msg: fmt.Sprintf("migrate: %d of %d cells failed the connectivity check: %v", n, len(res.Cells), rep.Failed)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&recipe, "recipe", "", "recipe: an embedded name or a YAML file")
	f.StringVarP(&output, "output", "o", "", "output GDSII file")
	f.StringVar(&report, "report", "", "write the JSON report to this file")
	f.StringVar(&top, "top", "", "migrate this cell and the cells under it only")
	f.BoolVar(&dropUnmapped, "drop-unmapped", false, "drop input layers the recipe does not map (default: error)")
	return cmd
}

// subLibrary returns a library with top and the cells it uses, in library
// order (the cells themselves are shared, not copied).
func subLibrary(lib *layout.Library, top string) (*layout.Library, error) {
	c := lib.Cell(top)
	if c == nil {
		return nil, fmt.Errorf("migrate: no cell %q in the input", top)
	}
	keep := map[*layout.Cell]bool{}
	var walk func(c *layout.Cell)
	walk = func(c *layout.Cell) {
		if keep[c] {
			return
		}
		keep[c] = true
		for i := range c.Refs {
			walk(c.Refs[i].Cell)
		}
	}
	walk(c)
	out := layout.NewLibrary(lib.Name)
	out.Version, out.Modified, out.Accessed = lib.Version, lib.Modified, lib.Accessed
	out.UserUnit, out.MetersPerDBU, out.UnitsRaw = lib.UserUnit, lib.MetersPerDBU, lib.UnitsRaw
	for _, x := range lib.Cells {
		if keep[x] {
			out.AddCell(x)
		}
	}
	return out, nil
}

// printMigration prints one line per cell and a total.
func printMigration(w io.Writer, rep *migrateReport) {
	fmt.Fprintf(w, "%s -> %s (%s, scale %s)\n", rep.Source, rep.Tech, rep.Recipe, rep.Scale)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "cell\tshapes\tarea µm²\tsites\tmax snap µm\tnets\t")
	var details []string
	for _, c := range rep.Cells {
		nets := "-"
		if c.NetsOK != nil {
			nets = "ok"
			if !*c.NetsOK {
				nets = "FAILED"
				details = append(details, c.Cell+": "+c.Nets.String())
			}
		}
		sites := "-"
		if c.OutlineAfter != nil {
			sites = fmt.Sprint(c.Sites)
		}
		fmt.Fprintf(tw, "%s\t%d -> %d\t%.3f -> %.3f\t%s\t%.4f\t%s\t\n", c.Cell, c.ShapesBefore, c.ShapesAfter,
			c.AreaBefore, c.AreaAfter, sites, c.MaxSnap, nets)
	}
	tw.Flush()
	for _, d := range details {
		fmt.Fprintf(w, "connectivity: %s\n", d)
	}
	fmt.Fprintf(w, "%d cells migrated, %d failed the connectivity check\n", len(rep.Cells), len(rep.Failed))
}
