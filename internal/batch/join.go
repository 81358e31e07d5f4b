package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Join joins the outputs of shard runs (folders written by Run) into out:
// every cell's GDS output and report are copied, and the summaries are
// joined into one, so that out holds what one run over all the cells would
// have written (times aside). The folders must come from one setup (same
// tool, version and job); when they are shards I/N, all N must be there,
// once each. A cell in two folders is an error.
func Join(dirs []string, out string) (*Summary, error) {
	if len(dirs) == 0 {
		return nil, errors.New("join: no folders")
	}
	var sums []*Summary
	for _, d := range dirs {
		s, err := ReadSummary(d)
		if err != nil {
			return nil, fmt.Errorf("join: %w", err)
		}
		sums = append(sums, s)
	}
	if err := checkShards(dirs, sums); err != nil {
		return nil, err
	}
	for _, d := range []string{CellsDir, ReportsDir} {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			return nil, fmt.Errorf("join: output folder: %w", err)
		}
	}
	joined := &Summary{Tool: sums[0].Tool, Version: sums[0].Version, Job: sums[0].Job}
	from := map[string]string{}
	for i, s := range sums {
		for _, r := range s.Rows {
			if d, ok := from[r.Cell]; ok {
				return nil, fmt.Errorf("join: cell %s is in both %s and %s", r.Cell, d, dirs[i])
			}
			from[r.Cell] = dirs[i]
			if err := copyOutputs(dirs[i], out, r.Cell); err != nil {
				return nil, fmt.Errorf("join: %w", err)
			}
			joined.Rows = append(joined.Rows, r)
		}
		joined.Elapsed += s.Elapsed
	}
	joined.count()
	if err := joined.WriteFiles(out); err != nil {
		return nil, fmt.Errorf("join: %w", err)
	}
	return joined, nil
}

// checkShards checks that the summaries come from one setup and, if they
// are shards, that each of the N is there once.
func checkShards(dirs []string, sums []*Summary) error {
	first := sums[0]
	var n int
	seen := map[int]string{}
	for i, s := range sums {
		if s.Tool != first.Tool || s.Version != first.Version || s.Job != first.Job {
			return fmt.Errorf("join: %s is from %s %s (%s), %s from %s %s (%s)", dirs[i], s.Tool, s.Version, s.Job,
				dirs[0], first.Tool, first.Version, first.Job)
		}
		if s.Shard == "" {
			continue
		}
		sh, err := ParseShard(s.Shard)
		if err != nil {
			return fmt.Errorf("join: %s: %w", dirs[i], err)
		}
		if n != 0 && sh.Count != n {
			return fmt.Errorf("join: %s is shard %s, another folder a shard of %d", dirs[i], s.Shard, n)
		}
		n = sh.Count
		if d, ok := seen[sh.Index]; ok {
			return fmt.Errorf("join: shard %s is in both %s and %s", s.Shard, d, dirs[i])
		}
		seen[sh.Index] = dirs[i]
	}
	for k := 0; k < n; k++ {
		if _, ok := seen[k]; !ok {
			return fmt.Errorf("join: shard %d/%d is missing", k, n)
		}
	}
	return nil
}

// copyOutputs copies a cell's GDS output (if any) and its report from src
// to dst, atomically.
func copyOutputs(src, dst, cell string) error {
	pairs := [][2]string{{cellPath(src, cell), cellPath(dst, cell)}, {reportPath(src, cell), reportPath(dst, cell)}}
	for i, p := range pairs {
		a, _ := filepath.Abs(p[0])
		b, _ := filepath.Abs(p[1])
		if a == b {
			continue
		}
		data, err := os.ReadFile(p[0])
		if err != nil {
			if i == 0 && errors.Is(err, fs.ErrNotExist) {
				if err := os.Remove(p[1]); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				continue
			}
			return err
		}
		if err := writeBytes(p[1], data); err != nil {
			return err
		}
	}
	return nil
}
