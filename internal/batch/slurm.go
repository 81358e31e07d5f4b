package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// SlurmJob is a Slurm job array whose tasks are the shards of a batch:
// task I of N runs `Exe Args... --out Out/shard-I --shard I/N --resume`.
type SlurmJob struct {
	// Exe is the layoutmig binary the tasks run (an absolute path: the
	// tasks may start anywhere).
	Exe string
	// Args are the batch command's arguments the tasks share (inputs,
	// recipe, options), without --out, --shard and --slurm.
	Args []string
	// Out is the batch's output folder; task I writes Out/shard-I and
	// Slurm's log Out/logs/slurm-<job>_<I>.out.
	Out string
	// Tasks is the number of array tasks (shards), at least 1.
	Tasks int
	// Dir is the folder the tasks run in (relative paths are read from it).
	Dir string
	// CPUs, if positive, is each task's --cpus-per-task.
	CPUs int
	// Name is the job's name (default layoutmig-batch).
	Name string
	// Extra are more sbatch options, one per #SBATCH line
	// ("--partition=short", "--time=1:00:00").
	Extra []string
}

// ShardDir is the output folder of shard i of a Slurm batch.
func ShardDir(out string, i int) string { return filepath.Join(out, "shard-"+strconv.Itoa(i)) }

// ShardDirs are the output folders of all the shards of a Slurm batch.
func ShardDirs(out string, tasks int) []string {
	dirs := make([]string, tasks)
	for i := range dirs {
		dirs[i] = ShardDir(out, i)
	}
	return dirs
}

// Script returns the sbatch file. A task whose batch ends with status 2
// (cells with violations or failures, listed in its summary) ends with
// status 0: the task did its work; the joined summary tells the outcome.
// Any other failure is the task's failure (Slurm may requeue it, and
// --resume makes the rerun continue where it stopped).
func (j SlurmJob) Script() (string, error) {
	if j.Tasks < 1 {
		return "", fmt.Errorf("slurm: %d tasks: want at least 1", j.Tasks)
	}
	if !filepath.IsAbs(j.Exe) {
		return "", fmt.Errorf("slurm: the tasks' binary %q is not an absolute path", j.Exe)
	}
	name := j.Name
	if name == "" {
		name = "layoutmig-batch"
	}
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	b.WriteString("# A layoutmig batch as a Slurm job array: one task per shard.\n")
	b.WriteString("# Written by layoutmig batch --slurm; join the shards when all tasks are done:\n")
	fmt.Fprintf(&b, "#   layoutmig batch merge %s/shard-* --out %s\n", j.Out, j.Out)
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", name)
	fmt.Fprintf(&b, "#SBATCH --array=0-%d\n", j.Tasks-1)
	if j.Dir != "" {
		fmt.Fprintf(&b, "#SBATCH --chdir=%s\n", j.Dir)
	}
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(j.Out, "logs", "slurm-%A_%a.out"))
	if j.CPUs > 0 {
		fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", j.CPUs)
	}
	for _, e := range j.Extra {
		if strings.ContainsAny(e, "\n\r") {
			return "", fmt.Errorf("slurm: option %q spans lines", e)
		}
		fmt.Fprintf(&b, "#SBATCH %s\n", e)
	}
	b.WriteString("set -u\n")
	b.WriteString("id=\"${SLURM_ARRAY_TASK_ID:?not started as a task of a Slurm job array}\"\n")
	b.WriteString("status=0\n")
	args := append([]string{j.Exe, "batch"}, j.Args...)
	for _, a := range args {
		b.WriteString(shellQuote(a))
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "--out %s\"/shard-$id\" --shard \"$id/%d\" --resume || status=$?\n", shellQuote(j.Out), j.Tasks)
	b.WriteString("# 2: the shard ran; some cells have violations or failed (see its summary)\n")
	b.WriteString("if [ \"$status\" -eq 2 ]; then status=0; fi\n")
	b.WriteString("exit \"$status\"\n")
	return b.String(), nil
}

// shellQuote quotes s for bash (single quotes).
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Submit submits the sbatch file script with sbatch and returns the job
// id. With wait, sbatch returns when every task has ended, and a task
// that failed is an error.
func Submit(ctx context.Context, script string, wait bool) (string, error) {
	args := []string{"--parsable"}
	if wait {
		args = append(args, "--wait")
	}
	args = append(args, script)
	cmd := exec.CommandContext(ctx, "sbatch", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	id, _, _ := strings.Cut(strings.TrimSpace(firstLine(stdout.String())), ";")
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		var ee *exec.ExitError
		if errors.As(err, &ee) && id != "" {
			return id, fmt.Errorf("slurm job %s: a task failed (sbatch exit status %d): %s", id, ee.ExitCode(), msg)
		}
		return id, fmt.Errorf("sbatch %s: %w: %s", script, err, msg)
	}
	if id == "" {
		return "", fmt.Errorf("sbatch %s: no job id in its output %q", script, stdout.String())
	}
	return id, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
