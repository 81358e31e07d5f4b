package flow

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/internal/atomicfile"
)

// WriteReport writes the report of the run in the format its extension
// names: .json (WriteJSON: the DRC report with the migration statistics of
// every cell), .lyrdb or .txt (the DRC report only, by the drc package's
// writers). The file is replaced atomically.
func (r *Result) WriteReport(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 1<<16)
			if err := r.WriteJSON(bw); err != nil {
				return err
			}
			return bw.Flush()
		})
	case ".lyrdb", ".txt":
		return drc.WriteFile(path, r.DRC)
	}
	return fmt.Errorf("report %s: unknown format %q (want .json, .lyrdb or .txt)", path, filepath.Ext(path))
}

// WriteJSON writes the JSON report: the DRC report of the target
// technology exactly as drc.Report.WriteJSON writes it ("tool", "version",
// "input", "tech", "top" — the checked cell, "" when several top cells
// were checked: each violation names its cell —,
// "elapsed_s", "rules", "violations", "total"; drc.ReadJSON reads it back,
// so it can serve as a baseline), followed by the migration: "checked"
// (the cells the DRC ran on), "output",
// "recipe", "source", "scale", "steps", "migrate_elapsed_s",
// "check_elapsed_s", "summary" (cells, clean, violations, failed),
// "failed" (names), "migrated" (number of cells) and "cells", one line per
// cell in library order (lengths and areas rounded to 1e-6 µm): the
// shrink.CellStats fields (shapes, areas and
// outlines before and after, sites, snapping displacement, fixes by kind,
// moved edges, nets and nets_ok), then "violations", "by_rule", "status",
// "drc_checked" and "error".
func (r *Result) WriteJSON(w io.Writer) error {
	var buf bytes.Buffer
	if err := r.DRC.WriteJSON(&buf); err != nil {
		return err
	}
	head, ok := bytes.CutSuffix(buf.Bytes(), []byte("\n}\n"))
	if !ok {
		return fmt.Errorf("report: the DRC report does not end as expected")
	}
	source, scale := "", ""
	if r.Migration != nil {
		source, scale = r.Migration.Source, r.Migration.Scale
	}
	steps, checked := r.Steps, r.Checked
	if steps == nil {
		steps = []string{}
	}
	if checked == nil {
		checked = []string{}
	}
	b := head
	for _, f := range []struct {
		name  string
		value any
	}{
		{"checked", checked}, {"output", r.Output}, {"recipe", r.Recipe}, {"source", source}, {"scale", scale}, {"steps", steps},
		{"migrate_elapsed_s", seconds(r.MigrateTime.Seconds())}, {"check_elapsed_s", seconds(r.CheckTime.Seconds())},
		{"summary", r.Counts()}, {"failed", r.Failed()}, {"migrated", len(r.Cells)},
	} {
		v, err := json.Marshal(f.value)
		if err != nil {
			return fmt.Errorf("report: %s: %w", f.name, err)
		}
		b = append(b, ",\n  \""...)
		b = append(b, f.name...)
		b = append(b, "\": "...)
		b = append(b, v...)
	}
	b = append(b, ",\n  \"cells\": ["...)
	for i := range r.Cells {
		if i > 0 {
			b = append(b, ',')
		}
		rc := rounded(r.Cells[i])
		c, err := json.Marshal(&rc)
		if err != nil {
			return fmt.Errorf("report: cell %s: %w", r.Cells[i].Cell, err)
		}
		b = append(b, "\n    "...)
		b = append(b, c...)
	}
	if len(r.Cells) > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "]\n}\n"...)
	_, err := w.Write(b)
	return err
}

// rounded returns c with its lengths and areas rounded to 1e-6 µm (µm²):
// finer than any database unit, and free of the binary noise of
// arithmetic on decimal fractions (6.5856, not 6.5855999999999995).
func rounded(c CellResult) CellResult {
	r := func(v float64) float64 { return math.Round(v*1e6) / 1e6 }
	box := func(b *[4]float64) *[4]float64 {
		if b == nil {
			return nil
		}
		return &[4]float64{r(b[0]), r(b[1]), r(b[2]), r(b[3])}
	}
	c.AreaBefore, c.AreaAfter = r(c.AreaBefore), r(c.AreaAfter)
	c.OutlineBefore, c.OutlineAfter = box(c.OutlineBefore), box(c.OutlineAfter)
	c.MaxSnap, c.MeanSnap, c.OutlineMove = r(c.MaxSnap), r(c.MeanSnap), r(c.OutlineMove)
	c.MaxMove, c.MeanMove = r(c.MaxMove), r(c.MeanMove)
	return c
}

// seconds rounds a time in seconds to microseconds.
func seconds(s float64) float64 { return math.Round(s*1e6) / 1e6 }
