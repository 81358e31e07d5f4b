package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/internal/batch"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/internal/slurmtest"
)

// buildLayoutmig builds this command into a temporary folder (for tests
// that need a real process: killed, or run by Slurm).
func buildLayoutmig(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "layoutmig")
	out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

// runExe runs the binary and returns its output and exit status (1 and
// the error when it could not run).
func runExe(t *testing.T, env []string, exe string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	}
	t.Fatalf("%s: %v", exe, err)
	return "", 1
}

// TestBatchResumeAfterSIGKILL kills a batch of 30 cells part-way (SIGKILL,
// after 10 cells reported done), resumes it, and compares every output
// with a run that was never killed. The cells finished before the kill are
// not done again: resume says how many it skipped, and their reports are
// the very files written before the kill.
func TestBatchResumeAfterSIGKILL(t *testing.T) {
	cells := gfCells(t, 30)
	exe := buildLayoutmig(t)
	dir := t.TempDir()
	args := append(append([]string{"batch"}, cells...), "--recipe", "gf180mcu-to-ihp-sg13g2", "--jobs", "1")
	whole := filepath.Join(dir, "whole")
	if out, status := runExe(t, nil, exe, append(args, "--out", whole)...); status == 1 {
		t.Fatalf("uninterrupted run: %s", out)
	}

	out := filepath.Join(dir, "out")
	cmd := exec.Command(exe, append(args, "--out", out)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for n := 0; n < 10 && sc.Scan(); {
		if strings.HasPrefix(sc.Text(), "batch: [") {
			n++
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("the run was not killed (it ended first: %v)", err)
	}
	done, _ := filepath.Glob(filepath.Join(out, batch.ReportsDir, "*.json"))
	if len(done) < 10 || len(done) >= 30 {
		t.Fatalf("%d reports after the kill, want 10 to 29", len(done))
	}
	before := map[string][]byte{}
	for _, f := range done {
		before[f] = readFile(t, f)
	}

	log, status := runExe(t, nil, exe, append(args, "--out", out, "--resume")...)
	if status == 1 {
		t.Fatalf("resumed run: %s", log)
	}
	want := fmt.Sprintf("resume: %d cells up to date, skipped; %d computed", len(done), 30-len(done))
	if !strings.Contains(log, want) || strings.Count(log, "up to date, skipped (") != len(done) {
		t.Errorf("resumed run does not say %q once per skipped cell:\n%s", want, log)
	}
	for f, data := range before {
		if !bytes.Equal(readFile(t, f), data) {
			t.Errorf("%s was written again", filepath.Base(f))
		}
	}
	sameOutputs(t, whole, out)
}

// TestBatchSlurmArrayEqualsOneMachine starts a real single-node Slurm, runs
// the whole gf180mcu 7-track library (229 cells) as a job array of 4
// tasks, joins the shards, and compares the result with a run on this
// machine: every cell's GDS, every report and the summary (times aside),
// and the merged GDS, byte for byte.
func TestBatchSlurmArrayEqualsOneMachine(t *testing.T) {
	files := shareddata.LibraryFiles(t, "gf180mcu/gf180mcu_fd_sc_mcu7t5v0")
	lib := filepath.Dir(files[0])
	start := time.Now()
	cluster := slurmtest.Start(t)
	t.Logf("Slurm up in %s", time.Since(start).Round(time.Millisecond))
	exe := buildLayoutmig(t)
	dir := t.TempDir()
	args := []string{"batch", lib, "--recipe", "gf180mcu-to-sky130", "-q"}

	one := filepath.Join(dir, "one")
	if out, status := runExe(t, nil, exe, append(args, "--out", one, "--jobs", "2", "--merge-gds", filepath.Join(one, "all.gds"))...); status == 1 {
		t.Fatalf("one machine: %s", out)
	}

	arrayStart := time.Now()
	array := filepath.Join(dir, "array")
	out, status := runExe(t, cluster.Env(), exe, append(args, "--out", array, "--slurm", "--tasks", "4", "--jobs", "1",
		"--submit", "--wait", "--merge-gds", filepath.Join(array, "all.gds"))...)
	if status == 1 {
		logs, _ := filepath.Glob(filepath.Join(array, "logs", "*"))
		var tasks strings.Builder
		for _, l := range logs {
			fmt.Fprintf(&tasks, "== %s\n%s\n", l, readFile(t, l))
		}
		t.Fatalf("Slurm run: %s\n%s%s", out, tasks.String(), cluster.Logs())
	}
	t.Logf("job array of 4 tasks submitted, run and joined in %s", time.Since(arrayStart).Round(time.Millisecond))

	total := 0
	for i, d := range batch.ShardDirs(array, 4) {
		s, err := batch.ReadSummary(d)
		if err != nil {
			t.Fatal(err)
		}
		if s.Shard != fmt.Sprintf("%d/4", i) || s.Cells < 57 || s.Cells > 58 {
			t.Errorf("%s: shard %q with %d cells, want %d/4 with 57 or 58", d, s.Shard, s.Cells, i)
		}
		total += s.Cells
	}
	sum, err := batch.ReadSummary(array)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(files) || sum.Cells != len(files) {
		t.Errorf("shards hold %d cells, the joined summary %d; want %d", total, sum.Cells, len(files))
	}
	skip := []string{"batch.sbatch", "logs"}
	for _, d := range batch.ShardDirs("", 4) {
		skip = append(skip, d)
	}
	sameOutputs(t, one, array, skip...)
	if _, err := os.Stat(filepath.Join(array, "all.gds")); err != nil {
		t.Error(err)
	}
}
