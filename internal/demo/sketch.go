package demo

import "github.com/layoutmig/layoutmig/layout"

// Sketch is a small hand-drawn hierarchical layout in 1 nm database units
// with gf180mcu layer numbers, for tests that need hierarchy and rule
// violations (it breaks some gf180mcu rules; it is not a foundry-style
// cell). It holds, bottom-up:
//
//	CONT      one 0.22 µm contact, centred on the origin
//	INV_X1    an inverter (input A, output Z, rails VDD and VSS)
//	NAND2_X1  a two-input NAND (inputs A and B, output Z)
//	TAP_ROW   a substrate tap row: an 11 x 2 AREF of CONT, a Metal2 path and Via1 cuts
//	DEMO_TOP  the top cell: the tap row and two rows of cells, the upper row
//	          flipped (mirrored about x, and one cell rotated by 180 degrees),
//	          joined by two Metal2 paths
//
// Every vertex lies on a 5 nm grid; timestamps are fixed, so the library and
// the GDSII written from it are the same on every run. Each call returns a
// new copy.

// The gf180mcu layers the demo layouts draw on.
var (
	PRBoundary = layout.LayerKey{Layer: 0, Datatype: 0}
	Nwell      = layout.LayerKey{Layer: 21, Datatype: 0}
	COMP       = layout.LayerKey{Layer: 22, Datatype: 0}
	Poly2      = layout.LayerKey{Layer: 30, Datatype: 0}
	Pplus      = layout.LayerKey{Layer: 31, Datatype: 0}
	Nplus      = layout.LayerKey{Layer: 32, Datatype: 0}
	Contact    = layout.LayerKey{Layer: 33, Datatype: 0}
	Metal1     = layout.LayerKey{Layer: 34, Datatype: 0}
	Metal1Lbl  = layout.LayerKey{Layer: 34, Datatype: 10}
	Via1       = layout.LayerKey{Layer: 35, Datatype: 0}
	Metal2     = layout.LayerKey{Layer: 36, Datatype: 0}
)

// SketchName is the library name of the sketch.
const SketchName = "LAYOUTMIG_SKETCH"

// SketchTop is the name of the sketch's only top cell.
const SketchTop = "DEMO_TOP"

// stamp is the fixed modification and access time of the library and of
// every cell.
var stamp = layout.Timestamp{2024, 1, 1, 0, 0, 0}

// Cell geometry shared by the standard cells, in nm.
const (
	rowHeight = 3920 // 7 tracks of 0.56 µm
	invWidth  = 1680 // 3 tracks
	nandWidth = 2800 // 5 tracks
	rowGap    = 2000 // distance from the tap row's bottom to the first cell row
)

// Sketch returns a new copy of the sketch; callers may change it.
func Sketch() *layout.Library {
	lib := layout.NewLibrary(SketchName)
	lib.Modified, lib.Accessed = stamp, stamp
	cont := lib.AddCell(newCell("CONT"))
	cont.Shapes(Contact).Polygons.Add(rect(-110, -110, 110, 110), nil)
	inv := lib.AddCell(inverter())
	nand := lib.AddCell(nand2())
	tap := lib.AddCell(tapRow(cont))
	lib.AddCell(top(inv, nand, tap))
	return lib
}

func newCell(name string) *layout.Cell {
	c := layout.NewCell(name)
	c.Modified, c.Accessed = stamp, stamp
	return c
}

// rect returns the four corners of a rectangle, counter-clockwise from the
// lower left.
func rect(x1, y1, x2, y2 int32) []layout.Point {
	return []layout.Point{{X: x1, Y: y1}, {X: x2, Y: y1}, {X: x2, Y: y2}, {X: x1, Y: y2}}
}

func pts(xy ...int32) []layout.Point {
	p := make([]layout.Point, 0, len(xy)/2)
	for i := 0; i+1 < len(xy); i += 2 {
		p = append(p, layout.Point{X: xy[i], Y: xy[i+1]})
	}
	return p
}

func box(c *layout.Cell, k layout.LayerKey, x1, y1, x2, y2 int32) {
	c.Shapes(k).Polygons.Add(rect(x1, y1, x2, y2), nil)
}

// pin places a label centred on (x, y), as pin labels usually are.
func pin(c *layout.Cell, k layout.LayerKey, name string, x, y int32) {
	s := c.Shapes(k)
	s.Texts = append(s.Texts, layout.Text{
		Pos:             layout.Point{X: x, Y: y},
		String:          name,
		Presentation:    1<<2 | 1, // middle, centre
		HasPresentation: true,
	})
}

// stdCellFrame draws what every standard cell of width w has: its boundary,
// wells, implants and power rails.
func stdCellFrame(c *layout.Cell, w int32) {
	box(c, PRBoundary, 0, 0, w, rowHeight)
	box(c, Nwell, -200, 1960, w+200, rowHeight+400)
	box(c, Nplus, 200, 300, w-200, 1500)
	box(c, Pplus, 200, 2300, w-200, 3700)
	box(c, Metal1, 0, -300, w, 300)                    // VSS rail
	box(c, Metal1, 0, rowHeight-300, w, rowHeight+300) // VDD rail
	pin(c, Metal1Lbl, "VSS", w/2, 0)
	pin(c, Metal1Lbl, "VDD", w/2, rowHeight)
}

// gate draws a poly gate: a vertical strip from x1 to x2 across both
// active areas, with the input's contact pad on its left (from padX1 to the
// strip, padY1 to padY2). Strip and pad are one polygon.
func gate(c *layout.Cell, x1, x2, padX1, padY1, padY2 int32) {
	c.Shapes(Poly2).Polygons.Add(pts(
		x1, 300, x2, 300, x2, 3700, x1, 3700,
		x1, padY2, padX1, padY2, padX1, padY1, x1, padY1,
	), nil)
}

// inverter is a one-finger CMOS inverter.
func inverter() *layout.Cell {
	c := newCell("INV_X1")
	stdCellFrame(c, invWidth)
	// Active areas: NMOS below, PMOS above.
	box(c, COMP, 400, 500, 1400, 1300)
	box(c, COMP, 400, 2500, 1400, 3500)
	// Gate with input pad A on its left.
	gate(c, 750, 930, 400, 1720, 2160)
	// Contacts: sources, drains and the gate.
	for _, y := range []int32{790, 2890} {
		box(c, Contact, 490, y, 710, y+220)
		box(c, Contact, 1090, y, 1310, y+220)
	}
	box(c, Contact, 480, 1830, 700, 2050)
	// Metal1: sources to the rails, the drains joined as Z, the input pad.
	box(c, Metal1, 480, 0, 720, 1020)
	box(c, Metal1, 480, 2880, 720, rowHeight)
	box(c, Metal1, 1060, 780, 1340, 3120)
	box(c, Metal1, 400, 1790, 780, 2090)
	pin(c, Metal1Lbl, "A", 590, 1940)
	pin(c, Metal1Lbl, "Z", 1200, 1940)
	return c
}

// nand2 is a two-input NAND: NMOS in series, PMOS in parallel.
func nand2() *layout.Cell {
	c := newCell("NAND2_X1")
	stdCellFrame(c, nandWidth)
	box(c, COMP, 400, 500, 2400, 1300)
	box(c, COMP, 400, 2500, 2400, 3500)
	// Gate A with its pad on the left, gate B with its pad between the gates.
	gate(c, 750, 930, 400, 1720, 2160)
	gate(c, 1870, 2050, 1380, 1680, 2020)
	// Contacts: NMOS ends, PMOS ends and middle, gate pads.
	box(c, Contact, 490, 790, 710, 1010)
	box(c, Contact, 2090, 790, 2310, 1010)
	for _, x := range []int32{490, 1290, 2090} {
		box(c, Contact, x, 2890, x+220, 3110)
	}
	box(c, Contact, 480, 1830, 700, 2050)
	box(c, Contact, 1490, 1740, 1710, 1960)
	// Metal1: NMOS source to VSS, PMOS sources to VDD, output Z, input pads.
	box(c, Metal1, 480, 0, 720, 1020)
	box(c, Metal1, 480, 2880, 720, rowHeight)
	box(c, Metal1, 2080, 2880, 2320, rowHeight)
	c.Shapes(Metal1).Polygons.Add(pts(
		2060, 780, 2340, 780, 2340, 2480, 1520, 2480,
		1520, 3120, 1280, 3120, 1280, 2240, 2060, 2240,
	), nil)
	box(c, Metal1, 400, 1790, 780, 2090)
	box(c, Metal1, 1380, 1700, 1820, 2000)
	pin(c, Metal1Lbl, "A", 590, 1940)
	pin(c, Metal1Lbl, "B", 1600, 1850)
	pin(c, Metal1Lbl, "Z", 2200, 1500)
	return c
}

// tapRow is a substrate tap row as wide as a cell row, its contacts an
// 11 x 2 array of CONT.
func tapRow(cont *layout.Cell) *layout.Cell {
	const w = 2*invWidth + nandWidth // 6160
	c := newCell("TAP_ROW")
	box(c, PRBoundary, 0, 0, w, 1600)
	box(c, Pplus, 100, 100, w-100, 1500)
	box(c, COMP, 200, 200, w-200, 1400)
	box(c, Metal1, 250, 300, w-250, 1300)
	c.Refs = append(c.Refs, layout.Ref{
		Cell:    cont,
		Origin:  layout.Point{X: 560, Y: 540},
		IsArray: true,
		Cols:    11,
		Rows:    2,
		ColStep: layout.Point{X: 520, Y: 0},
		RowStep: layout.Point{X: 0, Y: 520},
	})
	// A Metal2 strap along the row, tied down by Via1 cuts.
	m2 := c.Shapes(Metal2)
	m2.Paths = append(m2.Paths, layout.Path{
		Points: pts(0, 800, w, 800),
		Width:  560,
		Type:   layout.PathFlush,
	})
	for x := int32(1040); x < w; x += 2040 {
		box(c, Via1, x, 670, x+260, 930)
	}
	pin(c, Metal1Lbl, "VSS", w/2, 800)
	return c
}

// top places the tap row, a row of INV, NAND2, INV above it and a flipped
// row of NAND2, INV (rotated by 180 degrees), INV above that, sharing the
// VDD rail, and routes two nets on Metal2.
func top(inv, nand, tap *layout.Cell) *layout.Cell {
	c := newCell(SketchTop)
	const (
		row1 = rowGap                 // origin y of the first row
		row2 = rowGap + 2*rowHeight   // origin y of the flipped row (its cells hang below it)
		w    = 2*invWidth + nandWidth // 6160
	)
	box(c, PRBoundary, 0, 0, w, row2)
	sref := func(cell *layout.Cell, x, y int32, t layout.Strans) {
		c.Refs = append(c.Refs, layout.Ref{Cell: cell, Origin: layout.Point{X: x, Y: y}, Trans: t})
	}
	mirror := layout.Strans{Reflect: true}
	rot180 := layout.Strans{Angle: 180, HasAngle: true}
	sref(tap, 0, 0, layout.Strans{})
	sref(inv, 0, row1, layout.Strans{})
	sref(nand, invWidth, row1, layout.Strans{})
	sref(inv, invWidth+nandWidth, row1, layout.Strans{})
	sref(nand, 0, row2, mirror)
	sref(inv, nandWidth+invWidth, row2, rot180) // spans x 2800..4480
	sref(inv, nandWidth+invWidth, row2, mirror)

	// Net N1: the first inverter's output Z to the NAND's input A.
	// Net N2: the NAND's output Z to the second inverter's input A, with
	// two bends.
	m2 := c.Shapes(Metal2)
	m2.Paths = append(m2.Paths,
		layout.Path{Points: pts(1200, 3940, 2270, 3940), Width: 280, Type: layout.PathExtended},
		layout.Path{Points: pts(3880, 3200, 4400, 3200, 4400, 3940, 5070, 3940), Width: 280, Type: layout.PathExtended},
	)
	for _, p := range [][2]int32{{1200, 3940}, {2270, 3940}, {3880, 3200}, {5070, 3940}} {
		box(c, Via1, p[0]-130, p[1]-130, p[0]+130, p[1]+130)
	}
	pin(c, Metal1Lbl, "VSS", 280, row1)
	pin(c, Metal1Lbl, "VDD", 280, row1+rowHeight)
	pin(c, Metal1Lbl, "VSS", 280, row2)
	return c
}
