package main

import (
	"errors"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/gds"
)

func newConvertCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "convert IN OUT",
		Short: "Read a GDSII file and write it again",
		Long: `convert reads IN and writes it to OUT as GDSII, keeping everything the
reader understood: cells, shapes, references and arrays, texts, properties,
timestamps and units.

The output is deterministic (the same input gives the same bytes) and
written atomically: it goes to a temporary file beside OUT that replaces OUT
only once complete, so a failed run never leaves a partial OUT behind.

IN may be @demo, the embedded demo layout. Warnings of the reader are
printed on stderr unless --quiet; --verbose adds read and write times and
shape counts.`,
		Example: `  # write the embedded demo layout to a file
  layoutmig convert @demo demo.gds

  # rewrite a file, with timings
  layoutmig convert in.gds out.gds --verbose`,
		Args: wantArgs("IN", "OUT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.started()
			in, out := args[0], args[1]
			if out == demoInput {
				return errors.New("convert: @demo can be read, not written")
			}
			lib, err := o.load(in)
			if err != nil {
				return err
			}
			for _, w := range lib.Warnings {
				o.warn(w)
			}
			start := time.Now()
			if err := gds.WriteFile(out, lib); err != nil {
				return err
			}
			if o.verbose {
				size := int64(-1)
				if st, err := os.Stat(out); err == nil {
					size = st.Size()
				}
				n := countShapes(lib)
				o.logf("wrote %s: %d cells, %d shapes, %d bytes in %s", out, len(lib.Cells), n.Total(), size, elapsed(start))
			}
			return nil
		},
	}
}
