package drc

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/klayout"
	"github.com/layoutmig/layoutmig/layout"
)

// klCheck is one check of a cross-check case.
type klCheck struct {
	check string
	d     int32
	opt   CheckOptions
}

func (c klCheck) String() string {
	s := fmt.Sprintf("%s(%d, %s", c.check, c.d, c.opt.Metric)
	if c.opt.WholeEdges {
		s += ", whole_edges"
	}
	if c.opt.AngleLimit != 0 {
		s += fmt.Sprintf(", angle_limit(%g)", c.opt.AngleLimit)
	}
	if c.opt.MinProjection != 0 || c.opt.MaxProjection != 0 {
		s += fmt.Sprintf(", projection_limits(%d, %d)", c.opt.MinProjection, c.opt.MaxProjection)
	}
	if c.opt.Transparent {
		s += ", transparent"
	}
	return s + ")"
}

// klCase is a layout of raw polygons on layers A (1/0) and B (2/0) and the
// checks to run on the merged layers.
type klCase struct {
	name   string
	a, b   [][]layout.Point
	checks []klCheck
}

// klResult is what KLayout answered for a case: its merged layers and the
// edge pairs of each check, as KLayout printed them.
type klResult struct {
	a, b  []Polygon
	pairs map[int][]string
	count map[int]int
}

// runKLayout writes all cases into one GDS file (a cell per case), runs
// testdata/klayout/checks.rb once and parses its answers.
func runKLayout(t *testing.T, cases []klCase) []klResult {
	t.Helper()
	klayout.Require(t)
	dir := t.TempDir()
	lib := layout.NewLibrary("DRCX")
	var spec bytes.Buffer
	for ci, c := range cases {
		cell := layout.NewCell(fmt.Sprintf("C%04d", ci))
		for _, p := range c.a {
			cell.Shapes(layout.LayerKey{Layer: 1}).Polygons.Add(p, nil)
		}
		for _, p := range c.b {
			cell.Shapes(layout.LayerKey{Layer: 2}).Polygons.Add(p, nil)
		}
		lib.AddCell(cell)
		for k, ch := range c.checks {
			o := ch.opt
			opt := func(v int64, set bool) string {
				if !set {
					return "-"
				}
				return strconv.FormatInt(v, 10)
			}
			angle := "-"
			if o.AngleLimit != 0 {
				angle = strconv.FormatFloat(o.AngleLimit, 'g', -1, 64)
			}
			fmt.Fprintf(&spec, "%s\t%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", cell.Name, k, ch.check, ch.d, o.Metric,
				b01(o.WholeEdges), angle, opt(o.MinProjection, o.MinProjection != 0), opt(o.MaxProjection, o.MaxProjection != 0),
				b01(!o.Transparent))
		}
	}
	gdsPath := filepath.Join(dir, "cases.gds")
	if err := gds.WriteFile(gdsPath, lib); err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, "spec.txt")
	if err := os.WriteFile(specPath, spec.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "klayout", "checks.rb"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	out, err := klayout.Run(ctx, script, map[string]string{"gds": gdsPath, "spec": specPath})
	if err != nil {
		t.Fatal(err)
	}
	res := make([]klResult, len(cases))
	for i := range res {
		res[i] = klResult{pairs: map[int][]string{}, count: map[int]int{}}
	}
	done := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if f[0] == "DONE" {
			done = true
			continue
		}
		if len(f) != 4 {
			continue
		}
		ci, err := strconv.Atoi(strings.TrimPrefix(f[1], "C"))
		if err != nil || ci >= len(cases) {
			t.Fatalf("bad KLayout line %q", sc.Text())
		}
		r := &res[ci]
		switch f[0] {
		case "P":
			p, err := parsePolygon(f[3])
			if err != nil {
				t.Fatalf("KLayout polygon %q: %v", f[3], err)
			}
			if f[2] == "1" {
				r.a = append(r.a, p)
			} else {
				r.b = append(r.b, p)
			}
		case "R":
			k, _ := strconv.Atoi(f[2])
			if cases[ci].checks[k].check == "area" {
				r.pairs[k] = append(r.pairs[k], f[3])
				continue
			}
			ep, err := parsePair(f[3])
			if err != nil {
				t.Fatalf("KLayout edge pair %q: %v", f[3], err)
			}
			r.pairs[k] = append(r.pairs[k], ep.String())
		case "N":
			k, _ := strconv.Atoi(f[2])
			n, _ := strconv.Atoi(f[3])
			r.count[k] = n
		}
	}
	if !done {
		t.Fatalf("KLayout did not finish:\n%s", out)
	}
	// KLayout's results are multisets: width and notch report two pairs
	// of edges with the same parts twice, the grid check a vertex where
	// a polygon touches itself twice.
	for i := range res {
		for _, v := range res[i].pairs {
			slices.Sort(v)
		}
	}
	return res
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func ringOf(p Polygon) []layout.Point {
	if len(p.Holes) != 0 {
		panic("raw input polygons have no holes")
	}
	return p.Hull
}

// probeCases turns the probe table into cross-check cases.
func probeCases() []klCase {
	var cs []klCase
	for _, p := range probes {
		c := klCase{name: "probe: " + p.name, checks: []klCheck{{p.check, p.d, p.opt}}}
		for _, q := range p.a {
			c.a = append(c.a, ringOf(q))
		}
		for _, q := range p.b {
			c.b = append(c.b, ringOf(q))
		}
		cs = append(cs, c)
	}
	return cs
}

// compareWithKLayout runs our checks on KLayout's merged layers and reports
// every difference, naming the case. It returns the number of checks
// compared and of edge pairs seen.
func compareWithKLayout(t *testing.T, cases []klCase, res []klResult) (checks, pairs int) {
	t.Helper()
	failures := 0
	perKind := map[string]int{}
	defer func() { t.Logf("KLayout results per check: %v", perKind) }()
	for ci, c := range cases {
		r := res[ci]
		for k, ch := range c.checks {
			var got []string
			switch ch.check {
			case "area":
				for _, p := range Area(r.a, int64(ch.d), ch.opt.MaxProjection) {
					got = append(got, p.String())
				}
				slices.Sort(got)
			case "grid":
				for _, q := range OffGridVertices(r.a, ch.d, ch.d) {
					e := Edge{q, q}
					got = append(got, EdgePair{First: e, Second: e}.String())
				}
				slices.Sort(got)
			default:
				got = pairStrings(runCheck(ch.check, r.a, r.b, ch.d, ch.opt))
			}
			want := r.pairs[k]
			perKind[ch.check] += len(want)
			checks++
			pairs += len(want)
			if slices.Equal(got, want) {
				continue
			}
			failures++
			if failures > 40 {
				continue
			}
			missing, extra := diff(want, got)
			t.Errorf("case %q (cell C%04d), %v:\n  A=%v\n  B=%v\n  KLayout only: %q\n  ours only:    %q",
				c.name, ci, ch, r.a, r.b, missing, extra)
		}
	}
	if failures > 40 {
		t.Errorf("... %d differing checks in all", failures)
	}
	return checks, pairs
}

// TestKLayoutEquality runs the probe table and a few hundred random layouts
// through KLayout (one run) and through our checks, on the same merged
// polygons, and fails on any difference.
func TestKLayoutEquality(t *testing.T) {
	klayout.Require(t)
	cases := probeCases()
	nProbe := len(cases)
	// LAYOUTMIG_DRC_CASES=n[,seed] runs more random layouts (soak testing).
	n, seed := 300, uint64(20250601)
	if v := os.Getenv("LAYOUTMIG_DRC_CASES"); v != "" {
		ns, ss, _ := strings.Cut(v, ",")
		n, _ = strconv.Atoi(ns)
		if ss != "" {
			seed, _ = strconv.ParseUint(ss, 10, 64)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 4))
	for i := range n {
		cases = append(cases, randomCase(rng, i))
	}
	res := runKLayout(t, cases)
	// The table's expected pairs must be KLayout's own answers: this keeps
	// the table honest and proves the harness reads KLayout right.
	for i, p := range probes {
		want := slices.Clone(p.want)
		slices.Sort(want)
		if got := res[i].pairs[0]; !slices.Equal(got, want) {
			t.Errorf("probe %q: KLayout reports %q, the table says %q", p.name, got, want)
		}
	}
	checks, pairs := compareWithKLayout(t, cases, res)
	t.Logf("%d probe rows and %d random layouts: %d checks, %d KLayout edge pairs compared", nProbe, len(cases)-nProbe, checks, pairs)
}

// --- random layouts -----------------------------------------------------------

// randomCase draws a small two-layer layout of boxes and 45° shapes (which
// KLayout merges) and a set of checks with random distances and options.
func randomCase(rng *rand.Rand, i int) klCase {
	c := klCase{name: fmt.Sprintf("random %d", i)}
	span := int32(600 + rng.IntN(1400))
	grid := []int32{1, 5, 10}[rng.IntN(3)]
	nA := 2 + rng.IntN(8)
	nB := 1 + rng.IntN(6)
	if i%5 == 4 {
		// Dense: many shapes merge into large polygons with holes, beyond
		// the 100 edges where KLayout's box scanner stops comparing all
		// pairs and sweeps instead.
		c.name = fmt.Sprintf("random %d (dense)", i)
		nA = 25 + rng.IntN(40)
		nB = 5 + rng.IntN(20)
		span = int32(1500 + rng.IntN(1500))
	}
	manhattan := rng.IntN(3) == 0
	for range nA {
		c.a = append(c.a, randomShape(rng, span, grid, manhattan))
	}
	for range nB {
		c.b = append(c.b, randomShape(rng, span, grid, manhattan))
	}
	ds := []int32{17, 40, 71, 100, 141, 150, 173, 250, 333}
	for range 2 {
		d := ds[rng.IntN(len(ds))]
		for _, m := range []Metric{Euclidean, Square, Projection} {
			for _, ch := range []string{"width", "space", "notch", "isolated", "separation", "enclosing", "enclosed", "overlap"} {
				c.checks = append(c.checks, klCheck{ch, d, CheckOptions{Metric: m}})
			}
		}
	}
	// Polygon checks: area windows around the polygons' own areas, and the
	// grids 5 and 10 (45° intersections leave vertices off them).
	for range 2 {
		lo := int32(rng.IntN(60000))
		c.checks = append(c.checks, klCheck{"area", lo, CheckOptions{MaxProjection: int64(lo) + int64(rng.IntN(200000))}})
	}
	c.checks = append(c.checks, klCheck{"grid", 5, CheckOptions{}}, klCheck{"grid", 10, CheckOptions{}})
	// A few option variants.
	d := ds[rng.IntN(len(ds))]
	for _, ch := range []string{"width", "space", "separation", "enclosing"} {
		var o CheckOptions
		switch rng.IntN(4) {
		case 0:
			o.WholeEdges = true
		case 1:
			o.Transparent = true
		case 2:
			o.AngleLimit = []float64{30, 60, 80, 120}[rng.IntN(4)]
		case 3:
			o.MinProjection = int64(rng.IntN(100))
			if rng.IntN(2) == 0 {
				o.MaxProjection = o.MinProjection + int64(50+rng.IntN(400))
			}
		}
		o.Metric = Metric(rng.IntN(3))
		c.checks = append(c.checks, klCheck{ch, d, o})
	}
	return c
}

func pt(x, y int32) layout.Point { return layout.Point{X: x, Y: y} }

// randomShape returns a raw shape: a box, or a 45° triangle, diamond,
// octagon, strip or trapezoid.
func randomShape(rng *rand.Rand, span, grid int32, manhattan bool) []layout.Point {
	r := func(n int32) int32 { return int32(rng.IntN(int(n/grid)+1)) * grid }
	x, y := r(span), r(span)
	w, h := 30+r(500), 30+r(500)
	kind := 0
	if !manhattan {
		kind = rng.IntN(7)
	}
	switch kind {
	case 1: // right triangle with a 45° hypotenuse
		s := w
		switch rng.IntN(4) {
		case 0:
			return []layout.Point{pt(x, y), pt(x, y+s), pt(x+s, y)}
		case 1:
			return []layout.Point{pt(x, y), pt(x+s, y+s), pt(x+s, y)}
		case 2:
			return []layout.Point{pt(x, y), pt(x, y+s), pt(x+s, y+s)}
		default:
			return []layout.Point{pt(x, y+s), pt(x+s, y+s), pt(x+s, y)}
		}
	case 2: // diamond
		s := w / 2
		return []layout.Point{pt(x-s, y), pt(x, y+s), pt(x+s, y), pt(x, y-s)}
	case 3: // octagon: box with cut corners
		cut := min(w, h) / (2 + int32(rng.IntN(3)))
		return []layout.Point{pt(x+cut, y), pt(x, y+cut), pt(x, y+h-cut), pt(x+cut, y+h), pt(x+w-cut, y+h), pt(x+w, y+h-cut), pt(x+w, y+cut), pt(x+w-cut, y)}
	case 4: // 45° strip
		l, wd := w, 20+r(150)
		if rng.IntN(2) == 0 {
			return []layout.Point{pt(x, y), pt(x+l, y+l), pt(x+l+wd, y+l), pt(x+wd, y)}
		}
		return []layout.Point{pt(x, y), pt(x-l, y+l), pt(x-l+wd, y+l), pt(x+wd, y)}
	case 5: // trapezoid with 45° flanks
		t := min(w/2-1, h)
		return []layout.Point{pt(x, y), pt(x+t, y+t), pt(x+w-t, y+t), pt(x+w, y)}
	}
	return []layout.Point{pt(x, y), pt(x, y+h), pt(x+w, y+h), pt(x+w, y)}
}
