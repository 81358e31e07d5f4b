package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// Outcome is what Work did to one cell.
type Outcome struct {
	// Library is the migrated cell and the cells under it, written to
	// cells/<name>.gds (nil: nothing to write).
	Library *layout.Library
	// Status is StatusClean, StatusViolations or StatusFailed; Err says why
	// a cell failed.
	Status string
	Err    string
	// Violations left, fixes made by kind, area after over area before.
	Violations int
	Fixes      map[string]int
	AreaRatio  float64
	// Detail is stored in the cell's report under "detail" (JSON).
	Detail any
}

// Work migrates and checks one cell: it, read from its file as lib (the
// whole file; it.Cell names the top cell to work on). The cells of one file
// share lib, at the same time: Work must not change it. An error fails the
// cell, not the batch; so does a panic.
type Work func(ctx context.Context, it Item, lib *layout.Library) (*Outcome, error)

// Progress hears of each cell as it ends.
type Progress interface {
	// Start is called once with the number of cells to do.
	Start(total int)
	// Done is called once per cell (skipped: its outputs were up to date).
	Done(r Row, skipped bool)
	// Finish is called once at the end.
	Finish()
}

// Options set up Run.
type Options struct {
	// Out is the output folder (created if missing).
	Out string
	// Jobs is the number of cells worked on at once (0: one per core).
	Jobs int
	// Resume skips cells whose report in Out has the content key the cell
	// has now (same input bytes, same Key) and whose outputs exist.
	Resume bool
	// Key is everything besides the input that decides a cell's outputs:
	// the tool version, the recipe and technologies, the options. Callers
	// build it with ContentKey.
	Key string
	// Tool, Version and Job fill in the summary's and reports' headers.
	Tool, Version, Job string
	// Shard selects a share of the items (zero: all).
	Shard Shard
	// Work is what is done to each cell.
	Work Work
	// Progress, if not nil, hears of each cell.
	Progress Progress
}

// Stats count what Run did.
type Stats struct {
	// Computed cells ran Work; Skipped cells were up to date (resume).
	Computed, Skipped int
}

// Folders and extensions of the outputs.
const (
	CellsDir   = "cells"
	ReportsDir = "reports"
)

// CellReport is a cell's report, reports/<cell>.json: its summary row, the
// content key that resume compares and the work's detail.
type CellReport struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	Key     string `json:"key"`
	Row
	Detail json.RawMessage `json:"detail,omitempty"`
}

// ContentKey hashes the parts of a run's setup that decide its outputs
// (each part is JSON-encoded, so structs can be given as they are).
func ContentKey(parts ...any) (string, error) {
	h := sha256.New()
	for i, p := range parts {
		data, err := json.Marshal(p)
		if err != nil {
			return "", fmt.Errorf("content key, part %d: %w", i, err)
		}
		fmt.Fprintf(h, "%d:", len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// itemKey is the content key of one cell: the run's key, its file's bytes
// and its names.
func itemKey(runKey string, it Item) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s", runKey, it.FileHash, it.Cell, it.Name, it.Err)
	return hex.EncodeToString(h.Sum(nil))
}

// Run works on the shard's share of items (sorted by name), jobs at a time,
// writes each cell's outputs as it ends and the summary at the end. A cell
// that fails does not stop the others; an error writing outputs, or ctx
// ending, does (what was written stays valid: resume continues from it).
func Run(ctx context.Context, items []Item, opt Options) (*Summary, Stats, error) {
	start := time.Now()
	var st Stats
	if opt.Work == nil {
		return nil, st, errors.New("batch: no work function")
	}
	for _, d := range []string{CellsDir, ReportsDir} {
		if err := os.MkdirAll(filepath.Join(opt.Out, d), 0o755); err != nil {
			return nil, st, fmt.Errorf("output folder: %w", err)
		}
	}
	if opt.Resume {
		if err := removeStaleTemps(opt.Out); err != nil {
			return nil, st, err
		}
	}
	items = opt.Shard.Select(items)
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	if opt.Progress != nil {
		opt.Progress.Start(len(items))
		defer opt.Progress.Finish()
	}
	libs := newLibCache(items)
	rows := make([]Row, len(items))
	var computed, skipped atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(jobs)
	for i, it := range items {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			row, skip, err := runItem(gctx, it, &opt, libs)
			if err != nil {
				return err
			}
			rows[i] = row
			if skip {
				skipped.Add(1)
			} else {
				computed.Add(1)
			}
			if opt.Progress != nil {
				opt.Progress.Done(row, skip)
			}
			return nil
		})
	}
	err := g.Wait()
	st.Computed, st.Skipped = int(computed.Load()), int(skipped.Load())
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, st, err
	}
	s := &Summary{Tool: opt.Tool, Version: opt.Version, Job: opt.Job, Shard: opt.Shard.String(), Rows: rows}
	s.count()
	s.Elapsed = time.Since(start).Seconds()
	if err := s.WriteFiles(opt.Out); err != nil {
		return nil, st, err
	}
	return s, st, nil
}

// removeStaleTemps removes the temporary files that a run killed while
// writing an output left behind (atomicfile's ".<name>.tmp-*").
func removeStaleTemps(out string) error {
	for _, d := range []string{CellsDir, ReportsDir} {
		stale, err := filepath.Glob(filepath.Join(out, d, ".*.tmp-*"))
		if err != nil {
			return err
		}
		for _, f := range stale {
			if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("stale temporary file: %w", err)
			}
		}
	}
	return nil
}

// cellPath and reportPath are a cell's output files.
func cellPath(out, name string) string   { return filepath.Join(out, CellsDir, name+".gds") }
func reportPath(out, name string) string { return filepath.Join(out, ReportsDir, name+".json") }

// runItem does one cell, or finds it up to date. Its error ends the batch
// (ctx ended, outputs not writable); a failing cell is a row.
func runItem(ctx context.Context, it Item, opt *Options, libs *libCache) (Row, bool, error) {
	defer libs.done(it.File)
	key := itemKey(opt.Key, it)
	if opt.Resume {
		if row, ok := upToDate(opt.Out, it.Name, key); ok {
			return row, true, nil
		}
	}
	start := time.Now()
	row := Row{Cell: it.Name, Input: it.File}
	if it.Cell != it.Name {
		row.Top = it.Cell
	}
	out, err := work(ctx, it, opt.Work, libs)
	if err != nil && ctx.Err() != nil {
		return row, false, ctx.Err()
	}
	var detail json.RawMessage
	switch {
	case err != nil:
		row.Status, row.Error = StatusFailed, err.Error()
	default:
		row.Status, row.Error = out.Status, out.Err
		row.Violations, row.Fixes, row.AreaRatio = out.Violations, out.Fixes, out.AreaRatio
		for _, n := range out.Fixes {
			row.FixesTotal += n
		}
		if out.Detail != nil {
			if detail, err = json.Marshal(out.Detail); err != nil {
				return row, false, fmt.Errorf("cell %s: report: %w", it.Name, err)
			}
		}
	}
	if row.Status != StatusClean && row.Status != StatusViolations {
		row.Status = StatusFailed
	}
	gdsPath := cellPath(opt.Out, it.Name)
	if out != nil && out.Library != nil {
		if err := gds.WriteFile(gdsPath, out.Library); err != nil {
			return row, false, fmt.Errorf("cell %s: %w", it.Name, err)
		}
	} else if err := os.Remove(gdsPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return row, false, fmt.Errorf("cell %s: stale output: %w", it.Name, err)
	}
	row.Elapsed = time.Since(start).Seconds()
	rep := CellReport{Tool: opt.Tool, Version: opt.Version, Key: key, Row: row, Detail: detail}
	data, err := json.MarshalIndent(&rep, "", "  ")
	if err != nil {
		return row, false, fmt.Errorf("cell %s: report: %w", it.Name, err)
	}
	// The report goes last: its key marks the cell as done.
	if err := writeBytes(reportPath(opt.Out, it.Name), append(data, '\n')); err != nil {
		return row, false, fmt.Errorf("cell %s: %w", it.Name, err)
	}
	return row, false, nil
}

// work gets the cell's file and runs w on it; a panic in w is an error.
func work(ctx context.Context, it Item, w Work, libs *libCache) (out *Outcome, err error) {
	if it.Err != "" {
		return nil, errors.New(it.Err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lib, err := libs.get(it.File)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("%s: cell %s: internal error: %v", it.File, it.Cell, p)
		}
	}()
	out, err = w(ctx, it, lib)
	if err == nil && out == nil {
		err = fmt.Errorf("%s: cell %s: no outcome", it.File, it.Cell)
	}
	return out, err
}

// ReadCellReport reads a cell's report from an output folder.
func ReadCellReport(out, name string) (*CellReport, error) {
	p := reportPath(out, name)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var r CellReport
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &r, nil
}

// upToDate returns the stored row of a cell whose report has key and whose
// GDS output exists (failed cells have none).
func upToDate(out, name, key string) (Row, bool) {
	r, err := ReadCellReport(out, name)
	if err != nil || r.Key != key || r.Cell != name {
		return Row{}, false
	}
	if r.Status != StatusFailed {
		if _, err := os.Stat(cellPath(out, name)); err != nil {
			return Row{}, false
		}
	}
	return r.Row, true
}
