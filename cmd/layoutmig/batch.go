package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/layoutmig/layoutmig/internal/batch"
	"github.com/layoutmig/layoutmig/techfiles"
)

// batchFlags are the settings of batch.
type batchFlags struct {
	recipe, out, shard, mergeGDS string
	html                         string
	jobs, threads, tasks         int
	resume, dropUnmapped         bool
	slurm, submit, wait          bool
	sbatch                       []string
}

func newBatchCmd(o *options) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "batch IN... --recipe R --out DIR",
		Short: "Migrate and check a whole cell library",
		Long: `batch migrates every cell of the inputs by recipe R and checks it against
the target technology, as migrate and drc do, on a pool of --jobs workers
(default: one per core). An input is a GDS file or a folder (its *.gds
files); every top cell of every file is one cell of the batch (a library
file with many top cells gives many cells). When two files have a top cell
of the same name, both are called <cell>@<file name>.

For each cell, DIR gets (written atomically as the cell ends):
  cells/<cell>.gds     the migrated cell and the cells under it
  reports/<cell>.json  its status, violations, fixes, area ratio, time, the
                       migration statistics and the DRC report
A cell that fails does not stop the others. At the end the summary table
(cell, status, violations, fixes, area ratio, time) is printed, sorted by
cell name, and written as DIR/summary.json and DIR/summary.csv. Only the
elapsed_s fields change from one run of the same inputs to the next.

--resume skips the cells whose input file, recipe (and its technologies),
options and layoutmig binary are those of the report already in DIR, so a
run that was stopped restarts where it stopped. --merge-gds OUT.gds writes
all the migrated cells into one library: subcells of the same name that are
identical are kept once, different ones are renamed <name>$1, <name>$2, ...
--html DIR2 writes a static page (DIR2/index.html): the summary table and,
per cell, the source and migrated pictures with the violations marked.

Beyond one machine: --shard I/N runs the I-th of N shares of the cells
(every N-th cell in name order, from the I-th; N shards make up the
set). --slurm writes DIR/batch.sbatch, a Slurm job array of --tasks tasks,
task I running shard I/N into DIR/shard-I; --submit submits it with sbatch,
and --wait also waits for the tasks and joins the shards into DIR. Join them
yourself with ` + "`layoutmig batch merge DIR/shard-* --out DIR`" + `.

On a terminal a progress bar shows the cells done and the time left;
otherwise a line per cell is printed on stderr (--quiet: none).

Exit status: 0 every cell clean, 2 some cell has violations left or
failed, 1 error.`,
		Example: `  # a whole library folder, 4 cells at a time
  layoutmig batch gf180mcu_fd_sc_mcu7t5v0/ --recipe gf180mcu-to-sky130 --out out --jobs 4

  # start again after an interruption, and write one merged library
  layoutmig batch cells/ --recipe gf180mcu-to-ihp-sg13g2 --out out --resume --merge-gds out/all.gds

  # one machine of four
  layoutmig batch cells/ --recipe gf180mcu-to-sky130 --out out/shard-1 --shard 1/4

  # a Slurm job array of 8 tasks, submitted, waited for and joined
  layoutmig batch cells/ --recipe gf180mcu-to-sky130 --out out --slurm --tasks 8 --submit --wait`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			return runBatch(cmdContext(cmd), o, args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.recipe, "recipe", "", "recipe: an embedded name or a YAML file")
	fl.StringVar(&f.out, "out", "", "output folder")
	fl.IntVarP(&f.jobs, "jobs", "j", 0, "cells worked on at once (default: one per core)")
	fl.IntVar(&f.threads, "threads-per-job", 1, "threads of each cell's check")
	fl.StringVar(&f.shard, "shard", "", "run shard I of N (I/N, 0 <= I < N)")
	fl.BoolVar(&f.resume, "resume", false, "skip cells whose outputs in --out are up to date")
	fl.StringVar(&f.mergeGDS, "merge-gds", "", "also write every migrated cell into this one GDS file")
	fl.StringVar(&f.html, "html", "", "also write a static HTML page (summary, pictures, violations) into this folder")
	fl.BoolVar(&f.dropUnmapped, "drop-unmapped", false, "drop input layers the recipe does not map (default: the cell fails)")
	fl.BoolVar(&f.slurm, "slurm", false, "write DIR/batch.sbatch, a Slurm job array whose tasks are the shards")
	fl.IntVar(&f.tasks, "tasks", 4, "with --slurm: the number of array tasks (shards)")
	fl.StringArrayVar(&f.sbatch, "sbatch", nil, "with --slurm: one more sbatch option (e.g. --partition=short), repeatable")
	fl.BoolVar(&f.submit, "submit", false, "with --slurm: submit the job array with sbatch")
	fl.BoolVar(&f.wait, "wait", false, "with --submit: wait for the tasks, then join the shards into DIR")
	cmd.AddCommand(newBatchMergeCmd(o))
	return cmd
}

// cmdContext is the command's context (Background when it has none).
func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// check validates the flags before any work.
func (f *batchFlags) check(shard *batch.Shard) error {
	switch {
	case f.recipe == "":
		return errors.New("batch: --recipe is required")
	case f.out == "":
		return errors.New("batch: --out DIR is required")
	case f.jobs < 0:
		return fmt.Errorf("batch: --jobs %d: must be at least 1", f.jobs)
	case f.threads < 1:
		return fmt.Errorf("batch: --threads-per-job %d: must be at least 1", f.threads)
	case f.slurm && f.shard != "":
		return errors.New("batch: --slurm makes its own shards; leave out --shard")
	case f.slurm && f.tasks < 1:
		return fmt.Errorf("batch: --tasks %d: must be at least 1", f.tasks)
	case !f.slurm && (f.submit || len(f.sbatch) > 0):
		return errors.New("batch: --submit and --sbatch go with --slurm")
	case f.wait && !f.submit:
		return errors.New("batch: --wait goes with --submit")
	}
	if f.shard != "" {
		s, err := batch.ParseShard(f.shard)
		if err != nil {
			return fmt.Errorf("batch: --%w", err)
		}
		*shard = s
	}
	return nil
}

func runBatch(ctx context.Context, o *options, inputs []string, f *batchFlags) error {
	start := time.Now()
	var shard batch.Shard
	if err := f.check(&shard); err != nil {
		return err
	}
	r, src, tgt, err := techfiles.LoadMigration(f.recipe)
	if err != nil {
		return err
	}
	files, err := batch.Files(inputs)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	if f.slurm {
		return runSlurm(ctx, o, inputs, f)
	}
	jobs := f.jobs
	if jobs == 0 {
		jobs = runtime.NumCPU()
	}
	items, err := batch.Discover(ctx, files, jobs)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	key, err := batch.ContentKey(toolIdentity(), r, src, tgt, f.dropUnmapped)
	if err != nil {
		return err
	}
	opt := batch.Options{Out: f.out, Jobs: jobs, Resume: f.resume, Key: key, Tool: "layoutmig",
		Version: versionString(), Job: r.Name, Shard: shard,
		Work: migrateCell(o, r, src, tgt, f), Progress: o.progress()}
	o.logf("batch: %d files, %d cells; %d in this run, %d at a time", len(files), len(items), len(shard.Select(items)), jobs)
	sum, st, err := batch.Run(ctx, items, opt)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	if f.resume && !o.quiet {
		fmt.Fprintf(o.stderr, "batch: resume: %d cells up to date, skipped; %d computed\n", st.Skipped, st.Computed)
	}
	return finishBatch(ctx, o, sum, f.out, f.mergeGDS, f.html, start)
}

// toolIdentity is the version and, when the running binary can be read,
// the SHA-256 of its bytes: a rebuilt binary (a development build keeps its
// version) does not resume from the outputs of the one before.
func toolIdentity() string {
	v := versionString()
	exe, err := os.Executable()
	if err != nil {
		return v
	}
	f, err := os.Open(exe)
	if err != nil {
		return v
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return v
	}
	return fmt.Sprintf("%s %x", v, h.Sum(nil))
}

// finishBatch prints the summary table, writes the merged GDS and the HTML
// page, and returns the exit status as an error (2: not all clean).
func finishBatch(ctx context.Context, o *options, sum *batch.Summary, out, mergeGDS, html string, start time.Time) error {
	if err := sum.WriteTable(o.stdout); err != nil {
		return err
	}
	if mergeGDS != "" {
		if err := batch.MergeGDS(batch.CellFiles(out, sum), mergeGDS); err != nil {
			return fmt.Errorf("batch: --merge-gds %s: %w", mergeGDS, err)
		}
		o.logf("batch: merged the migrated cells into %s", mergeGDS)
	}
	if html != "" {
		if err := writeBatchHTML(ctx, o, sum, out, html); err != nil {
			return err
		}
	}
	o.logf("batch: done in %s", elapsed(start))
	if !sum.AllClean() {
		return &exitError{status: 2, msg: fmt.Sprintf("batch: %d of %d cells have violations, %d failed",
			sum.Violating, sum.Cells, sum.Failed)}
	}
	return nil
}

// progress is how batch reports each cell: a bar on a terminal, a line
// per cell otherwise, nothing with --quiet.
func (o *options) progress() batch.Progress {
	if o.quiet {
		return nil
	}
	if f, ok := o.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return batch.NewBar(o.stderr)
	}
	return batch.NewLines(o.stderr)
}
