package shrink_test

import (
	"fmt"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/shrink"
	"github.com/layoutmig/layoutmig/techfiles"
)

// A gf180mcu-style cell (a Metal1 rail with its label, inside a 2.24 x 3.92
// µm outline) moved to sky130 rows: Metal1 becomes li1, the outline lands on
// four 0.46 µm hd sites and the 2.72 µm row, and the cell gets the hd
// rails (per edge: an li1 and a met1 box, four mcons, li1 and met1 pins and
// labels)
// and the hd nwell, nsdm and psdm bands.
func ExampleMigrator_Migrate() {
	lib := layout.NewLibrary("DEMO")
	c := layout.NewCell("RAIL")
	metal1 := layout.LayerKey{Layer: 34, Datatype: 0}
	c.Shapes(metal1).Polygons.Add([]layout.Point{{X: 0, Y: -300}, {X: 0, Y: 300}, {X: 2240, Y: 300}, {X: 2240, Y: -300}}, nil)
	c.Shapes(layout.LayerKey{Layer: 34, Datatype: 10}).Texts = []layout.Text{{Pos: layout.Point{X: 1000}, String: "VSS"}}
	c.Shapes(layout.LayerKey{Layer: 0, Datatype: 0}).Polygons.Add([]layout.Point{{X: 0, Y: 0}, {X: 0, Y: 3920}, {X: 2240, Y: 3920}, {X: 2240, Y: 0}}, nil)
	lib.AddCell(c)

	r, src, tgt, err := techfiles.LoadMigration("gf180mcu-to-sky130")
	if err != nil {
		panic(err)
	}
	m, err := shrink.New(r, src, tgt, shrink.Options{CheckNets: true})
	if err != nil {
		panic(err)
	}
	out, res, err := m.Migrate(lib)
	if err != nil {
		panic(err)
	}
	st := res.Cells[0]
	fmt.Printf("scale %s, outline %v µm, %d sites, nets ok: %v\n", res.Scale, *st.OutlineAfter, st.Sites, *st.NetsOK)
	for _, k := range out.Cells[0].LayerKeys() {
		fmt.Println(k, out.Cells[0].Layers[k].Count().Total())
	}
	// Output:
	// scale 34/49, outline [0 0 1.84 2.72] µm, 4 sites, nets ok: true
	// 64/20 1
	// 67/5 3
	// 67/16 2
	// 67/20 3
	// 67/44 8
	// 68/5 2
	// 68/16 2
	// 68/20 2
	// 81/4 1
	// 93/44 1
	// 94/20 1
	// 236/0 1
}
