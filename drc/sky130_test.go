package drc

import (
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/internal/sheet"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// The real-data test and the benchmarks use the whole sky130_fd_sc_hd
// library placed on one sheet (437 cells, 2 µm apart), read flat per layer.
// The benchmarks array the sheet N x N (LAYOUTMIG_BENCH_N, default 1).

var sky130Layers = map[string]layout.LayerKey{
	"diff": {Layer: 65, Datatype: 20}, "poly": {Layer: 66, Datatype: 20}, "licon": {Layer: 66, Datatype: 44},
	"li1": {Layer: 67, Datatype: 20}, "mcon": {Layer: 67, Datatype: 44}, "met1": {Layer: 68, Datatype: 20},
}

var (
	sheetOnce sync.Once
	sheetLib  *layout.Library
	sheetTop  *layout.Cell
	sheetErr  error
)

func sky130Sheet(tb testing.TB) (*layout.Library, *layout.Cell) {
	tb.Helper()
	files := shareddata.LibraryFiles(tb, "sky130/sky130_fd_sc_hd")
	sheetOnce.Do(func() {
		var libs []*layout.Library
		for _, f := range files {
			l, err := gds.ReadFile(f, gds.ReadOptions{})
			if err != nil {
				sheetErr = err
				return
			}
			libs = append(libs, l)
		}
		lib, err := sheet.Merge("SHEET", libs...)
		if err != nil {
			sheetErr = err
			return
		}
		top, err := sheet.Place(lib, "SHEET", sheet.Options{Gap: 2000})
		sheetLib, sheetTop, sheetErr = lib, top, err
	})
	if sheetErr != nil {
		tb.Fatal(sheetErr)
	}
	return sheetLib, sheetTop
}

// rawRings returns the raw polygons of a layer of the flat sheet.
func rawRings(lib *layout.Library, top *layout.Cell, k layout.LayerKey) (*region.Region, [][]layout.Point) {
	r := region.FromFlat(lib, top, k)
	rings := make([][]layout.Point, r.Len())
	for i := range rings {
		rings[i] = slices.Clone(r.Hull(i))
	}
	return r, rings
}

// TestSky130MatchesKLayout runs the sky130 deck's width, space, notch,
// enclosure, overlap, separation and area values on the real library and
// compares with KLayout on its own merged layers, and again on the layers
// merged by our geometry kernel (FromRegion): the integration path.
func TestSky130MatchesKLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("real-data cross-check skipped in -short mode")
	}
	lib, top := sky130Sheet(t)
	type layerCase struct {
		a, b   string
		checks []klCheck
	}
	sq, pr := CheckOptions{Metric: Square}, CheckOptions{Metric: Projection}
	lcs := []layerCase{
		{a: "li1", checks: []klCheck{{"width", 170, eu}, {"space", 170, eu}, {"notch", 170, eu}, {"isolated", 170, eu},
			{"space", 170, pr}, {"area", 0, CheckOptions{MaxProjection: 56100}}}},
		{a: "met1", b: "mcon", checks: []klCheck{{"width", 140, eu}, {"space", 140, eu}, {"space", 140, sq},
			{"enclosing", 30, eu}, {"enclosing", 60, pr}, {"area", 0, CheckOptions{MaxProjection: 83000}}}},
		{a: "poly", b: "diff", checks: []klCheck{{"width", 150, eu}, {"space", 210, eu}, {"separation", 75, eu},
			{"overlap", 250, eu}, {"enclosing", 130, eu}}},
		{a: "diff", b: "poly", checks: []klCheck{{"width", 150, eu}, {"space", 270, eu}, {"enclosing", 250, eu}, {"enclosed", 130, eu}}},
		{a: "licon", b: "li1", checks: []klCheck{{"space", 170, eu}, {"enclosed", 80, eu}, {"grid", 10, eu}}},
		{a: "mcon", checks: []klCheck{{"space", 190, eu}, {"width", 171, eu}}},
	}
	var cases []klCase
	kernel := map[int][2][]Polygon{}
	for i, lc := range lcs {
		ra, a := rawRings(lib, top, sky130Layers[lc.a])
		c := klCase{name: "sky130_fd_sc_hd sheet: " + lc.a, a: a, checks: lc.checks}
		kp := [2][]Polygon{FromRegion(ra), nil}
		if lc.b != "" {
			rb, b := rawRings(lib, top, sky130Layers[lc.b])
			c.b = b
			c.name += " / " + lc.b
			kp[1] = FromRegion(rb)
		}
		cases = append(cases, c)
		kernel[i] = kp
	}
	res := runKLayout(t, cases)
	checks, pairs := compareWithKLayout(t, cases, res)
	t.Logf("on KLayout's merged layers: %d checks, %d KLayout results", checks, pairs)

	// The same checks on the kernel's merge.
	kres := make([]klResult, len(res))
	for i := range res {
		kres[i] = res[i]
		kres[i].a, kres[i].b = kernel[i][0], kernel[i][1]
		if len(kres[i].a) != len(res[i].a) || len(kres[i].b) != len(res[i].b) {
			t.Errorf("%s: the kernel merges into %d/%d polygons, KLayout into %d/%d", cases[i].name,
				len(kres[i].a), len(kres[i].b), len(res[i].a), len(res[i].b))
		}
	}
	for i := range cases {
		cases[i].name += " (kernel merge)"
	}
	compareWithKLayout(t, cases, kres)
}

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("LAYOUTMIG_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 1
}

var (
	benchOnce  sync.Once
	benchPolys map[string][]Polygon
)

// benchLayers returns the merged li1, met1 and mcon of the sky130 sheet
// arrayed N x N, merged by the geometry kernel.
func benchLayers(b *testing.B) map[string][]Polygon { return benchLayersT(b) }

func benchLayersT(b testing.TB) map[string][]Polygon {
	lib, top := sky130Sheet(b)
	benchOnce.Do(func() {
		arr := top
		if n := benchN(); n > 1 {
			arr = sheet.Array(lib, top, "ARRAY", n, n, 2000)
		}
		benchPolys = map[string][]Polygon{}
		for _, l := range []string{"li1", "met1", "mcon"} {
			benchPolys[l] = FromRegion(region.FromFlat(lib, arr, sky130Layers[l]))
		}
	})
	return benchPolys
}

func benchCheck(b *testing.B, polys []Polygon, f func() []EdgePair) {
	edges := 0
	for i := range polys {
		edges += polys[i].NumEdges()
	}
	b.ReportAllocs()
	b.ResetTimer()
	var out []EdgePair
	for range b.N {
		out = f()
	}
	b.ReportMetric(float64(edges), "edges")
	b.ReportMetric(float64(len(out)), "pairs")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(edges), "ns/edge")
}

// BenchmarkChecks measures the sky130 rules li.1/li.3 (li1 width and space
// 0.17 µm), m1.1/m1.2 (met1 width and space 0.14 µm), ct.2 (mcon space
// 0.19 µm) and m1.4 (met1 enclosure of mcon 0.03 µm) on the merged layers
// of the library sheet (merging not timed).
func BenchmarkChecks(b *testing.B) {
	d := benchLayers(b)
	li, m1, mc := d["li1"], d["met1"], d["mcon"]
	b.Run("li1-width-170", func(b *testing.B) { benchCheck(b, li, func() []EdgePair { return Width(li, 170, CheckOptions{}) }) })
	b.Run("li1-space-170", func(b *testing.B) { benchCheck(b, li, func() []EdgePair { return Space(li, 170, CheckOptions{}) }) })
	b.Run("met1-width-140", func(b *testing.B) { benchCheck(b, m1, func() []EdgePair { return Width(m1, 140, CheckOptions{}) }) })
	b.Run("met1-space-140", func(b *testing.B) { benchCheck(b, m1, func() []EdgePair { return Space(m1, 140, CheckOptions{}) }) })
	b.Run("mcon-space-190", func(b *testing.B) { benchCheck(b, mc, func() []EdgePair { return Space(mc, 190, CheckOptions{}) }) })
	b.Run("met1-enclosing-mcon-30", func(b *testing.B) {
		benchCheck(b, append(slices.Clip(m1), mc...), func() []EdgePair { return Enclosing(m1, mc, 30, CheckOptions{}) })
	})
}
