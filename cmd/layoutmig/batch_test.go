package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/batch"
	"github.com/layoutmig/layoutmig/internal/shareddata"
)

// gfCells returns n cells of the gf180mcu 7-track library (every
// len/n-th, so they differ in kind).
func gfCells(t *testing.T, n int) []string {
	t.Helper()
	files := shareddata.LibraryFiles(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	if len(files) < n {
		t.Fatalf("%d library files, want at least %d", len(files), n)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = files[i*len(files)/n]
	}
	return out
}

// sameOutputs fails unless two batch output folders hold the same files
// with the same bytes (times aside).
func sameOutputs(t *testing.T, a, b string, skip ...string) {
	t.Helper()
	diffs, err := batch.CompareFolders(a, b, skip...)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Error(d)
	}
}

func TestBatchCommand(t *testing.T) {
	dir := t.TempDir()
	cells := gfCells(t, 6)
	broken := writeTruncatedDemo(t, dir)
	args := append(append([]string{"batch"}, cells...), broken, "--recipe", "gf180mcu-to-sky130", "--jobs", "2")
	out := filepath.Join(dir, "out")
	stdout, stderr, status := runCLI(t, append(args, "--out", out, "--merge-gds", filepath.Join(out, "all.gds"))...)
	if status != 2 {
		t.Fatalf("status %d, want 2 (violations and a broken input); stderr:\n%s", status, stderr)
	}
	if !strings.Contains(stdout, "cell") || !strings.Contains(stdout, "area ratio") || !strings.Contains(stdout, "7 cells: ") {
		t.Errorf("no summary table:\n%s", stdout)
	}
	if n := strings.Count(stderr, "batch: ["); n != 7 {
		t.Errorf("%d progress lines, want 7 (one per cell):\n%s", n, stderr)
	}
	sum, err := batch.ReadSummary(out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cells != 7 || sum.Failed != 1 || sum.Job != "gf180mcu-to-sky130" {
		t.Errorf("summary: %d cells, %d failed, job %q; want 7, 1 (the truncated file)", sum.Cells, sum.Failed, sum.Job)
	}
	for _, r := range sum.Rows {
		if r.Input == broken {
			if r.Status != batch.StatusFailed || r.Cell != "truncated" || !strings.Contains(r.Error, "truncated.gds") {
				t.Errorf("broken input: %+v", r)
			}
			continue
		}
		if r.Status == batch.StatusFailed || r.AreaRatio < 0.3 || r.AreaRatio > 0.7 {
			t.Errorf("%s: status %s, area ratio %g (sky130 rows are about half the area)", r.Cell, r.Status, r.AreaRatio)
		}
		if _, err := os.Stat(filepath.Join(out, "cells", r.Cell+".gds")); err != nil {
			t.Errorf("%s: %v", r.Cell, err)
		}
		rep, err := batch.ReadCellReport(out, r.Cell)
		if err != nil {
			t.Fatal(err)
		}
		var d cellDetail
		if err := json.Unmarshal(rep.Detail, &d); err != nil {
			t.Fatalf("%s: detail: %v", r.Cell, err)
		}
		var drcRep struct {
			Total int `json:"total"`
		}
		if err := json.Unmarshal(d.DRC, &drcRep); err != nil || drcRep.Total != r.Violations || d.Tech != "sky130" || len(d.Cells) == 0 {
			t.Errorf("%s: report detail: tech %q, %d cells, drc total %d (%v), row %d violations", r.Cell, d.Tech, len(d.Cells), drcRep.Total, err, r.Violations)
		}
	}
	merged, err := gds.ReadFile(filepath.Join(out, "all.gds"), gds.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(merged.TopCells()); n != 6 {
		t.Errorf("merged GDS has %d top cells, want 6", n)
	}

	// The same inputs again: the same bytes (times aside), the merged GDS
	// included. With --resume: nothing is done again.
	again := filepath.Join(dir, "again")
	if _, stderr, status := runCLI(t, append(args, "--out", again, "--merge-gds", filepath.Join(again, "all.gds"))...); status != 2 {
		t.Fatalf("second run: status %d:\n%s", status, stderr)
	}
	sameOutputs(t, out, again)
	_, stderr, status = runCLI(t, append(args, "--out", again, "--resume")...)
	if status != 2 || !strings.Contains(stderr, "resume: 7 cells up to date, skipped; 0 computed") {
		t.Errorf("resume: status %d, stderr:\n%s", status, stderr)
	}
}

// TestBatchShardsAndMerge: three shards joined by batch merge are the
// whole run.
func TestBatchShardsAndMerge(t *testing.T) {
	dir := t.TempDir()
	args := append(append([]string{"batch"}, gfCells(t, 7)...), "--recipe", "gf180mcu-to-ihp-sg13g2", "-q")
	whole := filepath.Join(dir, "whole")
	if _, stderr, status := runCLI(t, append(args, "--out", whole, "--merge-gds", filepath.Join(whole, "all.gds"))...); status > 2 || status == 1 {
		t.Fatalf("whole run: status %d:\n%s", status, stderr)
	}
	var shards []string
	for i := range 3 {
		d := filepath.Join(dir, "shard-"+string(rune('0'+i)))
		shards = append(shards, d)
		stdout, stderr, status := runCLI(t, append(args, "--out", d, "--shard", string(rune('0'+i))+"/3")...)
		if status == 1 {
			t.Fatalf("shard %d: %s", i, stderr)
		}
		if want := []string{"3 cells", "2 cells", "2 cells"}[i]; !strings.Contains(stdout, want) {
			t.Errorf("shard %d/3 of 7 cells:\n%s", i, stdout)
		}
	}
	joined := filepath.Join(dir, "joined")
	html := filepath.Join(dir, "html")
	stdout, stderr, status := runCLI(t, append([]string{"batch", "merge"}, append(shards, "--out", joined,
		"--merge-gds", filepath.Join(joined, "all.gds"), "--html", html)...)...)
	if status == 1 || !strings.Contains(stdout, "7 cells: ") {
		t.Fatalf("merge: status %d\n%s%s", status, stdout, stderr)
	}
	sameOutputs(t, whole, joined)
	page := string(readFile(t, filepath.Join(html, "index.html")))
	sum, err := batch.ReadSummary(joined)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Rows {
		if !strings.Contains(page, r.Cell) {
			t.Errorf("the HTML page does not show %s", r.Cell)
		}
	}

	// A missing shard is an error.
	_, stderr, status = runCLI(t, "batch", "merge", shards[0], shards[2], "--out", filepath.Join(dir, "bad"))
	if status != 1 || !strings.Contains(stderr, "shard 1/3 is missing") {
		t.Errorf("merge without shard 1: status %d, %q", status, stderr)
	}
}

func TestBatchSlurmScript(t *testing.T) {
	dir := t.TempDir()
	cells := gfCells(t, 2)
	out := filepath.Join(dir, "out")
	stdout, stderr, status := runCLI(t, "batch", cells[0], cells[1], "--recipe", "gf180mcu-to-sky130", "--out", out,
		"--slurm", "--tasks", "3", "--jobs", "2", "--sbatch", "--time=0:10:00")
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	script := string(readFile(t, filepath.Join(out, "batch.sbatch")))
	exe, _ := os.Executable()
	for _, want := range []string{"#SBATCH --array=0-2\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --time=0:10:00\n",
		exe + " batch " + cells[0] + " " + cells[1] + " --recipe gf180mcu-to-sky130", "--shard \"$id/3\" --resume"} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
	if !strings.Contains(stdout, "sbatch "+filepath.Join(out, "batch.sbatch")) {
		t.Errorf("stdout does not say how to submit:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "logs")); err != nil {
		t.Errorf("no logs folder for Slurm's output: %v", err)
	}
}

func TestBatchErrors(t *testing.T) {
	dir := t.TempDir()
	cell := gfCells(t, 1)[0]
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no recipe", []string{cell, "--out", dir}, "--recipe is required"},
		{"no output folder", []string{cell, "--recipe", "gf180mcu-to-sky130"}, "--out DIR is required"},
		{"unknown recipe", []string{cell, "--recipe", "nope", "--out", dir}, "nope"},
		{"missing input", []string{filepath.Join(dir, "none.gds"), "--recipe", "gf180mcu-to-sky130", "--out", dir}, "none.gds"},
		{"bad shard", []string{cell, "--recipe", "gf180mcu-to-sky130", "--out", dir, "--shard", "3/3"}, "0 <= I < N"},
		{"slurm with a shard", []string{cell, "--recipe", "gf180mcu-to-sky130", "--out", dir, "--slurm", "--shard", "0/2"}, "leave out --shard"},
		{"submit without slurm", []string{cell, "--recipe", "gf180mcu-to-sky130", "--out", dir, "--submit"}, "go with --slurm"},
		{"wait without submit", []string{cell, "--recipe", "gf180mcu-to-sky130", "--out", dir, "--slurm", "--wait"}, "--wait goes with --submit"},
		{"no threads", []string{cell, "--recipe", "gf180mcu-to-sky130", "--out", dir, "--threads-per-job", "0"}, "at least 1"},
		{"merge without output", []string{"merge", dir}, "--out DIR is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, status := runCLI(t, append([]string{"batch"}, tc.args...)...)
			if status != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("status %d, stderr %q; want 1 and %q", status, stderr, tc.want)
			}
		})
	}
}

// TestBatchLibraryFileWithManyTopCells: a file with three top cells is
// three cells of the batch, each migrated alone, with the results of the
// same cells given as one file each.
func TestBatchLibraryFileWithManyTopCells(t *testing.T) {
	dir := t.TempDir()
	cells := gfCells(t, 3)
	lib := filepath.Join(dir, "three.gds")
	if err := batch.MergeGDS(cells, lib); err != nil {
		t.Fatal(err)
	}
	rows := map[string][]batch.Row{}
	for name, inputs := range map[string][]string{"one file": {lib}, "three files": cells} {
		out := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		_, stderr, status := runCLI(t, append(append([]string{"batch"}, inputs...), "--recipe", "gf180mcu-to-sky130", "--out", out, "-q")...)
		if status == 1 {
			t.Fatalf("%s: %s", name, stderr)
		}
		sum, err := batch.ReadSummary(out)
		if err != nil {
			t.Fatal(err)
		}
		rows[name] = sum.Rows
	}
	one, three := rows["one file"], rows["three files"]
	if len(one) != 3 || len(three) != 3 {
		t.Fatalf("%d and %d cells, want 3 and 3", len(one), len(three))
	}
	for i := range one {
		a, b := one[i], three[i]
		if a.Cell != b.Cell || a.Input != lib || a.Status != b.Status || a.Violations != b.Violations || a.AreaRatio != b.AreaRatio {
			t.Errorf("cell %d: from the library %+v, from its own file %+v", i, a, b)
		}
	}
}

func TestBatchVerboseNamesTheCell(t *testing.T) {
	cell := gfCells(t, 1)[0]
	name := strings.TrimSuffix(filepath.Base(cell), ".gds")
	_, stderr, status := runCLI(t, "batch", cell, "--recipe", "gf180mcu-to-sky130", "--out", t.TempDir(), "-v")
	if status == 1 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"batch: 1 files, 1 cells", "batch: " + name + ": migrated ", "batch: " + name + ": checked ", "batch: done in "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
