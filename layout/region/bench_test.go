package region

import (
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/internal/sheet"
	"github.com/layoutmig/layoutmig/layout"
)

// The benchmarks run on real data: the whole sky130_fd_sc_hd library placed
// on one sheet (437 cells, 2 µm apart), arrayed N x N (N = 4 unless
// LAYOUTMIG_BENCH_N says otherwise; the 5.6 M-shape layout of the codec
// benchmark is N = 10) and read flat per layer.

var (
	benchOnce sync.Once
	benchRegs map[string]*Region
	benchErr  error
)

var benchLayers = map[string]layout.LayerKey{
	"li1": {Layer: 67, Datatype: 20}, "met1": {Layer: 68, Datatype: 20},
	"poly": {Layer: 66, Datatype: 20}, "diff": {Layer: 65, Datatype: 20},
	"licon": {Layer: 66, Datatype: 44},
}

func benchData(b *testing.B) map[string]*Region {
	b.Helper()
	files := shareddata.LibraryFiles(b, "sky130/sky130_fd_sc_hd")
	benchOnce.Do(func() {
		n := 4
		if v, err := strconv.Atoi(os.Getenv("LAYOUTMIG_BENCH_N")); err == nil && v > 0 {
			n = v
		}
		lib, sh, err := sheet.FromFiles("SHEET", files, sheet.Options{Gap: 2000})
		if err != nil {
			benchErr = err
			return
		}
		arr := sheet.Array(lib, sh, "ARRAY", n, n, 2000)
		benchRegs = map[string]*Region{}
		for name, k := range benchLayers {
			benchRegs[name] = FromFlat(lib, arr, k)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchRegs
}

func benchOp(b *testing.B, in int, f func() *Region) {
	b.ReportAllocs()
	var out *Region
	for i := 0; i < b.N; i++ {
		out = f()
	}
	b.ReportMetric(float64(in), "in-polygons")
	b.ReportMetric(float64(out.Len()), "out-polygons")
}

func BenchmarkMerge(b *testing.B) {
	d := benchData(b)
	for _, l := range []string{"li1", "met1", "poly", "diff", "licon"} {
		r := d[l]
		b.Run(l, func(b *testing.B) { benchOp(b, r.Len(), r.Merged) })
	}
}

func BenchmarkBoolean(b *testing.B) {
	d := benchData(b)
	b.Run("poly-not-diff", func(b *testing.B) {
		benchOp(b, d["poly"].Len()+d["diff"].Len(), func() *Region { return d["poly"].Not(d["diff"]) })
	})
	b.Run("poly-and-diff", func(b *testing.B) {
		benchOp(b, d["poly"].Len()+d["diff"].Len(), func() *Region { return d["poly"].And(d["diff"]) })
	})
	b.Run("li1-xor-met1", func(b *testing.B) {
		benchOp(b, d["li1"].Len()+d["met1"].Len(), func() *Region { return d["li1"].Xor(d["met1"]) })
	})
}

func BenchmarkSized(b *testing.B) {
	d := benchData(b)
	m1 := d["met1"].Merged()
	li := d["li1"].Merged()
	b.Run("met1+50", func(b *testing.B) { benchOp(b, m1.Len(), func() *Region { return m1.Sized(50) }) })
	b.Run("met1-30", func(b *testing.B) { benchOp(b, m1.Len(), func() *Region { return m1.Sized(-30) }) })
	b.Run("li1+85", func(b *testing.B) { benchOp(b, li.Len(), func() *Region { return li.Sized(85) }) })
	b.Run("raw-met1+50", func(b *testing.B) { benchOp(b, d["met1"].Len(), func() *Region { return d["met1"].Sized(50) }) })
}
