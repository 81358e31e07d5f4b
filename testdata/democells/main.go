// Command democells draws the cells of the embedded demo layout (@demo): a
// small gf180mcu-style standard-cell library, drawn the way the cells of
// gf180mcu_fd_sc_mcu7t5v0 are (3.92 µm rows of 0.56 µm sites, Metal1 power
// rails, COMP, Poly2, Contact, Metal1, Nplus/Pplus, Nwell, LVPWELL,
// Dualgate, V5_XTOR and the PR boundary on 0/0, pin labels on the Metal1
// label layer 34/10), and clean under layoutmig's gf180mcu technology:
//
//	INV_X1    an inverter (input A, output Z), 4 sites
//	NAND2_X1  a two-input NAND (inputs A and B, output Z), 6 sites
//	BUF_X8    a buffer as wide as a flip-flop, 22 sites: a two-finger
//	          inverter driving an eight-finger one on wide diffusion with
//	          columns of contacts (2 x 11 on the P side), the stages
//	          joined by an unlabelled net
//
// Each cell is a top cell of the library, as in a cell library file. Every
// coordinate is a whole number of nanometres on the 5 nm grid, timestamps
// are fixed, so the output is the same bytes on every run.
//
// Run it from the repository root to refresh the embedded copy:
//
//	go run ./testdata/democells -o internal/demo/demo.gds
//
// (internal/demo embeds that file; its tests check that it equals what this
// program draws and that it is clean under gf180mcu.)
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

func main() {
	out := flag.String("o", "", "output GDSII file")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: democells -o OUT.gds")
		os.Exit(2)
	}
	if err := gds.WriteFile(*out, library()); err != nil {
		fmt.Fprintf(os.Stderr, "democells: %v\n", err)
		os.Exit(1)
	}
}

// The gf180mcu layers the cells are drawn on (FACTS.md, DRM layer table).
var (
	prBoundary = layout.LayerKey{Layer: 0, Datatype: 0}
	nwell      = layout.LayerKey{Layer: 21, Datatype: 0}
	comp       = layout.LayerKey{Layer: 22, Datatype: 0}
	poly2      = layout.LayerKey{Layer: 30, Datatype: 0}
	pplus      = layout.LayerKey{Layer: 31, Datatype: 0}
	nplus      = layout.LayerKey{Layer: 32, Datatype: 0}
	contact    = layout.LayerKey{Layer: 33, Datatype: 0}
	metal1     = layout.LayerKey{Layer: 34, Datatype: 0}
	metal1Lbl  = layout.LayerKey{Layer: 34, Datatype: 10}
	dualgate   = layout.LayerKey{Layer: 55, Datatype: 0}
	v5xtor     = layout.LayerKey{Layer: 112, Datatype: 1}
	lvpwell    = layout.LayerKey{Layer: 204, Datatype: 0}
)

// libName is the library name of the demo.
const libName = "LAYOUTMIG_DEMO"

// stamp is the fixed modification and access time of the library and of
// every cell.
var stamp = layout.Timestamp{2024, 1, 1, 0, 0, 0}

// Row geometry, in nm, as in gf180mcu_fd_sc_mcu7t5v0.
const (
	site      = 560  // placement site width
	rowHeight = 3920 // 7 tracks
	wellEdge  = 1760 // Nwell above, LVPWELL below
	rail      = 300  // half the width of a power rail
)

// Device geometry, in nm. A column of source/drain contacts and a gate
// alternate at a pitch of two sites: contact, 0.15 µm to the gate (CO.7),
// a 0.60 µm gate, 0.15 µm to the next contact.
const (
	cut      = 220  // contact size (CO.1)
	cutSpace = 250  // contact space (CO.2a)
	encl     = 70   // COMP and Poly2 enclosure of a contact (CO.3, CO.4)
	m1Encl   = 5    // Metal1 enclosure of a contact (CO.6)
	gateLen  = 600  // drawn gate length (5 V NMOS)
	toGate   = 150  // contact to gate (CO.7)
	pitch    = 1120 // column to column: cut + 2*toGate + gateLen
	col0     = 250  // left edge of the first contact column
	nBottom  = 340  // NMOS COMP
	nTop     = 1160 //
	pBottom  = 2360 // PMOS COMP
	pTop     = 3580 //
	polyEnd  = 220  // Poly2 end cap past COMP (PL.4)
	nCutY    = 640  // the NMOS contact row
	pCutY1   = 2630 // the two PMOS contact rows
	pCutY2   = 3100 //
	padEncl  = 70   // Metal1 input pads past their contact, left and right
	padCutY  = 1630 // poly contacts of the inputs
	polyBarY = 1560 // poly bars joining fingers: padCutY - encl .. + cut + encl
)

// library draws the demo library.
func library() *layout.Library {
	lib := layout.NewLibrary(libName)
	lib.Modified, lib.Accessed = stamp, stamp
	lib.AddCell(inverter())
	lib.AddCell(nand2())
	lib.AddCell(buffer())
	return lib
}

func newCell(name string) *layout.Cell {
	c := layout.NewCell(name)
	c.Modified, c.Accessed = stamp, stamp
	return c
}

func box(c *layout.Cell, k layout.LayerKey, x1, y1, x2, y2 int32) {
	c.Shapes(k).Polygons.Add([]layout.Point{{X: x1, Y: y1}, {X: x2, Y: y1}, {X: x2, Y: y2}, {X: x1, Y: y2}}, nil)
}

// label places a pin name on the Metal1 label layer.
func label(c *layout.Cell, name string, x, y int32) {
	s := c.Shapes(metal1Lbl)
	s.Texts = append(s.Texts, layout.Text{Pos: layout.Point{X: x, Y: y}, String: name})
}

// frame draws what every cell of width w has: outline, wells, implants,
// thick-oxide and 5 V markers and the power rails with their labels.
func frame(c *layout.Cell, w int32) {
	box(c, v5xtor, 0, 0, w, rowHeight)
	box(c, nwell, -430, wellEdge, w+430, rowHeight+430)
	box(c, lvpwell, -430, -430, w+430, wellEdge)
	box(c, dualgate, -280, -280, w+280, rowHeight+280)
	box(c, nplus, -200, -200, w+200, wellEdge)
	box(c, pplus, -200, wellEdge, w+200, rowHeight+200)
	box(c, metal1, 0, -rail, w, rail)                    // VSS
	box(c, metal1, 0, rowHeight-rail, w, rowHeight+rail) // VDD
	box(c, prBoundary, 0, 0, w, rowHeight)
	label(c, "VSS", w/2, 0)
	label(c, "VDD", w/2, rowHeight)
}

// colX is the left edge of contact column i.
func colX(i int) int32 { return col0 + int32(i)*pitch }

// gateX is the left edge of the gate right of column i.
func gateX(i int) int32 { return colX(i) + cut + toGate }

// actives draws the NMOS and PMOS COMP spanning columns 0 to n.
func actives(c *layout.Cell, n int) {
	box(c, comp, colX(0)-encl, nBottom, colX(n)+cut+encl, nTop)
	box(c, comp, colX(0)-encl, pBottom, colX(n)+cut+encl, pTop)
}

// gates draws the gate strips right of columns from to to-1 (both
// devices) and, when bar, joins them with a poly bar between the actives.
func gates(c *layout.Cell, from, to int, bar bool) {
	for i := from; i < to; i++ {
		box(c, poly2, gateX(i), nBottom-polyEnd, gateX(i)+gateLen, pTop+polyEnd)
	}
	if bar && to-from > 1 {
		box(c, poly2, gateX(from), polyBarY, gateX(to-1)+gateLen, polyBarY+cut+2*encl)
	}
}

// nCut and pCuts draw the contacts of column i on the NMOS and PMOS side.
func nCut(c *layout.Cell, i int) {
	box(c, contact, colX(i), nCutY, colX(i)+cut, nCutY+cut)
}

func pCuts(c *layout.Cell, i int) {
	for _, y := range []int32{pCutY1, pCutY2} {
		box(c, contact, colX(i), y, colX(i)+cut, y+cut)
	}
}

// strap draws a Metal1 strap over column i from y1 to y2.
func strap(c *layout.Cell, i int, y1, y2 int32) {
	box(c, metal1, colX(i)-m1Encl, y1, colX(i)+cut+m1Encl, y2)
}

// source ties column i to VSS (NMOS) and VDD (PMOS).
func source(c *layout.Cell, i int) {
	nCut(c, i)
	pCuts(c, i)
	strap(c, i, 0, nCutY+cut+m1Encl)
	strap(c, i, pCutY1-m1Encl, rowHeight)
}

// drain joins the NMOS and PMOS contacts of column i with one strap.
func drain(c *layout.Cell, i int) {
	nCut(c, i)
	pCuts(c, i)
	strap(c, i, nCutY-m1Encl, pCutY2+cut+m1Encl)
}

// input draws the poly contact of the gate right of column i at height y
// and a Metal1 pad over it from y1 to y2, padEncl wider than the contact on
// each side (0.265 µm from the neighbouring straps; M1.2a is 0.23 µm).
func input(c *layout.Cell, i int, y, y1, y2 int32) {
	x := gateX(i) + (gateLen-cut)/2
	box(c, contact, x, y, x+cut, y+cut)
	box(c, metal1, x-padEncl, y1, x+cut+padEncl, y2)
}

// inverter is INV_X1: one finger, input A, output Z.
func inverter() *layout.Cell {
	c := newCell("INV_X1")
	w := int32(4 * site)
	frame(c, w)
	actives(c, 1)
	gates(c, 0, 1, false)
	source(c, 0)
	drain(c, 1)
	input(c, 0, padCutY, 1380, 2000)
	label(c, "A", gateX(0)+gateLen/2, padCutY+cut/2)
	label(c, "Z", colX(1)+cut/2, 1960)
	return c
}

// nand2 is NAND2_X1: NMOS in series (A, B), PMOS in parallel, output Z
// from the NMOS drain (column 2) to the PMOS drain (column 1).
func nand2() *layout.Cell {
	c := newCell("NAND2_X1")
	w := int32(6 * site)
	frame(c, w)
	actives(c, 2)
	gates(c, 0, 2, false)
	source(c, 0)
	// Column 1: PMOS drain only (the NMOS devices are in series there).
	pCuts(c, 1)
	strap(c, 1, 2100, pCutY2+cut+m1Encl)
	// Column 2: NMOS drain and PMOS source.
	nCut(c, 2)
	pCuts(c, 2)
	strap(c, 2, nCutY-m1Encl, 2330)
	strap(c, 2, 2565, rowHeight)
	box(c, metal1, colX(1)-m1Encl, 2100, colX(2)+cut+m1Encl, 2330) // Z across
	input(c, 0, 1500, 1100, 1800)
	input(c, 1, 1500, 1100, 1800)
	label(c, "A", gateX(0)+gateLen/2, 1610)
	label(c, "B", gateX(1)+gateLen/2, 1610)
	label(c, "Z", colX(2)+cut/2, 1500)
	return c
}

// buffer is BUF_X8: a two-finger inverter (columns 0-2, input A) drives an
// eight-finger inverter (columns 2-10, output Z); even columns are
// sources, odd ones drains.
func buffer() *layout.Cell {
	c := newCell("BUF_X8")
	w := int32(22 * site)
	frame(c, w)
	actives(c, 10)
	gates(c, 0, 2, true)
	gates(c, 2, 10, true)
	for i := 0; i <= 10; i += 2 {
		source(c, i)
	}
	for i := 1; i < 10; i += 2 {
		drain(c, i)
	}
	// Input A on the first gate.
	input(c, 0, padCutY, 1500, 1980)
	// The first stage's output (column 1) to the second stage's gates,
	// through a poly contact on the first of them.
	input(c, 2, padCutY, padCutY-m1Encl, padCutY+cut+m1Encl)
	box(c, metal1, colX(1)-m1Encl, padCutY-m1Encl, gateX(2)+(gateLen-cut)/2+cut+padEncl, padCutY+cut+m1Encl)
	// The output drains joined below the poly bar.
	box(c, metal1, colX(3)-m1Encl, 1330, colX(9)+cut+m1Encl, 1560)
	label(c, "A", gateX(0)+gateLen/2, padCutY+cut/2)
	label(c, "Z", colX(5)+cut/2, 1445)
	return c
}
