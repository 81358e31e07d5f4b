package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/demo"
	"github.com/layoutmig/layoutmig/layout"
)

// demoInput is the input name of the embedded demo layout.
const demoInput = "@demo"

// options are the settings every command shares.
type options struct {
	quiet   bool
	verbose bool
	stdout  io.Writer
	stderr  io.Writer
	// ran is set once a command's own code starts; an error before that
	// is a usage error (unknown command, bad flag, wrong arguments).
	ran bool
}

// run executes the command line args and returns the exit status: 0 on
// success, 1 on any error, which it prints to stderr as
// "layoutmig: <error>".
func run(args []string, stdout, stderr io.Writer) int {
	o := &options{stdout: stdout, stderr: stderr}
	root := newRootCmd(o)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if status, ok := exitStatus(err, stderr); ok {
		return status
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "layoutmig: %v\n", err)
	if !o.ran && cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return 1
}

func newRootCmd(o *options) *cobra.Command {
	root := &cobra.Command{
		Use:   "layoutmig",
		Short: "IC layout process-node migration",
		Long: `layoutmig is a tool for IC layout process-node migration (read GDSII, map
layers, scale, fix design-rule violations, write GDSII, check the result
against the design rules of the target technology).

Wherever a command reads a layout, the name @demo stands for a small
embedded cell library (INV_X1, NAND2_X1 and BUF_X8, gf180mcu standard cells
that are clean under the gf180mcu rules), so every command can be tried
without a GDS file at hand.

Errors are printed on stderr as "layoutmig: <error>" and give exit status 1.`,
		Example: `  layoutmig migrate @demo --recipe gf180mcu-to-sky130 -o demo_sky130.gds --report demo_sky130.json
  layoutmig info @demo
  layoutmig info chip.gds --json
  layoutmig convert in.gds out.gds --verbose
  layoutmig version`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if o.quiet && o.verbose {
				return errors.New("--quiet and --verbose cannot be used together")
			}
			return nil
		},
	}
	root.SetOut(o.stdout)
	root.SetErr(o.stderr)
	root.SetVersionTemplate("layoutmig {{.Version}}\n")
	root.CompletionOptions.DisableDefaultCmd = true
	root.PersistentFlags().BoolVarP(&o.quiet, "quiet", "q", false, "print only results and errors (no warnings)")
	root.PersistentFlags().BoolVarP(&o.verbose, "verbose", "v", false, "also print timings and details on stderr")
	root.AddCommand(newInfoCmd(o), newConvertCmd(o), newVersionCmd(o), newMigrateCmd(o), newDRCCmd(o), newTechCmd(o), newBatchCmd(o), newRenderCmd(o))
	return root
}

// wantArgs returns a cobra argument check that wants exactly the named
// positional arguments and says which are missing or extra.
func wantArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return fmt.Errorf("%s: missing %s", cmd.Name(), joinNames(names[len(args):]))
		case len(args) > len(names):
			return fmt.Errorf("%s: too many arguments: wants %s, got %q", cmd.Name(), joinNames(names), args)
		}
		return nil
	}
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " and "
		default:
			s += ", "
		}
		s += n
	}
	return s
}

// started marks the command's own code as running (errors from now on are
// not usage errors).
func (o *options) started() { o.ran = true }

// logf prints a --verbose line on stderr.
func (o *options) logf(format string, a ...any) {
	if o.verbose {
		fmt.Fprintf(o.stderr, format+"\n", a...)
	}
}

// warn prints a warning on stderr unless --quiet.
func (o *options) warn(msg string) {
	if !o.quiet {
		fmt.Fprintf(o.stderr, "layoutmig: warning: %s\n", msg)
	}
}

// load reads the layout named by an input argument: a GDSII file, or the
// embedded demo library for "@demo". Errors name the file.
func (o *options) load(name string) (*layout.Library, error) {
	start := time.Now()
	var lib *layout.Library
	if name == demoInput {
		lib = demo.Library()
	} else {
		o.limitMemory(name)
		var err error
		lib, err = gds.ReadFile(name, gds.ReadOptions{FileName: name})
		if err != nil {
			var fe *gds.FormatError
			var pe *fs.PathError
			if errors.As(err, &fe) || errors.As(err, &pe) {
				return nil, err // they name the file already
			}
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	if o.verbose {
		n := countShapes(lib)
		o.logf("read %s: %d cells, %d shapes (%d polygons, %d paths, %d boxes, %d nodes, %d texts) in %s",
			name, len(lib.Cells), n.Total(), n.Polygons, n.Paths, n.Boxes, n.Nodes, n.Texts, elapsed(start))
	}
	return lib, nil
}

// memoryPerInputByte is how much heap a command may use per byte of GDS
// input before the garbage collector works harder to stay below it. Reading
// needs about 0.65 bytes of model per byte of GDSII; the rest is room for
// the collector.
const memoryPerInputByte = 1.0

// limitMemory sets the Go runtime's soft memory limit from the size of the
// input, so that peak memory follows the layout's size rather than the
// collector's default headroom (which doubles the live heap). An explicit
// GOMEMLIMIT in the environment wins. The limit is soft: a run that needs
// more still gets it, at the cost of more collection.
func (o *options) limitMemory(name string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	st, err := os.Stat(name)
	if err != nil {
		return
	}
	limit := int64(float64(st.Size()) * memoryPerInputByte)
	if limit < 256<<20 {
		limit = 256 << 20
	}
	if cur := debug.SetMemoryLimit(-1); cur == math.MaxInt64 || limit > cur {
		debug.SetMemoryLimit(limit)
	}
}

// countShapes counts the elements of every cell (references not
// expanded).
func countShapes(lib *layout.Library) layout.ShapeCount {
	var n layout.ShapeCount
	for _, c := range lib.Cells {
		n = n.Add(c.Count())
	}
	return n
}

// elapsed is the time since start, rounded for people.
func elapsed(start time.Time) time.Duration {
	d := time.Since(start)
	if d < time.Second {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}
