package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/internal/batch"
	"github.com/layoutmig/layoutmig/internal/flow"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// cellDetail is the "detail" of a cell's report: the migration and check
// of the cell and of the cells under it.
type cellDetail struct {
	Recipe string            `json:"recipe"`
	Source string            `json:"source"`
	Tech   string            `json:"tech"`
	Scale  string            `json:"scale"`
	Steps  []string          `json:"steps"`
	Cells  []flow.CellResult `json:"cells"`
	DRC    json.RawMessage   `json:"drc"`
}

// migrateCell is the batch work: migrate one top cell by the recipe and
// check it. With --verbose the steps of each cell are logged, named by the
// cell.
func migrateCell(o *options, r *rules.Recipe, src, tgt *rules.Tech, f *batchFlags) batch.Work {
	return func(ctx context.Context, it batch.Item, lib *layout.Library) (*batch.Outcome, error) {
		opt := flow.Options{Recipe: r, Source: src, Target: tgt,
			DropUnmapped: f.dropUnmapped, Top: it.Cell, Threads: f.threads, Version: versionString()}
		if o.verbose {
			opt.Log = func(format string, args ...any) { o.logf("batch: %s: %s", it.Name, fmt.Sprintf(format, args...)) }
		}
		res, err := flow.Migrate(ctx, lib, it.File, opt)
		if err != nil {
			return nil, err
		}
		out := &batch.Outcome{Library: res.Library, Status: batch.StatusClean, Fixes: map[string]int{}}
		for _, c := range res.Cells {
			for k, n := range c.Fixes {
				out.Fixes[k] += n
			}
			switch {
			case c.Status == flow.StatusFailed:
				out.Status = batch.StatusFailed
				if out.Err == "" {
					out.Err = c.Cell + ": " + cellFailure(&c)
				}
			case c.Status == flow.StatusViolations && out.Status == batch.StatusClean:
				out.Status = batch.StatusViolations
			}
			if c.Cell == it.Cell && c.AreaBefore > 0 {
				out.AreaRatio = c.AreaAfter / c.AreaBefore
			}
		}
		out.Violations = res.DRC.Total
		if out.Violations > 0 && out.Status == batch.StatusClean {
			out.Status = batch.StatusViolations
		}
		drcJSON, err := reportJSON(res.DRC)
		if err != nil {
			return nil, err
		}
		d := &cellDetail{Recipe: r.Name, Source: res.Migration.Source, Tech: res.Migration.Target,
			Scale: res.Migration.Scale, Steps: res.Steps, Cells: res.Cells, DRC: drcJSON}
		out.Detail = d
		return out, nil
	}
}

// reportJSON is the DRC report in its stable JSON form.
func reportJSON(rep *drc.Report) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		return nil, err
	}
	return json.RawMessage(b.Bytes()), nil
}

// cellFailure says why a cell failed.
func cellFailure(c *flow.CellResult) string {
	if c.Error != "" {
		return c.Error
	}
	if c.Nets != nil {
		return "connectivity: " + c.Nets.String()
	}
	return "failed"
}
