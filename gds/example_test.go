package gds_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// Read a GDSII file and list its cells: what each draws itself and what it
// places.
func Example() {
	// A small library to read: an inverter placed once and as a 4 x 2 array.
	dir, err := os.MkdirTemp("", "gds-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "inv.gds")
	lib := layout.NewLibrary("DEMO")
	inv := layout.NewCell("INV")
	met1 := inv.Shapes(layout.LayerKey{Layer: 68, Datatype: 20})
	met1.Polygons.Add([]layout.Point{{X: 0, Y: 0}, {X: 460, Y: 0}, {X: 460, Y: 170}, {X: 0, Y: 170}}, nil)
	inv.Shapes(layout.LayerKey{Layer: 68, Datatype: 5}).Texts = []layout.Text{{Pos: layout.Point{X: 230, Y: 85}, String: "Y", Trans: layout.Strans{Mag: 1}}}
	lib.AddCell(inv)
	top := layout.NewCell("TOP")
	top.Refs = []layout.Ref{
		{Cell: inv, Trans: layout.Strans{Mag: 1}, Cols: 1, Rows: 1},
		{Cell: inv, Trans: layout.Strans{Mag: 1}, IsArray: true, Cols: 4, Rows: 2, ColStep: layout.Point{X: 460}, RowStep: layout.Point{Y: 2720}},
	}
	lib.AddCell(top)
	if err := gds.WriteFile(path, lib); err != nil {
		log.Fatal(err)
	}

	// Read it back.
	lib, err = gds.ReadFile(path, gds.ReadOptions{})
	if err != nil {
		log.Fatal(err) // a *gds.FormatError names the offset, record and cell
	}
	fmt.Printf("library %s, database unit %g µm\n", lib.Name, lib.DBUMicrons())
	for _, c := range lib.Cells {
		n := c.Count()
		placed := 0
		for i := range c.Refs {
			placed += c.Refs[i].Count()
		}
		fmt.Printf("cell %-4s %d polygons, %d texts, %d references placing %d instances\n",
			c.Name, n.Polygons, n.Texts, len(c.Refs), placed)
	}
	for _, c := range lib.TopCells() {
		fmt.Println("top cell:", c.Name)
	}
	// Output:
	// library DEMO, database unit 0.001 µm
	// cell INV  1 polygons, 1 texts, 0 references placing 0 instances
	// cell TOP  0 polygons, 0 texts, 2 references placing 9 instances
	// top cell: TOP
}
