package render

import (
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

// TestHoles draws met1 rings made the ways layouts make them: a GDS
// polygon with a cut line (keyhole), and four abutting rectangles whose
// merge has a hole. The hole's centre is background; the ring is met1.
func TestHoles(t *testing.T) {
	tech := loadTech(t, "sky130")
	styles := FromTech(tech)
	met1 := layout.LayerKey{Layer: 68, Datatype: 20}
	rect := func(x0, y0, x1, y1 int32) []layout.Point {
		return []layout.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
	}
	tests := []struct {
		name   string
		shapes [][]layout.Point
	}{
		{"keyhole polygon", [][]layout.Point{{
			{X: 0, Y: 0}, {X: 0, Y: 10000}, {X: 10000, Y: 10000}, {X: 10000, Y: 0}, {X: 5000, Y: 0},
			{X: 5000, Y: 3000}, {X: 7000, Y: 3000}, {X: 7000, Y: 7000}, {X: 3000, Y: 7000}, {X: 3000, Y: 3000},
			{X: 5000, Y: 3000}, {X: 5000, Y: 0}}}},
		{"four abutting rectangles", [][]layout.Point{
			rect(0, 0, 10000, 3000), rect(0, 7000, 10000, 10000), rect(0, 3000, 3000, 7000), rect(7000, 3000, 10000, 7000)}},
		{"ring drawn twice, overlapping", [][]layout.Point{
			rect(0, 0, 10000, 3000), rect(0, 7000, 10000, 10000), rect(0, 0, 3000, 10000), rect(7000, 0, 10000, 10000),
			rect(0, 0, 10000, 3000)}},
	}
	fill := styleNamed(t, styles, "met1").Fill
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lib := layout.NewLibrary("L")
			lib.MetersPerDBU, lib.UserUnit = 1e-9, 1e-3
			c := layout.NewCell("RING")
			for _, s := range tc.shapes {
				c.Shapes(met1).Polygons.Add(s, nil)
			}
			lib.AddCell(c)
			pic, err := New(lib, Options{Layers: styles, Size: 400})
			if err != nil {
				t.Fatal(err)
			}
			img := pic.Image()
			hx, hy := pic.View.PixelDBU(5000, 5000)
			for _, c := range window(img, hx, hy, 8) {
				if c != pic.Background {
					t.Fatalf("pixel in the hole is %v, want the background %v", c, pic.Background)
				}
			}
			rx, ry := pic.View.PixelDBU(1500, 5000)
			strongest := 0.0
			for _, c := range window(img, rx, ry, 4) {
				tt, off := blendOf(c, pic.Background, fill)
				if off > 3 || tt < 0.05 {
					t.Fatalf("pixel %v in the ring is not met1 (blend %.2f, off %.0f)", c, tt, off)
				}
				strongest = max(strongest, tt)
			}
			if strongest < 0.9 {
				t.Errorf("no met1 pattern pixel in the ring")
			}
		})
	}
}
