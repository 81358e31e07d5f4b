package flow

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/shrink"
)

// Options of one migration run.
type Options struct {
	Recipe         *rules.Recipe
	Source, Target *rules.Tech
	DropUnmapped   bool
	Top            string // "" = every top cell
	Threads        int    // drc threads (0 = all cores)
	Version        string // tool version for reports
	// Log, if set, receives one progress line per step and per checked
	// top cell.
	Log func(format string, args ...any)
	// CheckLog, if set, receives the DRC's detailed progress (layers
	// prepared, time and memory of every rule).
	CheckLog func(format string, args ...any)
	// Output names the migrated layout in the report (a file name; the
	// caller writes it).
	Output string
	// Progress, if set, is called once before the checks (done 0) and
	// after each top cell's check, with the cell checked.
	Progress func(done, total int, cell string)
}

// The statuses of a cell.
const (
	StatusClean      = "clean"      // connectivity kept, no violation
	StatusViolations = "violations" // connectivity kept, violations left
	StatusFailed     = "failed"     // connectivity lost (here or below), or an error
)

// CellResult is one cell's migration statistics and its check.
type CellResult struct {
	shrink.CellStats
	Violations int            `json:"violations"`
	ByRule     map[string]int `json:"by_rule,omitempty"`
	Status     string         `json:"status"` // "clean", "violations", "failed" (connectivity or error)
	// Checked is true for the cells the DRC ran on (the top cells, or
	// --top); the other cells are checked as part of the top cells that
	// place them, and their Status comes from the connectivity check.
	Checked bool `json:"drc_checked"`
	// Error says why a cell failed other than by its connectivity (its
	// check could not run, or a cell below it failed).
	Error string `json:"error,omitempty"`
}

// Failed reports whether the cell's output must not be used.
func (c *CellResult) Failed() bool { return c.Status == StatusFailed }

// Result of Migrate.
type Result struct {
	Library   *layout.Library // the migrated library
	Migration *shrink.Result
	DRC       *drc.Report // the target technology's check (violations of every checked cell)
	// Checked names the cells the DRC ran on, in library order. DRC.Top
	// is the checked cell when there is one, "" when there are several
	// (each violation names its cell).
	Checked []string
	Cells   []CellResult

	// Input and Output name the layouts in the report; Recipe is the
	// recipe's name and Steps its transforms in order.
	Input, Output string
	Recipe        string
	Steps         []string
	// MigrateTime and CheckTime are the times of the two stages.
	MigrateTime, CheckTime time.Duration
}

// Counts are the numbers of cells by status. Clean and Violations count
// the checked (top) cells; Below counts the cells that were not checked
// alone and kept their connectivity; Failed counts every failed cell.
type Counts struct {
	Cells      int `json:"cells"`
	Clean      int `json:"clean"`
	Violations int `json:"violations"`
	Below      int `json:"below"`
	Failed     int `json:"failed"`
}

// Counts returns the numbers of cells by status.
func (r *Result) Counts() Counts {
	n := Counts{Cells: len(r.Cells)}
	for _, c := range r.Cells {
		switch {
		case c.Status == StatusFailed:
			n.Failed++
		case !c.Checked:
			n.Below++
		case c.Status == StatusClean:
			n.Clean++
		default:
			n.Violations++
		}
	}
	return n
}

// Failed returns the names of the failed cells, in library order.
func (r *Result) Failed() []string {
	out := []string{}
	for _, c := range r.Cells {
		if c.Failed() {
			out = append(out, c.Cell)
		}
	}
	return out
}

// ExitStatus is the command-line status of the run: 0 every cell clean, 2
// violations left or a cell failed.
func (r *Result) ExitStatus() int {
	if n := r.Counts(); n.Failed > 0 || n.Violations > 0 || r.DRC.Total > 0 {
		return 2
	}
	return 0
}

// Migrate migrates lib (named input in reports) by opt.Recipe, checks the
// connectivity of every cell (of opt.Top only, when set), then runs the
// whole rule deck of the target technology on every top cell of the
// migrated library (or on opt.Top with the cells under it) and joins the
// results per cell, in library order:
//
//   - a checked (top) cell gets the violations found in it (and in what it
//     places); its status is "failed" when its connectivity check failed,
//     when a cell it places failed, or when its check could not run;
//     otherwise "violations" or "clean";
//   - a cell below a top cell is not checked alone (its neighbourhood is
//     part of its rules); its status is "failed" when its connectivity
//     check failed or a cell it places failed, "clean" otherwise.
//
// The input is not changed. The result is deterministic (times aside).
// Errors are those of the migration (bad recipe, unmapped layers, a
// coordinate overflow) and of the deck; a check that fails on one top cell
// marks that cell failed instead.
func Migrate(ctx context.Context, lib *layout.Library, input string, opt Options) (*Result, error) {
	if opt.Recipe == nil || opt.Source == nil || opt.Target == nil {
		return nil, errors.New("flow: Recipe, Source and Target are required")
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			opt.Log(format, args...)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := drc.Validate(opt.Target); err != nil {
		return nil, fmt.Errorf("%s: target technology %s: %w", opt.Recipe.File, opt.Target.Name, err)
	}
	if opt.Top != "" {
		var err error
		if lib, err = SubLibrary(lib, opt.Top); err != nil {
			return nil, fmt.Errorf("%s: %w", input, err)
		}
	}
	m, err := shrink.New(opt.Recipe, opt.Source, opt.Target, shrink.Options{DropUnmapped: opt.DropUnmapped, CheckNets: true, Top: opt.Top})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	out, mres, err := m.Migrate(lib)
	if err != nil {
		return nil, fmt.Errorf("migrate %s: %w", input, err)
	}
	res := &Result{Library: out, Migration: mres, Input: input, Output: opt.Output, Recipe: opt.Recipe.Name,
		MigrateTime: time.Since(start)}
	for _, t := range opt.Recipe.Transforms {
		res.Steps = append(res.Steps, string(t.Kind))
	}
	logf("migrated %s: %d cells in %s", input, len(mres.Cells), res.MigrateTime.Round(time.Millisecond))

	var tops []*layout.Cell
	if opt.Top != "" {
		tops = []*layout.Cell{out.Cell(opt.Top)}
	} else {
		tops = out.TopCells()
	}
	start = time.Now()
	rep, checkErr, err := check(ctx, out, tops, input, opt, logf)
	if err != nil {
		return nil, err
	}
	res.DRC, res.CheckTime = rep, time.Since(start)
	checked := map[string]bool{}
	for _, c := range tops {
		checked[c.Name] = true
		res.Checked = append(res.Checked, c.Name)
	}
	res.Cells = cellResults(out, mres, rep, checked, checkErr)
	return res, nil
}

// check runs the deck on every top cell and joins the reports: rules in
// deck order with their counts and times summed, violations top by top.
// A check that fails on one cell is recorded in checkErr; a cancelled
// context is an error.
func check(ctx context.Context, lib *layout.Library, tops []*layout.Cell, input string, opt Options,
	logf func(string, ...any)) (*drc.Report, map[string]error, error) {
	joined := &drc.Report{Tool: "layoutmig", Version: opt.Version, Input: input, Tech: opt.Target.Name, DBU: lib.DBUMicrons()}
	checkErr := map[string]error{}
	index := map[string]int{}
	var names []string
	if opt.Progress != nil {
		opt.Progress(0, len(tops), "")
	}
	for i, top := range tops {
		names = append(names, top.Name)
		rep, err := drc.Run(ctx, lib, top, opt.Target, drc.Options{Threads: opt.Threads, Input: input, Version: opt.Version, Log: opt.CheckLog})
		if opt.Progress != nil {
			opt.Progress(i+1, len(tops), top.Name)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			checkErr[top.Name] = err
			logf("check %s (%d of %d): %v", top.Name, i+1, len(tops), err)
			continue
		}
		logf("checked %s (%d of %d): %d violations in %s", top.Name, i+1, len(tops), rep.Total, rep.Elapsed.Round(time.Millisecond))
		for _, rr := range rep.Rules {
			j, ok := index[rr.ID]
			if !ok {
				j = len(joined.Rules)
				index[rr.ID] = j
				joined.Rules = append(joined.Rules, drc.RuleResult{ID: rr.ID, Description: rr.Description})
			}
			joined.Rules[j].Count += rr.Count
			joined.Rules[j].Elapsed += rr.Elapsed
		}
		joined.Violations = append(joined.Violations, rep.Violations...)
		joined.Elapsed += rep.Elapsed
	}
	joined.Total = len(joined.Violations)
	if len(names) == 1 {
		joined.Top = names[0]
	}
	return joined, checkErr, nil
}

// cellResults joins the migration statistics and the check per cell.
func cellResults(out *layout.Library, mres *shrink.Result, rep *drc.Report, checked map[string]bool, checkErr map[string]error) []CellResult {
	byCell := map[string]map[string]int{}
	for _, v := range rep.Violations {
		m := byCell[v.Cell]
		if m == nil {
			m = map[string]int{}
			byCell[v.Cell] = m
		}
		m[v.Rule]++
	}
	// Cells fail bottom-up: a cell placing a failed cell fails too.
	failed := map[string]string{} // cell -> why
	for _, s := range mres.Cells {
		if s.NetsOK != nil && !*s.NetsOK {
			failed[s.Cell] = "connectivity"
		}
	}
	for n, err := range checkErr {
		failed[n] = "check: " + err.Error()
	}
	if order, err := out.BottomUp(); err == nil {
		for _, c := range order {
			if _, ok := failed[c.Name]; ok {
				continue
			}
			var below []string
			for i := range c.Refs {
				if _, ok := failed[c.Refs[i].Cell.Name]; ok {
					below = append(below, c.Refs[i].Cell.Name)
				}
			}
			if len(below) > 0 {
				sort.Strings(below)
				failed[c.Name] = "places failed cell " + below[0]
			}
		}
	}
	cells := make([]CellResult, len(mres.Cells))
	for i, s := range mres.Cells {
		cr := CellResult{CellStats: s, ByRule: byCell[s.Cell], Checked: checked[s.Cell]}
		for _, n := range cr.ByRule {
			cr.Violations += n
		}
		why, bad := failed[s.Cell]
		switch {
		case bad:
			cr.Status = StatusFailed
			if why != "connectivity" {
				cr.Error = why
			}
		case cr.Violations > 0:
			cr.Status = StatusViolations
		default:
			cr.Status = StatusClean
		}
		cells[i] = cr
	}
	return cells
}

// SubLibrary returns a library with top and the cells it places, in
// library order (the cells are shared, not copied).
func SubLibrary(lib *layout.Library, top string) (*layout.Library, error) {
	c := lib.Cell(top)
	if c == nil {
		return nil, fmt.Errorf("no cell %q in the input", top)
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
