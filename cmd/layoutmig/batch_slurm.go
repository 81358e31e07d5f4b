package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/layoutmig/layoutmig/internal/batch"
)

// slurmJob is the job array of a batch --slurm run.
func slurmJob(inputs []string, f *batchFlags) (batch.SlurmJob, error) {
	exe, err := os.Executable()
	if err != nil {
		return batch.SlurmJob{}, fmt.Errorf("batch: --slurm: the layoutmig binary: %w", err)
	}
	if exe, err = filepath.Abs(exe); err != nil {
		return batch.SlurmJob{}, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return batch.SlurmJob{}, err
	}
	args := append([]string{}, inputs...)
	args = append(args, "--recipe", f.recipe, "--threads-per-job", strconv.Itoa(f.threads))
	cpus := 0
	if f.jobs > 0 {
		args = append(args, "--jobs", strconv.Itoa(f.jobs))
		cpus = f.jobs * f.threads
	}
	if f.dropUnmapped {
		args = append(args, "--drop-unmapped")
	}
	return batch.SlurmJob{Exe: exe, Args: args, Out: f.out, Tasks: f.tasks, Dir: wd, CPUs: cpus, Extra: f.sbatch}, nil
}

// runSlurm writes the job array's script and, with --submit, submits it
// (and with --wait joins the shards when the tasks are done).
func runSlurm(ctx context.Context, o *options, inputs []string, f *batchFlags) error {
	start := time.Now()
	job, err := slurmJob(inputs, f)
	if err != nil {
		return err
	}
	script, err := job.Script()
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(f.out, "logs"), 0o755); err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	path := filepath.Join(f.out, "batch.sbatch")
	if err := writeText(path, script); err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	if !f.submit {
		fmt.Fprintf(o.stdout, "wrote %s (%d tasks); submit it with: sbatch %s\nthen join the shards with: layoutmig batch merge %s --out %s\n",
			path, f.tasks, path, filepath.Join(f.out, "shard-*"), f.out)
		return nil
	}
	id, err := batch.Submit(ctx, path, f.wait)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	if !f.wait {
		fmt.Fprintf(o.stdout, "submitted Slurm job %s (%d tasks, %s)\nwhen it is done, join the shards with: layoutmig batch merge %s --out %s\n",
			id, f.tasks, path, filepath.Join(f.out, "shard-*"), f.out)
		return nil
	}
	o.logf("batch: Slurm job %s done in %s; joining %d shards", id, elapsed(start), f.tasks)
	sum, err := batch.Join(batch.ShardDirs(f.out, f.tasks), f.out)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	return finishBatch(ctx, o, sum, f.out, f.mergeGDS, f.html, start)
}
