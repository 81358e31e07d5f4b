package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/flow"
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

func newMigrateCmd(o *options) *cobra.Command {
	var recipe, output, report, top string
	var dropUnmapped bool
	var threads int
	cmd := &cobra.Command{
		Use:   "migrate IN --recipe R -o OUT",
		Short: "Migrate a layout to another technology by a recipe, then check it",
		Long: `migrate maps the layers of IN to the target technology of recipe R, scales
every cell by the recipe's factor, snaps it to the target manufacturing grid
(touching edges stay touching), lands each cell outline on the target
placement grid, applies the recipe's rule-driven transforms and writes OUT
(atomically, deterministically). Hierarchy and arrays are kept: every cell
is transformed once. Then it checks the result:

  - connectivity: the nets of every cell (of --top only, when given), found
    through the target's contacts and vias and named by their labels, must
    be the nets of the source cell;
  - DRC: the whole rule deck of the target technology runs on every top cell
    of the result (a cell library file usually has one top cell per
    standard cell), or on --top.

R is an embedded recipe (` + "`gf180mcu-to-sky130`, `gf180mcu-to-ihp-sg13g2`" + `) or a
recipe YAML file. Transforms the recipe asks for that are not implemented
yet are an error, never skipped. Input layers the recipe does not map are an
error that lists them; --drop-unmapped drops them instead.

A table per cell is printed: status (clean, violations, or FAILED when its
connectivity is broken), violations, fixes applied, area before and after,
nets. --report writes the report, in the format its extension names:
  .json   the DRC report of the target (as drc writes it) followed by the
          migration: recipe, steps, and per cell the statistics (shapes,
          fixes by kind, edge moves, area before and after, outline, nets)
          and the check (violations by rule, status)
  .lyrdb  the DRC report as a KLayout marker database (open it over OUT)
  .txt    the DRC report's summary table

Exit status: 0 every cell clean, 2 migrated with violations left or a cell
whose connectivity failed (OUT is still written; the table and the report
name the cells), 1 error.`,
		Example: `  # the embedded demo cells, to sky130, with a report
  layoutmig migrate @demo --recipe gf180mcu-to-sky130 -o demo_sky130.gds --report demo_sky130.json

  # one gf180mcu cell to IHP SG13G2, markers for KLayout
  layoutmig migrate inv_1.gds --recipe gf180mcu-to-ihp-sg13g2 -o inv_1_ihp.gds --report inv_1_ihp.lyrdb

  # one top cell of a larger file, two threads for the check
  layoutmig migrate lib.gds --recipe my-recipe.yaml -o out.gds --top TOP --threads 2`,
		Args: wantArgs("IN"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			start := time.Now()
			in := args[0]
			switch {
			case recipe == "":
				return errors.New("migrate: --recipe is required (embedded: " + strings.Join(techfiles.RecipeNames(), ", ") + ")")
			case output == "":
				return errors.New("migrate: -o OUT is required")
			case output == demoInput:
				return errors.New("migrate: @demo can be read, not written")
			case threads < 0:
				return fmt.Errorf("migrate: --threads %d: must be at least 1", threads)
			}
			if report != "" {
				if err := checkReportExt(report); err != nil {
					return fmt.Errorf("migrate: %w", err)
				}
			}
			r, src, tgt, err := techfiles.LoadMigration(recipe)
			if err != nil {
				return err
			}
			if threads > 0 {
				prev := runtime.GOMAXPROCS(threads)
				defer runtime.GOMAXPROCS(prev)
			}
			lib, err := o.load(in)
			if err != nil {
				return err
			}
			for _, w := range lib.Warnings {
				o.warn(w)
			}
			for _, c := range lib.TopCells() {
				raiseMemoryLimit(in, lib, c)
			}
			opt := flow.Options{Recipe: r, Source: src, Target: tgt, DropUnmapped: dropUnmapped, Top: top,
				Threads: threads, Version: versionString(), Output: output, Log: o.logf}
			if o.verbose {
				opt.CheckLog = o.logf
			}
			opt.Progress = o.checkProgress()
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := flow.Migrate(ctx, lib, in, opt)
			if err != nil {
				return err
			}
			if err := gds.WriteFile(output, res.Library); err != nil {
				return err
			}
			res.DRC.Elapsed = time.Since(start)
			if report != "" {
				if err := res.WriteReport(report); err != nil {
					return err
				}
			}
			printMigration(o.stdout, res, report)
			o.logf("migrated and checked %s in %s (migration %s, check %s)", in, elapsed(start),
				res.MigrateTime.Round(time.Millisecond), res.CheckTime.Round(time.Millisecond))
			if res.ExitStatus() != 0 {
				return &exitError{status: 2, msg: "migrate: " + verdict(res)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&recipe, "recipe", "", "recipe: an embedded name or a YAML file")
	f.StringVarP(&output, "output", "o", "", "output GDSII file")
	f.StringVar(&report, "report", "", "write the report to this file (.json, .lyrdb or .txt)")
	f.StringVar(&top, "top", "", "migrate and check this cell and the cells under it only")
	f.IntVar(&threads, "threads", 0, "rules and tiles checked at once (default: one per core)")
	f.BoolVar(&dropUnmapped, "drop-unmapped", false, "drop input layers the recipe does not map (default: error)")
	return cmd
}

// verdict is the one-line outcome of a run.
func verdict(res *flow.Result) string {
	n := res.Counts()
	s := fmt.Sprintf("%d cells: %d clean, %d with violations, %d failed", n.Cells, n.Clean, n.Violations, n.Failed)
	if n.Below > 0 {
		s = fmt.Sprintf("%d cells: %d top cells checked (%d clean, %d with violations), %d cells in them with their nets kept, %d failed",
			n.Cells, n.Clean+n.Violations, n.Clean, n.Violations, n.Below, n.Failed)
	}
	if res.DRC.Total > 0 {
		s += fmt.Sprintf("; %d violations of %s left", res.DRC.Total, res.DRC.Tech)
	}
	if f := res.Failed(); len(f) > 0 {
		s += fmt.Sprintf("; failed: %s", strings.Join(trimList(f), ", "))
	}
	return s
}

// trimList cuts a long list of names short.
func trimList(names []string) []string {
	if len(names) <= listLimit {
		return names
	}
	return append(names[:listLimit:listLimit], fmt.Sprintf("... (%d in all)", len(names)))
}

// checkProgress draws a bar of the top cells checked when stderr is a
// terminal and there are several (nothing with --quiet or off a terminal,
// where --verbose logs each cell instead).
func (o *options) checkProgress() func(done, total int, cell string) {
	f, ok := o.stderr.(*os.File)
	if o.quiet || o.verbose || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int, cell string) {
		switch {
		case done == 0 && total > 1:
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(o.stderr),
				progressbar.OptionSetDescription("check"), progressbar.OptionShowCount(),
				progressbar.OptionSetWidth(30), progressbar.OptionClearOnFinish())
		case bar != nil:
			_ = bar.Add(1)
			if done == total {
				_ = bar.Finish()
			}
		}
	}
}
