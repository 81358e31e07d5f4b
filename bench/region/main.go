// Command region times the geometry kernel beside KLayout on the same flat
// layout, in one run: merging li1, met1, poly and diff; merging li1 and met1;
// poly not diff; met1 sized by 0.05 µm. Each operation includes building its
// input regions from the layout, on both sides. KLayout runs flat with two
// threads (bench/klayout_region.drc). Rounds are interleaved; the table gives
// medians, ratios and the peak memory of each whole process.
//
//	bash bench/region.sh [rounds]
//
// With -self the command runs our side once and prints "op seconds count"
// lines, which is how the driver measures it in a process of its own.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

var ops = []string{"merge_li1_met1_poly_diff", "merge_li1_met1", "poly_not_diff", "met1_sized_0.05", "total"}

func main() {
	file := flag.String("file", "bench/out/sheet_flat.gds", "flat GDS file")
	self := flag.Bool("self", false, "run our side once and print timings")
	n := flag.Int("n", 3, "rounds")
	flag.Parse()
	var err error
	if *self {
		err = runSelf(*file)
	} else {
		err = compare(*file, *n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "region:", err)
		os.Exit(1)
	}
}

func runSelf(file string) error {
	t00 := time.Now()
	lib, err := gds.ReadFile(file, gds.ReadOptions{})
	if err != nil {
		return err
	}
	tops := lib.TopCells()
	if len(tops) != 1 {
		return fmt.Errorf("%s: want one top cell, have %d", file, len(tops))
	}
	top := tops[0]
	fmt.Printf("read %.3f 0\n", time.Since(t00).Seconds())
	reg := func(l, d uint16) *region.Region { return region.FromCell(top, layout.LayerKey{Layer: l, Datatype: d}) }
	timed := func(name string, f func() int) {
		t0 := time.Now()
		n := f()
		fmt.Printf("%s %.3f %d\n", name, time.Since(t0).Seconds(), n)
	}
	timed("merge_li1_met1_poly_diff", func() int {
		n := 0
		for _, l := range [][2]uint16{{67, 20}, {68, 20}, {66, 20}, {65, 20}} {
			n += reg(l[0], l[1]).Merged().Len()
		}
		return n
	})
	timed("merge_li1_met1", func() int {
		return reg(67, 20).Merged().Len() + reg(68, 20).Merged().Len()
	})
	timed("poly_not_diff", func() int { return reg(66, 20).Not(reg(65, 20)).Len() })
	timed("met1_sized_0.05", func() int { return reg(68, 20).Sized(50).Len() })
	fmt.Printf("total %.3f 0\n", time.Since(t00).Seconds())
	return nil
}

type run struct {
	times map[string]float64
	count map[string]int
	rss   float64
	wall  float64
}

func measure(args []string, env []string) (run, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return run{}, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	r := run{times: map[string]float64{}, count: map[string]int{}, wall: time.Since(t0).Seconds()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = float64(ru.Maxrss) / 1024
	}
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 {
			v, err1 := strconv.ParseFloat(f[1], 64)
			c, err2 := strconv.Atoi(f[2])
			if err1 == nil && err2 == nil {
				r.times[f[0]], r.count[f[0]] = v, c
			}
		}
	}
	for _, op := range ops {
		if _, ok := r.times[op]; !ok {
			return r, fmt.Errorf("%s printed no %s time:\n%s", args[0], op, out.String())
		}
	}
	return r, nil
}

func median(v []float64) float64 {
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func compare(file string, n int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	script, _ := filepath.Abs("bench/klayout_region.drc")
	ours := []string{self, "-self", "-file", file}
	kl := []string{"klayout", "-b", "-r", script, "-rd", "file=" + file}
	var runs [2][]run
	for i := 0; i < n; i++ {
		for j, args := range [][]string{ours, kl} {
			r, err := measure(args, []string{"QT_QPA_PLATFORM=offscreen"})
			if err != nil {
				return err
			}
			runs[j] = append(runs[j], r)
		}
	}
	fmt.Printf("file %s, %d rounds, medians (s); counts are merged polygons\n\n", file, n)
	fmt.Printf("%-26s %10s %10s %8s %12s %12s\n", "operation", "ours", "KLayout", "ratio", "ours count", "KL count")
	for _, op := range ops {
		var a, b []float64
		for i := range runs[0] {
			a = append(a, runs[0][i].times[op])
			b = append(b, runs[1][i].times[op])
		}
		ma, mb := median(a), median(b)
		fmt.Printf("%-26s %10.3f %10.3f %7.2fx %12d %12d\n", op, ma, mb, mb/ma, runs[0][0].count[op], runs[1][0].count[op])
	}
	var ra, rb []float64
	for i := range runs[0] {
		ra = append(ra, runs[0][i].rss)
		rb = append(rb, runs[1][i].rss)
	}
	fmt.Printf("\npeak memory: ours %.0f MB, KLayout %.0f MB\n", median(ra), median(rb))
	return nil
}
