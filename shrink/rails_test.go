package shrink

import (
	"math"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

var (
	nwellSrc = layout.LayerKey{Layer: 21, Datatype: 0}
	nplusSrc = layout.LayerKey{Layer: 32, Datatype: 0}
	pplusSrc = layout.LayerKey{Layer: 31, Datatype: 0}
	via1Src  = layout.LayerKey{Layer: 35, Datatype: 0}
	polySrc  = layout.LayerKey{Layer: 30, Datatype: 0}
	poly     = layout.LayerKey{Layer: 66, Datatype: 20}
	met1     = layout.LayerKey{Layer: 68, Datatype: 20}
	met1Pin  = layout.LayerKey{Layer: 68, Datatype: 16}
	met1Lbl  = layout.LayerKey{Layer: 68, Datatype: 5}
	mcon     = layout.LayerKey{Layer: 67, Datatype: 44}
	nwell    = layout.LayerKey{Layer: 64, Datatype: 20}
	nsdm     = layout.LayerKey{Layer: 93, Datatype: 44}
	psdm     = layout.LayerKey{Layer: 94, Datatype: 20}
)

// railCell is a gf180mcu 7-track style inverter frame, 2.24 x 3.92 µm:
// Metal1 rails 0.6 µm tall on both row edges with their labels, Nwell,
// Nplus and Pplus
// reaching 0.43 and 0.2 µm past the sides, and a Via1 near the bottom
// rail. height is the outline height (3920 for one row).
func railCell(height int32) *layout.Library {
	lib := layout.NewLibrary("R")
	c := layout.NewCell("INV")
	c.Shapes(prb).Polygons.Add(box(0, 0, 2240, height), nil)
	c.Shapes(metal1).Polygons.Add(box(0, -300, 2240, 300), nil)
	c.Shapes(metal1).Polygons.Add(box(0, 3620, 2240, 4220), nil)
	c.Shapes(m1label).Texts = []layout.Text{{Pos: layout.Point{X: 1120}, String: "VSS"}, {Pos: layout.Point{X: 1120, Y: 3920}, String: "VDD"}}
	c.Shapes(nwellSrc).Polygons.Add(box(-430, 1760, 2670, 4350), nil)
	c.Shapes(nplusSrc).Polygons.Add(box(-200, -200, 2440, 1760), nil)
	c.Shapes(pplusSrc).Polygons.Add(box(-200, 1760, 2440, 4120), nil)
	// Scaled by 34/49: 0.72..0.97 µm across, on the bottom rail, closer
	// than the 0.19 µm mcon spacing to the rail cut at 0.605..0.775.
	c.Shapes(via1Src).Polygons.Add(box(1040, -122, 1285, 123), nil)
	// A gate from 0.12 µm above the bottom edge to 0.12 µm below the top
	// one, as in gf180mcu inv_1.
	c.Shapes(polySrc).Polygons.Add(box(620, 120, 1220, 3800), nil)
	lib.AddCell(c)
	return lib
}

// covered is the area of b (dbu²) the merged layer k of c covers.
func covered(c *layout.Cell, k layout.LayerKey, b layout.Box) int64 {
	r := region.New()
	r.AddBox(b)
	return r.And(region.FromCell(c, k).Merged()).Area()
}

func bx(x0, y0, x1, y1 int32) layout.Box {
	return layout.Box{Min: layout.Point{X: x0, Y: y0}, Max: layout.Point{X: x1, Y: y1}}
}

// TestRailsLikeTheHDLibrary migrates railCell by the sky130 recipe and finds
// the hd rails, cut rows, pins, labels and bands on the 1.84 µm outline.
func TestRailsLikeTheHDLibrary(t *testing.T) {
	m := migrator(t, "gf180mcu-to-sky130", Options{CheckNets: true})
	out, res, err := m.Migrate(railCell(3920))
	if err != nil {
		t.Fatal(err)
	}
	c := out.Cells[0]
	if o := res.Cells[0].OutlineAfter; o == nil || *o != [4]float64{0, 0, 1.84, 2.72} {
		t.Fatalf("outline %v, want [0 0 1.84 2.72]", o)
	}
	full := func(b layout.Box) int64 { return b.Width() * b.Height() }
	cases := []struct {
		name string
		k    layout.LayerKey
		b    layout.Box
	}{
		{"li1 VGND rail", li1, bx(0, -85, 1840, 85)},
		{"li1 VPWR rail", li1, bx(0, 2635, 1840, 2805)},
		{"met1 VGND rail", met1, bx(0, -240, 1840, 240)},
		{"met1 VPWR rail", met1, bx(0, 2480, 1840, 2960)},
		{"met1 VGND pin", met1Pin, bx(0, -240, 1840, 240)},
		{"nwell band past both sides", nwell, bx(-190, 1305, 2030, 2910)},
		{"nsdm band", nsdm, bx(0, -190, 1840, 1015)},
		{"psdm band", psdm, bx(0, 1355, 1840, 2910)},
	}
	for _, tc := range cases {
		if got := covered(c, tc.k, tc.b); got != full(tc.b) {
			t.Errorf("%s: %v covers %d of %d dbu²", tc.name, tc.k, got, full(tc.b))
		}
	}
	// Own wells and implants end at the outline's sides (the band's
	// extension aside).
	for _, k := range []layout.LayerKey{nsdm, psdm} {
		if b := c.Layers[k].Bounds(); b.Min.X != 0 || b.Max.X != 1840 {
			t.Errorf("%v spans x %d..%d, want 0..1840", k, b.Min.X, b.Max.X)
		}
	}
	if b := c.Layers[nwell].Bounds(); b.Min.X != -190 || b.Max.X != 2030 {
		t.Errorf("nwell spans x %d..%d, want -190..2030", b.Min.X, b.Max.X)
	}
	if got := covered(c, nwell, bx(-190, 1305, 0, 2910)) + covered(c, nwell, bx(1840, 1305, 2030, 2910)); got != 2*190*1605 {
		t.Errorf("nwell past the sides covers %d dbu², want exactly the band's %d", got, 2*190*1605)
	}
	// Cut rows: 0.145 + k*0.46 while the cut fits in 1.84: four per rail,
	// less the bottom ones closer than 0.19 µm to the cell's own mcon at
	// 0.72..0.89 µm (those at 0.605 and 1.065).
	var cuts []layout.Box
	for _, p := range c.Layers[mcon].Polygons.All() {
		cuts = append(cuts, layout.BoxOf(p))
	}
	want := map[layout.Box]bool{}
	for _, x := range []int32{145, 1525} {
		want[bx(x, -85, x+170, 85)] = true
	}
	for _, x := range []int32{145, 605, 1065, 1525} {
		want[bx(x, 2635, x+170, 2805)] = true
	}
	own := 0
	for _, b := range cuts {
		switch {
		case want[b]:
			delete(want, b)
		case b.Min.X == 720:
			own++
		default:
			t.Errorf("unexpected mcon %v", b)
		}
	}
	if len(want) > 0 || own != 1 {
		t.Errorf("missing rail cuts %v; own mcons %d, want 1", want, own)
	}
	texts := map[string]layout.Point{}
	for _, tx := range c.Layers[met1Lbl].Texts {
		texts[tx.String] = tx.Pos
	}
	if texts["VGND"] != (layout.Point{X: 230, Y: 0}) || texts["VPWR"] != (layout.Point{X: 230, Y: 2720}) {
		t.Errorf("met1 labels %v, want VGND at (230, 0) and VPWR at (230, 2720)", texts)
	}
	if ok := res.Cells[0].NetsOK; ok == nil || !*ok {
		t.Errorf("nets: %v", res.Cells[0].Nets)
	}
	if res.Cells[0].Fixes["rail"] != 4+6 || res.Cells[0].Fixes["band"] != 3 || res.Cells[0].Fixes["keepout"] != 2 {
		t.Errorf("fixes %v, want 10 rail shapes, 3 bands and 2 keep-outs (poly, li1)", res.Cells[0].Fixes)
	}
	// Within 0.085 µm of the sides li1 is the hd rail only: the scaled
	// Metal1 rail (0.42 µm tall) is cut back.
	for _, b := range []layout.Box{bx(0, 85, 85, 210), bx(0, -210, 85, -85), bx(1755, 85, 1840, 210)} {
		if got := covered(c, li1, b); got != 0 {
			t.Errorf("li1 covers %d dbu² of %v, beside the rail near a side", got, b)
		}
	}
	if got := covered(c, li1, bx(85, -210, 1555, 210)); got != 1470*420 {
		t.Errorf("the cell's own li1 rail inside the keep-out covers %d of %d dbu²", got, 1470*420)
	}
	// The gate, 0.085 µm from the row edges when scaled, keeps the hd
	// cells' 0.105 µm.
	if b := c.Layers[poly].Bounds(); b.Min.Y != 105 || b.Max.Y != 2615 {
		t.Errorf("poly spans y %d..%d, want 105..2615", b.Min.Y, b.Max.Y)
	}
}

// TestRailsSkipTallCells: a cell two rows high (a block, a multi-row cell)
// gets neither rails nor bands.
func TestRailsSkipTallCells(t *testing.T) {
	m := migrator(t, "gf180mcu-to-sky130", Options{})
	out, _, err := m.Migrate(railCell(7840))
	if err != nil {
		t.Fatal(err)
	}
	c := out.Cells[0]
	if c.Layers[met1] != nil || c.Layers[met1Lbl] != nil {
		t.Error("a two-row cell got met1 rails")
	}
	if b := c.Layers[nwell].Bounds(); b.Min.X >= 0 {
		t.Errorf("a two-row cell's nwell was cut to its outline: %v", b)
	}
}

// TestBandExceptAndClose: except keeps a band off the cell's opposite
// implant, close fills gaps narrower than the layer's spacing.
func TestBandExceptAndClose(t *testing.T) {
	lib := railCell(3920)
	c := lib.Cells[0]
	// An N+ tap in the upper half (scaled and snapped: 0.14..0.695 x 1.805..2.5 µm)
	// and, instead of the Pplus over the upper half, a P+ box under the
	// psdm band (scaled gap 0.245 µm < 0.38).
	c.Shapes(nplusSrc).Polygons.Add(box(200, 2600, 1000, 3600), nil)
	c.Layers[pplusSrc] = &layout.Shapes{}
	c.Shapes(pplusSrc).Polygons.Add(box(1400, 400, 2000, 1600), nil)
	for _, tc := range []struct {
		name   string
		except string
		close  bool
		check  func(t *testing.T, c *layout.Cell)
	}{
		{"band over the tap", "", false, func(t *testing.T, c *layout.Cell) {
			if covered(c, psdm, bx(140, 1805, 695, 2500)) == 0 {
				t.Error("without except the psdm band does not cover the N+ tap")
			}
		}},
		{"except nsdm", "nsdm", false, func(t *testing.T, c *layout.Cell) {
			if got := covered(c, psdm, bx(140, 1805, 695, 2500)); got != 0 {
				t.Errorf("psdm covers %d dbu² of the N+ tap", got)
			}
			if covered(c, psdm, bx(695, 1355, 1840, 2910)) != (1840-695)*(2910-1355) {
				t.Error("the band is missing beside the tap")
			}
		}},
		{"close", "", true, func(t *testing.T, c *layout.Cell) {
			if covered(c, psdm, bx(1000, 1110, 1350, 1355)) != 350*245 {
				t.Error("the 0.245 µm gap under the psdm band is still open")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := migrator(t, "gf180mcu-to-sky130", Options{})
			b := *m.recipe.Placement.Bands[2]
			if b.Layer != "psdm" {
				t.Fatalf("band 2 is %s, want psdm", b.Layer)
			}
			b.Except, b.Close = nil, tc.close
			if tc.except != "" {
				e, err := rules.ParseExpr(tc.except)
				if err != nil {
					t.Fatal(err)
				}
				b.Except = e
			}
			r := *m.recipe
			r.Placement.Bands = append([]*rules.Band{}, r.Placement.Bands...)
			r.Placement.Bands[2] = &b
			m.recipe = &r
			out, _, err := m.Migrate(lib)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, out.Cells[0])
		})
	}
}

// TestRailsOffGrid: rail and band values that would put shapes off the
// target grid are errors naming the recipe line.
func TestRailsOffGrid(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(p *rules.Placement)
		want string
	}{
		{"rail width", func(p *rules.Placement) { p.Rails[0].Layers[0].Width = 0.175 }, "rail width of li1 0.175 µm is not a multiple of 0.01 µm"},
		{"cut size", func(p *rules.Placement) { p.Rails[2].Cuts.Size = 0.165 }, "cut size 0.165 µm is not a multiple of 0.01 µm"},
		{"cut offset", func(p *rules.Placement) { p.Rails[3].Cuts.Offset = 0.1452 }, "cut offset 0.1452 µm"},
		{"band edge", func(p *rules.Placement) { p.Bands[0].From = 1.3051 }, "band nwell from 1.3051 µm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := migrator(t, "gf180mcu-to-sky130", Options{})
			r := *m.recipe
			p := &r.Placement
			rails := make([]*rules.Rail, len(p.Rails))
			for i, x := range p.Rails {
				cp := *x
				cp.Layers = append([]rules.RailLayer{}, x.Layers...)
				if x.Cuts != nil {
					cc := *x.Cuts
					cp.Cuts = &cc
				}
				rails[i] = &cp
			}
			bands := make([]*rules.Band, len(p.Bands))
			for i, x := range p.Bands {
				cp := *x
				bands[i] = &cp
			}
			p.Rails, p.Bands = rails, bands
			tc.edit(p)
			m.recipe = &r
			_, _, err := m.Migrate(railCell(3920))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "gf180mcu-to-sky130.yaml:") {
				t.Errorf("error %v, want it to name the recipe line and contain %q", err, tc.want)
			}
		})
	}
}

// TestBandReach: the hd nwell band reaches one site into the cell from each
// side, so a notch the cell's own nwell keeps in the middle (around N+ diff)
// stays; a cell without nwell of its own gets the whole band.
func TestBandReach(t *testing.T) {
	for _, tc := range []struct {
		name  string
		nwell [][]layout.Point
		// notch is empty of nwell after migration when set; full is
		// covered.
		notch, full *layout.Box
	}{
		{"notch in the middle", [][]layout.Point{{{X: -430, Y: 1760}, {X: -430, Y: 4350}, {X: 6430, Y: 4350}, {X: 6430, Y: 1760},
			{X: 3800, Y: 1760}, {X: 3800, Y: 2035}, {X: 2000, Y: 2035}, {X: 2000, Y: 1760}}},
			&layout.Box{Min: layout.Point{X: 1390, Y: 1305}, Max: layout.Point{X: 2635, Y: 1410}}, nil},
		{"no nwell of its own", nil, nil, &layout.Box{Min: layout.Point{X: -190, Y: 1305}, Max: layout.Point{X: 4790, Y: 2910}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lib := layout.NewLibrary("R")
			c := layout.NewCell("WIDE")
			c.Shapes(prb).Polygons.Add(box(0, 0, 6000, 3920), nil)
			for _, p := range tc.nwell {
				c.Shapes(nwellSrc).Polygons.Add(p, nil)
			}
			lib.AddCell(c)
			m := migrator(t, "gf180mcu-to-sky130", Options{})
			out, res, err := m.Migrate(lib)
			if err != nil {
				t.Fatal(err)
			}
			if o := res.Cells[0].OutlineAfter; o == nil || math.Abs(o[2]-4.6) > 1e-9 {
				t.Fatalf("outline %v, want 4.6 µm wide", o)
			}
			nc := out.Cells[0]
			// Both ends: the band from 1.305 to 2.91 µm, 0.19 µm past the
			// sides and 0.46 µm in.
			for _, b := range []layout.Box{bx(-190, 1305, 460, 2910), bx(4140, 1305, 4790, 2910)} {
				if got := covered(nc, nwell, b); got != b.Width()*b.Height() {
					t.Errorf("band end %v: covered %d of %d dbu²", b, got, b.Width()*b.Height())
				}
			}
			if tc.notch != nil {
				if got := covered(nc, nwell, *tc.notch); got != 0 {
					t.Errorf("the notch %v is filled (%d dbu²)", *tc.notch, got)
				}
				if b := nc.Layers[nwell].Bounds(); b.Min.Y != 1305 || b.Max.Y != 2910 {
					t.Errorf("nwell spans y %d..%d, want the clip range 1305..2910", b.Min.Y, b.Max.Y)
				}
			}
			if tc.full != nil {
				if got := covered(nc, nwell, *tc.full); got != tc.full.Width()*tc.full.Height() {
					t.Errorf("band %v: covered %d of %d dbu²", *tc.full, got, tc.full.Width()*tc.full.Height())
				}
			}
		})
	}
}

// TestRailsLibraryOnly: a cell another cell places (a placed design's cell,
// under the design's routing) gets the li1 rails but not the library-only
// met1 rails and mcons; a library cell gets both.
func TestRailsLibraryOnly(t *testing.T) {
	m := migrator(t, "gf180mcu-to-sky130", Options{CheckNets: true})
	out, res, err := m.Migrate(smallLib())
	if err != nil {
		t.Fatal(err)
	}
	leaf, top := out.Cell("LEAF"), out.Cell("TOP")
	if leaf.Layers[met1] != nil || leaf.Layers[mcon] != nil {
		t.Error("the placed cell got met1 rails or mcons")
	}
	if got := covered(leaf, li1, bx(0, 2635, 1840, 2805)); got != 1840*170 {
		t.Errorf("the placed cell's li1 VPWR rail covers %d of %d dbu²", got, 1840*170)
	}
	if top.Layers[met1] != nil {
		t.Error("the top cell (no outline) got rails")
	}
	// The leaf's nets (its rails are labelled); the top cell's columns
	// overlap once their outlines are stretched, which joins them.
	if st := res.Cells[0]; st.Cell != "LEAF" || st.NetsOK == nil || !*st.NetsOK {
		t.Errorf("%s: nets %v", st.Cell, st.Nets)
	}
	solo, _, err := m.Migrate(railCell(3920))
	if err != nil {
		t.Fatal(err)
	}
	if solo.Cells[0].Layers[met1] == nil || solo.Cells[0].Layers[mcon] == nil {
		t.Error("the library cell got no met1 rails or mcons")
	}
}
