package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/techfiles"
)

func newDRCCmd(o *options) *cobra.Command {
	var techName, top, reportPath, baseline string
	var ruleIDs []string
	var threads int
	var flat bool
	cmd := &cobra.Command{
		Use:   "drc FILE --tech T",
		Short: "Check a layout against the design rules of a technology",
		Long: `drc checks the top cell of FILE (and everything placed under it)
against the rule deck of technology T: an embedded technology (` + "`layoutmig tech list`" + `)
or a technology YAML file. The checks are those of the KLayout deck that
` + "`layoutmig tech export-klayout T`" + ` writes, and find the same violations, marker for
marker.

A summary of the rules with violations is printed; --verbose adds every rule
with its time and the memory in use, on stderr. --report writes the whole
report, in the format its extension names:
  .json   the stable JSON report (see the README): rules with counts and
          times, every violation with its rule, cell, kind and µm coordinates
  .lyrdb  a KLayout marker database (open it in KLayout's marker browser)
  .txt    the summary table: rule, count, time, description

--rules runs only the rules listed (comma-separated ids, or the flag given
several times). --baseline OLD.json counts only the violations that the
earlier JSON report OLD does not have (same rule, cell and coordinates): a
CI gate that fails on new violations only. --threads sets how many rules and
tiles are checked at once (default: one per core). The check is
hierarchical where that pays: a cell placed where nothing else comes near
it is checked once and its violations are reported at each such
placement; the report is the same as a flat check's. --flat checks
everything flat (for comparisons).

Exit status: 0 clean, 2 violations (new ones, with --baseline), 1 error.`,
		Example: `  # check a cell library against sky130, with a KLayout marker database
  layoutmig drc cells.gds --tech sky130 --report cells.lyrdb

  # a few rules only, one top cell
  layoutmig drc chip.gds --tech gf180mcu --top TOP --rules M1.1,M1.2a

  # fail CI only on violations that the last accepted run did not have
  layoutmig drc chip.gds --tech ihp-sg13g2 --report new.json --baseline accepted.json

  # the embedded demo layout
  layoutmig drc @demo --tech gf180mcu --top BUF_X8`,
		Args: wantArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			start := time.Now()
			if techName == "" {
				return errors.New("drc: --tech is required (see `layoutmig tech list`)")
			}
			if threads < 0 {
				return fmt.Errorf("drc: --threads %d: must be at least 1", threads)
			}
			if reportPath != "" {
				if err := checkReportExt(reportPath); err != nil {
					return err
				}
			}
			tech, err := techfiles.Load(techName)
			if err != nil {
				return err
			}
			if err := drc.Validate(tech); err != nil {
				return err
			}
			var base *drc.Report
			if baseline != "" {
				if base, err = drc.ReadFile(baseline); err != nil {
					return err
				}
			}
			if threads > 0 {
				prev := runtime.GOMAXPROCS(threads)
				defer runtime.GOMAXPROCS(prev)
			}
			lib, err := o.load(args[0])
			if err != nil {
				return err
			}
			for _, w := range lib.Warnings {
				o.warn(w)
			}
			cell, err := topCell(lib, top)
			if err != nil {
				return err
			}
			raiseMemoryLimit(args[0], lib, cell)
			var ids []string
			for _, s := range ruleIDs {
				for _, id := range strings.Split(s, ",") {
					if id = strings.TrimSpace(id); id != "" {
						ids = append(ids, id)
					}
				}
			}
			opt := drc.Options{Rules: ids, Threads: threads, Input: args[0], Version: versionString(), Flat: flat}
			if o.verbose {
				opt.Log = func(format string, a ...any) { o.logf(format, a...) }
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			rep, err := drc.Run(ctx, lib, cell, tech, opt)
			lib = nil
			if err != nil {
				return err
			}
			if base != nil {
				n := rep.SubtractBaseline(base)
				o.logf("baseline %s: %d of its %d violations found again, not counted", baseline, n, base.Total)
			}
			rep.Elapsed = time.Since(start)
			if reportPath != "" {
				if err := drc.WriteFile(reportPath, rep); err != nil {
					return err
				}
			}
			printDRC(o.stdout, rep, base != nil)
			if o.verbose {
				o.logf("done in %s; peak memory %d MB", elapsed(start), peakRSS()>>20)
			}
			if rep.Total > 0 {
				what := "violations"
				if base != nil {
					what = "new violations"
				}
				return &exitError{status: 2, msg: fmt.Sprintf("drc: %d %s", rep.Total, what)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&techName, "tech", "", "technology: an embedded name or a YAML file")
	f.StringVar(&top, "top", "", "check this cell (default: the only top cell)")
	f.StringSliceVar(&ruleIDs, "rules", nil, "check only these rules (comma-separated ids)")
	f.StringVar(&reportPath, "report", "", "write the report to this file (.json, .lyrdb or .txt)")
	f.IntVar(&threads, "threads", 0, "rules and tiles checked at once (default: one per core)")
	f.BoolVar(&flat, "flat", false, "check everything flat (no hierarchical checking; same report, for comparisons)")
	f.StringVar(&baseline, "baseline", "", "count only violations this earlier JSON report does not have")
	return cmd
}

// checkReportExt rejects a report path whose format is unknown before any
// work is done.
func checkReportExt(path string) error {
	for _, ext := range []string{".json", ".lyrdb", ".txt"} {
		if strings.HasSuffix(strings.ToLower(path), ext) {
			return nil
		}
	}
	return fmt.Errorf("drc: --report %s: the extension must be .json, .lyrdb or .txt", path)
}

// topCell returns the cell named name, or the library's only top cell.
func topCell(lib *layout.Library, name string) (*layout.Cell, error) {
	if name != "" {
		c := lib.Cell(name)
		if c == nil {
			return nil, fmt.Errorf("drc: no cell %q in the input", name)
		}
		return c, nil
	}
	tops := lib.TopCells()
	switch len(tops) {
	case 0:
		return nil, errors.New("drc: the input has no top cell")
	case 1:
		return tops[0], nil
	}
	names := make([]string, len(tops))
	for i, c := range tops {
		names[i] = c.Name
	}
	sort.Strings(names)
	if len(names) > listLimit {
		names = append(names[:listLimit], fmt.Sprintf("... (%d in all)", len(tops)))
	}
	return nil, fmt.Errorf("drc: the input has %d top cells (%s); choose one with --top", len(tops), strings.Join(names, ", "))
}

// printDRC prints the summary: what was checked, the rules with
// violations, the total.
func printDRC(w io.Writer, rep *drc.Report, withBaseline bool) {
	fmt.Fprintf(w, "%s: %s, top cell %s, %d rules, %s\n", rep.Input, rep.Tech, rep.Top, len(rep.Rules), rep.Elapsed.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	any := false
	for _, r := range rep.Rules {
		if r.Count == 0 {
			continue
		}
		if !any {
			fmt.Fprintln(tw, "  rule\tcount\tdescription")
			any = true
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\n", r.ID, r.Count, r.Description)
	}
	tw.Flush()
	what := "violations"
	if withBaseline {
		what = "new violations"
	}
	if rep.Total == 0 {
		fmt.Fprintf(w, "clean: 0 %s\n", what)
		return
	}
	fmt.Fprintf(w, "%d %s\n", rep.Total, what)
}

// drcMemoryPerInputByte is the soft memory limit of drc per byte of GDS
// input: the merged layers, their check input and the checks' indexes come
// to about 1.5 times a flat file at their peak (the layout read is released
// once its layers are taken); the rest is room for the collector. A
// hierarchical file is measured by its flat shape count instead
// (drcMemoryPerFlatShape), whichever is more.
const (
	drcMemoryPerInputByte = 2.5
	drcMemoryPerFlatShape = 200
)

// raiseMemoryLimit raises the soft memory limit that load set for reading
// to what checking top needs, unless GOMEMLIMIT sets it.
func raiseMemoryLimit(input string, lib *layout.Library, top *layout.Cell) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := int64(512 << 20)
	if st, err := os.Stat(input); err == nil {
		limit = max(limit, int64(float64(st.Size())*drcMemoryPerInputByte))
	}
	if counts, err := lib.FlatCount(top); err == nil {
		var n int64
		for _, c := range counts {
			n += int64(c.Polygons + c.Paths + c.Boxes)
		}
		limit = max(limit, n*drcMemoryPerFlatShape)
	}
	if cur := debug.SetMemoryLimit(-1); limit > cur {
		debug.SetMemoryLimit(limit)
	}
}

// peakRSS is the process's peak resident memory in bytes, from
// /proc/self/status (0 where the system does not say).
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
