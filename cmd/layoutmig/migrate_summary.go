package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/layoutmig/layoutmig/internal/flow"
)

// printMigration prints what a newcomer needs to judge a migration: what
// was migrated to what, one line per cell (status, violations, fixes, area
// before and after, nets), the rules with violations, the totals and where
// the output and the report are.
func printMigration(w io.Writer, res *flow.Result, report string) {
	m := res.Migration
	fmt.Fprintf(w, "%s -> %s: %s to %s by recipe %s (scale %s; steps %s)\n", res.Input, res.Output,
		m.Source, m.Target, res.Recipe, m.Scale, strings.Join(res.Steps, ", "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  cell\tstatus\tviolations\tfixes\tarea µm² before -> after\tnets")
	unchecked := false
	var details []string
	for _, c := range res.Cells {
		viol, status := fmt.Sprint(c.Violations), c.Status
		if !c.Checked {
			viol, status = "-", "in top"
			unchecked = true
		}
		if c.Failed() {
			status = "FAILED"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", c.Cell, status, viol, fixes(c.Fixes), area(c.AreaBefore, c.AreaAfter), nets(&c))
		switch {
		case c.NetsOK != nil && !*c.NetsOK:
			details = append(details, fmt.Sprintf("%s: connectivity: %s", c.Cell, c.Nets))
		case c.Error != "":
			details = append(details, fmt.Sprintf("%s: %s", c.Cell, c.Error))
		}
	}
	tw.Flush()
	if unchecked {
		fmt.Fprintln(w, "  (\"in top\": the cell is checked as part of the top cells that place it)")
	}
	for _, d := range details {
		fmt.Fprintf(w, "  %s\n", d)
	}

	rep := res.DRC
	what := fmt.Sprintf("%d top cells", len(res.Checked))
	if len(res.Checked) == 1 {
		what = "top cell " + res.Checked[0]
	}
	var broken []string
	for _, r := range rep.Rules {
		if r.Count > 0 {
			broken = append(broken, r.ID)
		}
	}
	fmt.Fprintf(w, "DRC of %s (%d rules) on %s: ", rep.Tech, len(rep.Rules), what)
	if rep.Total == 0 {
		fmt.Fprintln(w, "clean")
	} else {
		fmt.Fprintf(w, "%d violations of %d rules\n", rep.Total, len(broken))
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  rule\tcount\tdescription")
		for _, r := range rep.Rules {
			if r.Count > 0 {
				fmt.Fprintf(tw, "  %s\t%d\t%s\n", r.ID, r.Count, r.Description)
			}
		}
		tw.Flush()
	}
	fmt.Fprintln(w, verdict(res))
	fmt.Fprintf(w, "wrote %s", res.Output)
	if report != "" {
		fmt.Fprintf(w, "; report %s", report)
	}
	fmt.Fprintln(w)
	if rep.Total > 0 && strings.EqualFold(filepath.Ext(report), ".json") {
		for _, c := range res.Cells {
			if c.Violations > 0 {
				fmt.Fprintf(w, "to see the violations of %s: layoutmig render %s --cell %s --markers %s -o %s.png\n",
					c.Cell, res.Output, c.Cell, report, strings.ToLower(c.Cell))
				break
			}
		}
	}
}

// fixes prints the fixes of a cell: their number and the kinds, most
// frequent first ("-" for none).
func fixes(by map[string]int) string {
	total := 0
	kinds := make([]string, 0, len(by))
	for k, n := range by {
		total += n
		kinds = append(kinds, k)
	}
	if total == 0 {
		return "-"
	}
	sort.Slice(kinds, func(i, j int) bool {
		if by[kinds[i]] != by[kinds[j]] {
			return by[kinds[i]] > by[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, by[k])
	}
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, ", "))
}

// area prints the area before and after and their ratio.
func area(before, after float64) string {
	if before <= 0 {
		return fmt.Sprintf("%.3f -> %.3f", before, after)
	}
	return fmt.Sprintf("%.3f -> %.3f (x%.2f)", before, after, after/before)
}

// nets prints the connectivity check of a cell: "ok" and the number of
// nets, "FAILED", or "-" when the cell was not checked.
func nets(c *flow.CellResult) string {
	switch {
	case c.NetsOK == nil:
		return "-"
	case !*c.NetsOK:
		return "FAILED"
	case c.Nets != nil:
		return fmt.Sprintf("ok (%d)", c.Nets.Nets)
	}
	return "ok"
}
