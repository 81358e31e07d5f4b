package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/internal/atomicfile"
	"github.com/layoutmig/layoutmig/internal/batch"
)

func newBatchMergeCmd(o *options) *cobra.Command {
	var out, mergeGDS, html string
	cmd := &cobra.Command{
		Use:   "merge DIR... --out DIR",
		Short: "Join the output folders of batch shards into one",
		Long: `merge joins the output folders of batch runs over shards of one library
(batch --shard I/N, or the tasks of batch --slurm) into one folder: the
cells' GDS files and reports are copied and the summaries joined, so the
folder holds what one batch run over all the cells writes (times aside).
All N shards must be given, once each, and come from the same recipe and
layoutmig version; a cell in two folders is an error. --merge-gds also
writes every migrated cell into one GDS file and --html the static HTML
page, as batch does.

Exit status: 0 every cell clean, 2 some cell has violations left or
failed, 1 error.`,
		Example: `  layoutmig batch merge out/shard-* --out out
  layoutmig batch merge a/ b/ --out all --merge-gds all/cells.gds`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			start := time.Now()
			if out == "" {
				return errors.New("batch merge: --out DIR is required")
			}
			sum, err := batch.Join(args, out)
			if err != nil {
				return fmt.Errorf("batch merge: %w", err)
			}
			return finishBatch(cmdContext(cmd), o, sum, out, mergeGDS, html, start)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "output folder")
	cmd.Flags().StringVar(&html, "html", "", "also write the static HTML page into this folder")
	cmd.Flags().StringVar(&mergeGDS, "merge-gds", "", "also write every migrated cell into this one GDS file")
	return cmd
}

// writeText writes s to path atomically.
func writeText(path, s string) error {
	return atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	})
}
