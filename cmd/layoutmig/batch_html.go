package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/internal/batch"
	"github.com/layoutmig/layoutmig/internal/htmlreport"
	"github.com/layoutmig/layoutmig/techfiles"
)

// writeBatchHTML writes the static HTML page of a batch output folder into
// dir: per cell its row, the source and migrated pictures and the
// violations of its report. The recipe (the summary's job) gives the layer
// colours when it can be loaded here; otherwise palette colours are used.
func writeBatchHTML(ctx context.Context, o *options, sum *batch.Summary, out, dir string) error {
	page := htmlreport.Page{Title: "layoutmig batch: " + sum.Job, Recipe: sum.Job, Generated: time.Now().UTC()}
	_, src, tgt, err := techfiles.LoadMigration(sum.Job)
	if err != nil {
		o.warn(fmt.Sprintf("batch: --html: recipe %s not loaded (%v); layers in palette colours", sum.Job, err))
		src, tgt = nil, nil
	}
	for _, r := range sum.Rows {
		name := r.Cell
		if r.Top != "" {
			name = r.Top
		}
		c := htmlreport.Cell{Name: name, Status: r.Status, Violations: r.Violations, Fixes: r.Fixes,
			AreaRatio: r.AreaRatio, Seconds: r.Elapsed, SourceTech: src, TargetTech: tgt, Error: r.Error}
		if r.Error == "" || r.Status != batch.StatusFailed {
			c.SourceGDS = r.Input
		}
		migrated := filepath.Join(out, batch.CellsDir, r.Cell+".gds")
		if _, err := os.Stat(migrated); err == nil {
			c.MigratedGDS = migrated
		}
		if rep, err := batch.ReadCellReport(out, r.Cell); err == nil && len(rep.Detail) > 0 {
			var d cellDetail
			if err := json.Unmarshal(rep.Detail, &d); err == nil && len(d.DRC) > 0 {
				if c.Report, err = drc.ReadJSON(bytes.NewReader(d.DRC)); err != nil {
					return fmt.Errorf("batch: --html: cell %s: %w", r.Cell, err)
				}
			}
		}
		page.Cells = append(page.Cells, c)
	}
	if err := htmlreport.Write(ctx, dir, page); err != nil {
		return fmt.Errorf("batch: --html %s: %w", dir, err)
	}
	o.logf("batch: wrote the HTML page %s", filepath.Join(dir, "index.html"))
	return nil
}
