package drc

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/internal/sheet"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// hierAgainstFlat runs the rules of tech on top hierarchically and flat and
// fails on the first difference (violation for violation, in order). It
// returns what the hierarchical run did.
func hierAgainstFlat(t *testing.T, lib *layout.Library, top *layout.Cell, tech *rules.Tech, opt Options) (*hierStats, *Report) {
	t.Helper()
	got, stats, err := run(t.Context(), lib, top, tech, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Flat = true
	want, _, err := run(t.Context(), lib, top, tech, opt)
	if err != nil {
		t.Fatal(err)
	}
	if d := sameResult(want, got); d != "" {
		t.Errorf("%s on %s: hierarchical differs from flat: %s", tech.Name, top.Name, d)
	}
	return stats, want
}

// Layers of the synthetic cells (sky130 numbers, which allkinds.yaml uses
// too).
var (
	lNwell = layout.LayerKey{Layer: 64, Datatype: 20}
	lDiff  = layout.LayerKey{Layer: 65, Datatype: 20}
	lPoly  = layout.LayerKey{Layer: 66, Datatype: 20}
	lLicon = layout.LayerKey{Layer: 66, Datatype: 44}
	lLi1   = layout.LayerKey{Layer: 67, Datatype: 20}
	lMet2  = layout.LayerKey{Layer: 69, Datatype: 20}
)

func addBox(c *layout.Cell, k layout.LayerKey, x0, y0, x1, y1 int32) {
	c.Shapes(k).Polygons.Add([]layout.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}, nil)
}

func addPoly(c *layout.Cell, k layout.LayerKey, pts ...int32) {
	var ps []layout.Point
	for i := 0; i+1 < len(pts); i += 2 {
		ps = append(ps, layout.Point{X: pts[i], Y: pts[i+1]})
	}
	c.Shapes(k).Polygons.Add(ps, nil)
}

// violator is a cell (about 1.4 x 2.2 µm) that breaks many rules of the
// sky130 deck and of allkinds.yaml: narrow and close met1, badly enclosed
// and uncovered mcon, a small li1 and a li1 notch, a 45-degree poly over
// diff (gates, extensions), off-grid met1 and met2 vertices, an odd licon,
// a path.
func violator() *layout.Cell {
	c := layout.NewCell("VIOLATOR")
	addBox(c, met1, 0, 0, 1000, 140)
	addBox(c, met1, 0, 300, 1000, 420)
	addBox(c, met1, 0, 520, 400, 1000)
	addBox(c, met1, 500, 520, 1003, 1000)
	addBox(c, mcon, 20, 540, 190, 710)
	addBox(c, mcon, 1200, 100, 1370, 270)
	addBox(c, lLi1, 0, 1200, 200, 1400)
	addPoly(c, lLi1, 300, 1100, 300, 1450, 900, 1450, 900, 1100, 760, 1100, 760, 1300, 440, 1300, 440, 1100)
	addBox(c, lLicon, 320, 1120, 480, 1290)
	addPoly(c, lPoly, 0, 1600, 300, 1900, 400, 1800, 100, 1500)
	addBox(c, lPoly, 700, 1450, 850, 1950)
	addBox(c, lDiff, 600, 1550, 1000, 1750)
	addBox(c, lMet2, 0, 2000, 333, 2141)
	addBox(c, lNwell, 1100, 0, 1385, 900)
	c.Shapes(lLi1).Paths = append(c.Shapes(lLi1).Paths, layout.Path{Width: 170, Type: layout.PathFlush,
		Points: []layout.Point{{X: 1000, Y: 1500}, {X: 1300, Y: 1500}, {X: 1300, Y: 2100}}})
	return c
}

// partner is a second cell, an L of li1 and met1 with an mcon, to place
// beside the violator.
func partner() *layout.Cell {
	c := layout.NewCell("PARTNER")
	addPoly(c, met1, 0, 0, 0, 800, 150, 800, 150, 150, 600, 150, 600, 0)
	addBox(c, lLi1, 0, 0, 170, 600)
	addBox(c, mcon, 10, 10, 180, 180)
	addBox(c, lNwell, -100, -100, 700, 900)
	return c
}

func ref(c *layout.Cell, x, y int32, angle float64, mirror bool, mag float64) layout.Ref {
	s := layout.Strans{Reflect: mirror, Angle: angle, HasAngle: angle != 0}
	if mag != 1 {
		s.Mag, s.HasMag = mag, true
	}
	return layout.Ref{Cell: c, Trans: s, Origin: layout.Point{X: x, Y: y}}
}

func arrayRef(c *layout.Cell, x, y int32, cols, rows int, dx, dy int32) layout.Ref {
	return layout.Ref{Cell: c, Origin: layout.Point{X: x, Y: y}, IsArray: true, Cols: cols, Rows: rows,
		ColStep: layout.Point{X: dx}, RowStep: layout.Point{Y: dy}}
}

// separation returns the separation the hierarchical check keeps for the
// whole deck of tech.
func separation(tech *rules.Tech) int64 {
	r := &runner{tech: tech, dbu: 0.001}
	var m int64
	for _, rule := range tech.Rules {
		if d, ok := r.ruleReach(rule); ok {
			m = max(m, d)
		}
	}
	return m + 2
}

// TestHierMatchesFlatOnSyntheticHierarchies places the violator and its
// partner in the ways that the hierarchical check must get right, and
// checks that the report is the flat one, for the sky130 deck and for
// allkinds.yaml (every check kind, derived layer and option).
func TestHierMatchesFlatOnSyntheticHierarchies(t *testing.T) {
	for _, name := range []string{"sky130", "testdata/allkinds.yaml"} {
		tech, err := techfiles.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		sep := int32(separation(tech))
		// The violator's box is (0,0)-(w,h); far is well beyond any
		// separation.
		const far = 20000
		vb := layout.NewLibrary("").Bounds(violator())
		w, h := vb.Max.X, vb.Max.Y
		if vb.Min != (layout.Point{}) {
			t.Fatalf("the violator's box %v does not start at the origin", vb)
		}
		cases := []struct {
			name string
			// build fills top; v and p are fresh violator and partner cells.
			build func(top, v, p *layout.Cell)
			// isolated is whether some placement must be checked as a variant.
			isolated bool
		}{
			{"rotations and mirrors", func(top, v, p *layout.Cell) {
				i := int32(0)
				for _, m := range []bool{false, true} {
					for _, a := range []float64{0, 90, 180, 270} {
						top.Refs = append(top.Refs, ref(v, i*far, 0, a, m, 1))
						i++
					}
				}
			}, true},
			{"magnified instances", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, ref(v, 0, 0, 0, false, 2), ref(v, far, 0, 90, true, 0.5), ref(v, 2*far, 0, 0, false, 1))
			}, true},
			{"array touching", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, arrayRef(v, 0, 0, 3, 2, w, h))
			}, false},
			{"array overlapping", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, arrayRef(v, 0, 0, 3, 2, w-300, h-500))
			}, false},
			{"array apart", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, arrayRef(v, 0, 0, 3, 2, w+far, h+far))
			}, true},
			{"array at separation", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, arrayRef(v, 0, 0, 3, 2, w+sep+1, h+sep+1))
			}, true},
			{"array at separation minus one", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, arrayRef(v, 0, 0, 3, 2, w+sep, h+sep))
			}, false},
			{"array at halo and halo minus one", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, arrayRef(v, 0, 0, 2, 1, w+sep-2, 0), arrayRef(v, 0, far, 2, 1, w+sep-3, 0))
			}, false},
			{"top shape touching an instance", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, ref(v, 0, 0, 0, false, 1), ref(v, far, 0, 0, false, 1))
				addBox(top, met1, 1000, -200, 1300, 0)
				addBox(top, lLi1, w+far, 0, w+far+200, 500)
				top.Refs = append(top.Refs, ref(v, 2*far, 0, 0, false, 1))
			}, true},
			{"top shapes near instances", func(top, v, p *layout.Cell) {
				for i, d := range []int32{1, 100, sep - 3, sep - 2, sep - 1, sep, sep + 1} {
					x := int32(i) * far
					top.Refs = append(top.Refs, ref(v, x, 0, 0, false, 1))
					addBox(top, met1, x+w+d, 0, x+w+d+200, 300)
					addBox(top, lNwell, x+w+d, 400, x+w+d+900, 1300)
					addBox(top, lLi1, x, -d-400, x+300, -d)
					addBox(top, lPoly, x+50, h+d, x+250, h+d+300)
				}
			}, true},
			{"nested three levels", func(top, v, p *layout.Cell) {
				b := layout.NewCell("B")
				b.Refs = append(b.Refs, ref(v, 0, 0, 90, false, 1), ref(p, 200, 1500, 0, false, 1), ref(v, 5000, 0, 0, true, 1))
				addBox(b, met1, -2200, -100, -1900, 200)
				c := layout.NewCell("C")
				c.Refs = append(c.Refs, ref(b, 0, 0, 0, false, 1), ref(b, 30000, 0, 180, false, 1), arrayRef(v, 0, 10000, 2, 2, 4000, 4000))
				addBox(c, lLi1, 8000, 9000, 8200, 9100)
				top.Refs = append(top.Refs, ref(c, 0, 0, 0, false, 1), ref(c, 0, 100000, 270, true, 1))
				addBox(top, met1, 2000, 20000, 2100, 20100)
			}, true},
			{"placed isolated and in context", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, ref(v, 0, 0, 0, false, 1), ref(p, w, 0, 0, false, 1), ref(v, far, 0, 0, false, 1), ref(p, 2*far, 0, 0, false, 1))
			}, true},
			{"displacements off the grid", func(top, v, p *layout.Cell) {
				top.Refs = append(top.Refs, ref(v, 3, 7, 0, false, 1), ref(v, far+3, 7, 0, false, 1), ref(v, 2*far+5, 0, 0, false, 1), ref(v, 3*far+1, 0, 90, false, 1))
			}, true},
			{"magnified and rotated inside a cell placed apart", func(top, v, p *layout.Cell) {
				m := layout.NewCell("M")
				m.Refs = append(m.Refs, ref(v, 0, 0, 0, false, 0.5), ref(v, 3001, 0, 30, false, 1), ref(p, 0, -3000, 0, false, 1))
				top.Refs = append(top.Refs, ref(m, -2*far-7, -far-3, 0, false, 1), ref(m, -7, -3, 0, false, 1), ref(m, 2*far+1, far+1, 0, false, 1), ref(v, 4*far, 0, 0, false, 1))
			}, true},
			{"oblique polygons placed apart", func(top, v, p *layout.Cell) {
				o := layout.NewCell("OBLIQUE")
				for _, k := range []layout.LayerKey{lLi1, met1, lPoly, lDiff, mcon} {
					addPoly(o, k, 0, 0, 1003, 417, 211, 1333)
					addPoly(o, k, 500, 100, 1500, 1201, 1377, 1453, 377, 352)
					addPoly(o, k, 1601, 0, 1850, 97, 1700, 1111)
				}
				for i, d := range [][2]int32{{0, 0}, {-far - 1, -far - 3}, {far + 7, 3}, {-3, far - 1}, {2*far + 1, -2*far + 1}} {
					top.Refs = append(top.Refs, ref(o, d[0], d[1], float64(90*(i%2)), i == 3, 1))
				}
			}, true},
			{"empty cells and a lone top shape", func(top, v, p *layout.Cell) {
				e := layout.NewCell("EMPTY")
				top.Refs = append(top.Refs, ref(e, 0, 0, 0, false, 1), ref(v, far, 0, 0, false, 1))
				addBox(top, met1, 0, 0, 100, 100)
			}, true},
		}
		for _, tc := range cases {
			t.Run(tech.Name+"/"+tc.name, func(t *testing.T) {
				lib := layout.NewLibrary("HIER")
				lib.MetersPerDBU, lib.UserUnit = 1e-9, 0.001
				v, p := violator(), partner()
				top := layout.NewCell("TOP")
				tc.build(top, v, p)
				for _, c := range []*layout.Cell{top, v, p} {
					lib.AddCell(c)
				}
				for _, r := range top.Refs {
					addCells(lib, r.Cell)
				}
				stats, rep := hierAgainstFlat(t, lib, top, tech, Options{Threads: 2})
				if rep.Total == 0 {
					t.Fatal("no violations: the comparison proves nothing")
				}
				if tc.isolated == stats.Flat {
					t.Errorf("isolated placements: %d (%d variants), want some: %v", stats.Isolated, stats.Variants, tc.isolated)
				}
			})
		}
	}
}

// addCells adds c and the cells under it to lib (once each).
func addCells(lib *layout.Library, c *layout.Cell) {
	if lib.Cell(c.Name) == c {
		return
	}
	if lib.Cell(c.Name) == nil {
		lib.AddCell(c)
	}
	for _, r := range c.Refs {
		addCells(lib, r.Cell)
	}
}

// scaleCells multiplies every coordinate of every cell of lib (shapes,
// placements, array steps) by f, rounded half away from zero: cells that
// break rules inside themselves, placed as before.
func scaleCells(lib *layout.Library, f float64) {
	sc := func(v int32) int32 { return int32(roundHalfAway(float64(v) * f)) }
	pt := func(p layout.Point) layout.Point { return layout.Point{X: sc(p.X), Y: sc(p.Y)} }
	for _, c := range lib.Cells {
		for _, s := range c.Layers {
			var ps layout.PolygonSet
			for i := 0; i < s.Polygons.Len(); i++ {
				var q []layout.Point
				for _, p := range s.Polygons.Polygon(i) {
					q = append(q, pt(p))
				}
				ps.Add(q, nil)
			}
			s.Polygons = ps
			for i := range s.Boxes {
				for j := range s.Boxes[i].Points {
					s.Boxes[i].Points[j] = pt(s.Boxes[i].Points[j])
				}
			}
			for i := range s.Paths {
				p := &s.Paths[i]
				for j := range p.Points {
					p.Points[j] = pt(p.Points[j])
				}
				p.Width, p.BgnExtn, p.EndExtn = sc(p.Width), sc(p.BgnExtn), sc(p.EndExtn)
			}
		}
		for i := range c.Refs {
			r := &c.Refs[i]
			r.Origin, r.ColStep, r.RowStep = pt(r.Origin), pt(r.ColStep), pt(r.RowStep)
		}
	}
	lib.InvalidateBounds()
}

// sheetArray is the sky130 cell library placed on one sheet with gaps of
// gapUM, arrayed nx x ny with gaps of arrayGapUM.
func sheetArray(t *testing.T, gapUM, arrayGapUM float64, nx, ny int) (*layout.Library, *layout.Cell, *layout.Cell) {
	t.Helper()
	shareddata.Require(t)
	lib, sh, _ := buildSheet(t, shareddata.LibraryFiles(t, "sky130/sky130_fd_sc_hd"), gapUM)
	arr := sheet.Array(lib, sh, "SHEET_ARRAY", nx, ny, int32(math.Round(arrayGapUM/lib.DBUMicrons())))
	lib.AddCell(arr)
	return lib, sh, arr
}

// TestHierMatchesFlatOnSky130Sheet checks the sky130 cell library sheet
// arrayed against the whole sky130 deck: as drawn with sheets apart (the
// sheet is checked once), and with every cell shrunk to 0.9 (tens of
// thousands of violations inside the cells) and the sheets abutting, so
// that the cells away from the sheet borders are checked once each and
// those at the borders flat with their neighbours.
func TestHierMatchesFlatOnSky130Sheet(t *testing.T) {
	if testing.Short() {
		t.Skip("checks the sky130 library sheet several times")
	}
	tech := sky130(t)
	for _, tc := range []struct {
		name           string
		arrayGap       float64
		nx, ny         int
		scale          float64
		wantViolations int
	}{
		{"as drawn, sheets apart", 2, 3, 2, 1, 1},
		{"shrunk, sheets abutting", 0, 2, 1, 0.9, 10000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lib, _, arr := sheetArray(t, 2, tc.arrayGap, tc.nx, tc.ny)
			if tc.scale != 1 {
				scaleCells(lib, tc.scale)
			}
			stats, rep := hierAgainstFlat(t, lib, arr, tech, Options{})
			if rep.Total < tc.wantViolations {
				t.Errorf("%d violations, want at least %d: the comparison would prove little", rep.Total, tc.wantViolations)
			}
			if stats.Flat {
				t.Error("nothing was isolated: the hierarchical check did not run")
			}
			t.Logf("%d violations; %d isolated placements of %d variants, %d cells opened", rep.Total, stats.Isolated, stats.Variants, stats.Pieces)
		})
	}
}

// TestHierChecksEachCellOnce proves that work is saved on the benchmark's
// hierarchy (the sheet arrayed 10 x 10): with sheets apart, the sheet is
// checked once for its 100 placements; with sheets abutting, the sheets
// are opened and each cell placed on them is checked at most once, for
// all its placements away from the sheet borders; a sheet placed once is
// opened, and each of its cells is checked once.
func TestHierChecksEachCellOnce(t *testing.T) {
	tech := sky130(t)
	rs := []string{"difftap.1", "difftap.3", "poly.1a", "poly.2", "li.1", "li.3", "li.6", "m1.1", "m1.2", "m1.6", "licon.2", "ct.2", "m1.4", "via.4a", "m2.1", "m2.2"}
	for _, tc := range []struct {
		name     string
		arrayGap float64
		n        int
	}{{"sheets apart", 2, 10}, {"sheets abutting", 0, 10}, {"one sheet", 2, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			lib, sh, arr := sheetArray(t, 2, tc.arrayGap, tc.n, tc.n)
			_, stats, err := run(t.Context(), lib, arr, tech, Options{Rules: rs})
			if err != nil {
				t.Fatal(err)
			}
			cells := len(sh.Refs)
			t.Logf("%d cells on the sheet: %d isolated placements of %d variants, %d cells opened", cells, stats.Isolated, stats.Variants, stats.Pieces)
			switch {
			case tc.n == 1:
				// Every cell once, but the spare-cell macro: placed once, it is
				// opened, and the cells it places abut (checked flat).
				if stats.Variants != stats.Isolated || stats.Isolated < cells-1 {
					t.Errorf("%d variants for %d placements, want each of the %d cells (but one) once", stats.Variants, stats.Isolated, cells)
				}
			case tc.arrayGap > 0:
				if stats.Variants != 1 || stats.Isolated != 100 {
					t.Errorf("%d variants for %d placements, want the sheet once for 100", stats.Variants, stats.Isolated)
				}
			default:
				if stats.Variants > cells {
					t.Errorf("%d variants for %d cells: some cell was checked more than once", stats.Variants, cells)
				}
				// Only the cells at the sheet borders meet the next sheet.
				if stats.Isolated < 50*stats.Variants {
					t.Errorf("%d isolated placements of %d variants: the cells were not checked once for most of their 100 placements", stats.Isolated, stats.Variants)
				}
			}
		})
	}
}

// TestHierMatchesFlatOnPlacedDesigns checks the placed designs of the
// shared data (abutting cells: nothing inside them is isolated) with their
// own technologies' whole decks, hierarchically and flat, and each design
// placed twice far apart in a new top cell: the design is checked once, as
// a variant, and its violations are reported at both placements, exactly
// the flat design's violations and their copy.
func TestHierMatchesFlatOnPlacedDesigns(t *testing.T) {
	if testing.Short() {
		t.Skip("checks four placed designs")
	}
	n := 0
	for _, f := range shareddata.PDKFiles(t) {
		if !strings.Contains(f, "/designs/") {
			continue
		}
		base := f[strings.LastIndex(f, "/")+1:]
		var techName string
		for _, tn := range []string{"sky130", "gf180mcu", "ihp-sg13g2"} {
			if strings.HasPrefix(base, tn+"_") {
				techName = tn
			}
		}
		if techName == "" {
			continue
		}
		n++
		t.Run(base, func(t *testing.T) {
			tech, err := techfiles.Load(techName)
			if err != nil {
				t.Fatal(err)
			}
			lib, err := gds.ReadFile(f, gds.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			tops := lib.TopCells()
			if len(tops) != 1 {
				t.Fatalf("%d top cells", len(tops))
			}
			design := tops[0]
			var flat *Report
			// Where nothing inside the design is isolated, the hierarchical
			// check of the design alone is the flat one: it is run only if
			// the walk finds something.
			if p := (&runner{tech: tech, dbu: lib.DBUMicrons()}).planHier(lib, design, tech.Rules); !p.stats.Flat {
				t.Logf("%d isolated placements of %d variants inside the design", p.stats.Isolated, p.stats.Variants)
				_, flat = hierAgainstFlat(t, lib, design, tech, Options{})
			} else {
				if flat, err = Run(t.Context(), lib, design, tech, Options{Flat: true}); err != nil {
					t.Fatal(err)
				}
			}
			// The design twice, 50 µm apart.
			b := lib.Bounds(design)
			dx := int32(b.Width()) + 50000
			twice := layout.NewCell("TWICE")
			twice.Refs = append(twice.Refs, ref(design, 0, 0, 0, false, 1), ref(design, dx, 0, 0, false, 1))
			lib.AddCell(twice)
			got, stats, err := run(t.Context(), lib, twice, tech, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if stats.Variants != 1 || stats.Isolated != 2 {
				t.Errorf("%d isolated placements of %d variants, want the design once for its two placements", stats.Isolated, stats.Variants)
			}
			var want []string
			for _, v := range flat.Violations {
				want = append(want, markerKey(v, 0, lib.DBUMicrons()), markerKey(v, dx, lib.DBUMicrons()))
			}
			var have []string
			for _, v := range got.Violations {
				have = append(have, markerKey(v, 0, lib.DBUMicrons()))
			}
			slices.Sort(want)
			slices.Sort(have)
			if !slices.Equal(want, have) {
				missing, extra := diffSorted(want, have)
				t.Errorf("the design placed twice: %d violations, want %d (twice the flat design's); %d missing (first %.3q), %d extra (first %.3q)",
					len(have), len(want), len(missing), missing, len(extra), extra)
			}
			t.Logf("%d violations in the design", flat.Total)
		})
	}
	if n != 4 {
		t.Errorf("%d placed designs, want 4", n)
	}
}

// markerKey is a violation as text in database units, moved by dx.
func markerKey(v Violation, dx int32, dbu float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", v.Rule, v.Kind)
	for _, c := range v.CoordsUM {
		b.WriteString(" (")
		for i, x := range c {
			d := int64(math.Round(x / dbu))
			if i%2 == 0 {
				d += int64(dx)
			}
			fmt.Fprintf(&b, " %d", d)
		}
		b.WriteString(")")
	}
	return b.String()
}

// TestHierFallsBackToFlatOnACycle: a cell that places itself (which the
// GDS reader rejects, but a library built in memory may hold) is checked
// flat, to the flat walk's depth limit, rather than walked without end.
func TestHierFallsBackToFlatOnACycle(t *testing.T) {
	lib := layout.NewLibrary("CYCLE")
	lib.MetersPerDBU, lib.UserUnit = 1e-9, 0.001
	a := violator()
	top := layout.NewCell("TOP")
	top.Refs = append(top.Refs, ref(a, 0, 0, 0, false, 1), ref(a, 20000, 0, 0, false, 1))
	a.Refs = append(a.Refs, ref(a, 50000, 0, 0, false, 1))
	lib.AddCell(top)
	lib.AddCell(a)
	stats, rep := hierAgainstFlat(t, lib, top, sky130(t), Options{})
	if !stats.Flat {
		t.Errorf("a cyclic hierarchy was walked: %d isolated placements", stats.Isolated)
	}
	if rep.Total == 0 {
		t.Error("no violations: the comparison proves nothing")
	}
}
