// Command mksheet builds the benchmark layouts from a folder of GDS cell
// files (by default the sky130_fd_sc_hd library in ../shared/pdk): every cell
// placed once on one sheet, the sheet arrayed NX x NY, written hierarchical
// (sheet_array.gds) and flattened into one cell (sheet_flat.gds).
//
//	go run ./bench/mksheet -in ../shared/pdk/sky130/sky130_fd_sc_hd -out bench/out
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/sheet"
)

func main() {
	in := flag.String("in", "../shared/pdk/sky130/sky130_fd_sc_hd", "folder of GDS files (or one GDS file)")
	out := flag.String("out", "bench/out", "output folder")
	nx := flag.Int("nx", 10, "columns of the sheet array")
	ny := flag.Int("ny", 10, "rows of the sheet array")
	gap := flag.Float64("gap", 2.0, "gap between cells and sheets in µm")
	prefix := flag.String("prefix", "sheet", "output file name prefix")
	flag.Parse()
	if err := run(*in, *out, *prefix, *nx, *ny, *gap); err != nil {
		fmt.Fprintln(os.Stderr, "mksheet:", err)
		os.Exit(1)
	}
}

// gapDBU converts the gap to database units of the first input.
func gapDBU(file string, gapUM float64) int32 {
	l, err := gds.ReadFile(file, gds.ReadOptions{})
	if err != nil || l.DBUMicrons() <= 0 {
		return int32(gapUM*1000 + 0.5)
	}
	return int32(gapUM/l.DBUMicrons() + 0.5)
}

func run(in, out, prefix string, nx, ny int, gapUM float64) error {
	files := []string{in}
	if st, err := os.Stat(in); err != nil {
		return err
	} else if st.IsDir() {
		files, _ = filepath.Glob(filepath.Join(in, "*.gds"))
		sort.Strings(files)
	}
	if len(files) == 0 {
		return fmt.Errorf("no GDS files in %s", in)
	}
	gap := gapDBU(files[0], gapUM)
	lib, sh, err := sheet.FromFiles("SHEET", files, sheet.Options{Gap: gap})
	if err != nil {
		return err
	}
	arr := sheet.Array(lib, sh, "SHEET_ARRAY", nx, ny, gap)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	hier, err := sheet.Hierarchy(lib, arr)
	if err != nil {
		return err
	}
	if err := gds.WriteFile(filepath.Join(out, prefix+"_array.gds"), hier); err != nil {
		return err
	}
	t0 := time.Now()
	flat := sheet.FlatLibrary(lib, arr, "SHEET_FLAT")
	n := flat.Cells[0].Count()
	if err := gds.WriteFile(filepath.Join(out, prefix+"_flat.gds"), flat); err != nil {
		return err
	}
	st, _ := os.Stat(filepath.Join(out, prefix+"_flat.gds"))
	fmt.Printf("%d cells on a %dx%d array; flat: %d shapes (%d polygons, %d paths, %d texts), %.1f MB, built in %v\n",
		len(sh.Refs), nx, ny, n.Total(), n.Polygons, n.Paths, n.Texts, float64(st.Size())/1e6, time.Since(t0).Round(time.Millisecond))
	return nil
}
