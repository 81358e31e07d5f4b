package render

import (
	"context"
	"image/color"
	"math"
	"path/filepath"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/layout"
)

const inv1 = "sky130/sky130_fd_sc_hd/sky130_fd_sc_hd__inv_1.gds"

// TestLayerPixels draws a real cell and checks pixels where the layout has
// exactly one filled layer (or none): the pixels there are blends of the
// background and that layer's colour only, with the pattern's full colour
// among them, and plain background where nothing is drawn.
func TestLayerPixels(t *testing.T) {
	lib := sharedCell(t, inv1)
	tech := loadTech(t, "sky130")
	styles := FromTech(tech)
	pic, err := New(lib, Options{Layers: styles, NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := max(pic.View.Width, pic.View.Height); got != DefaultSize {
		t.Errorf("picture is %dx%d, want %d px on the longer side", pic.View.Width, pic.View.Height, DefaultSize)
	}
	img := pic.Image()
	cell := lib.TopCells()[0]
	geo := layoutGeometry(lib, cell, styles)
	const r = 4 // window radius in pixels: a whole pattern period
	tests := []struct {
		name  string
		layer string // the only filled layer there; "" for none
	}{
		{"met1 power rail", "met1"},
		{"poly gate extension", "poly"},
		{"nwell without devices", "nwell"},
		{"li1 alone", "li1"},
		{"empty area inside the cell", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			if tc.layer != "" {
				want = []string{tc.layer}
			}
			x, y, ok := findClearPoint(geo, pic.View, want, r+2)
			if !ok {
				t.Fatalf("the layout has no place where only %v is drawn", want)
			}
			px, py := pic.View.PixelDBU(x, y)
			pixels := window(img, px, py, r)
			if tc.layer == "" {
				for _, c := range pixels {
					if c != pic.Background {
						t.Fatalf("pixel near (%.0f, %.0f) is %v, want the background %v", px, py, c, pic.Background)
					}
				}
				return
			}
			fill := styleNamed(t, styles, tc.layer).Fill
			if want, _ := ParseColor(tech.Layer(tc.layer).Color); want != fill {
				t.Fatalf("style of %s has colour %v, the technology says %v", tc.layer, fill, want)
			}
			minT, maxT := 1.0, 0.0
			for _, c := range pixels {
				tt, off := blendOf(c, pic.Background, fill)
				if off > 3 {
					t.Fatalf("pixel near (%.0f, %.0f) is %v: not a blend of the background %v and %s's %v (off by %.0f)",
						px, py, c, pic.Background, tc.layer, fill, off)
				}
				minT, maxT = math.Min(minT, tt), math.Max(maxT, tt)
			}
			if maxT < 0.9 {
				t.Errorf("no pixel near (%.0f, %.0f) has %s's colour (strongest blend %.2f)", px, py, tc.layer, maxT)
			}
			if minT < 0.05 {
				t.Errorf("a pixel near (%.0f, %.0f) inside %s is plain background (blend %.2f)", px, py, tc.layer, minT)
			}
		})
	}
}

// brokenInverter places the sky130 inverter at 0.8x in a new top cell:
// every width and space shrinks, so the deck finds violations.
func brokenInverter(t *testing.T) (*layout.Library, *layout.Cell) {
	t.Helper()
	lib := sharedCell(t, inv1)
	inv := lib.TopCells()[0]
	top := layout.NewCell("inv_1_at_0.8")
	top.Refs = append(top.Refs, layout.Ref{Cell: inv, Trans: layout.Strans{Mag: 0.8, HasMag: true}})
	lib.AddCell(top)
	lib.InvalidateBounds()
	return lib, top
}

// TestMarkerPixels runs the sky130 deck on a shrunk inverter, writes the
// JSON report, reads it back and draws it: the middle of each violation's
// edges is the marker colour, and is not without the markers.
func TestMarkerPixels(t *testing.T) {
	lib, top := brokenInverter(t)
	tech := loadTech(t, "sky130")
	rep, err := drc.Run(context.Background(), lib, top, tech, drc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total == 0 {
		t.Fatal("the shrunk inverter has no violation")
	}
	path := filepath.Join(t.TempDir(), "inv.json")
	if err := drc.WriteFile(path, rep); err != nil {
		t.Fatal(err)
	}
	back, err := drc.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	styles := FromTech(tech)
	with, err := New(lib, Options{Cell: top.Name, Layers: styles, Markers: back})
	if err != nil {
		t.Fatal(err)
	}
	if with.Markers() != rep.Total {
		t.Errorf("%d markers drawn, the report has %d violations", with.Markers(), rep.Total)
	}
	without, err := New(lib, Options{Cell: top.Name, Layers: styles})
	if err != nil {
		t.Fatal(err)
	}
	imgWith, imgWithout := with.Image(), without.Image()
	checked := 0
	for _, v := range back.Violations {
		if v.Kind != drc.KindEdgePair && v.Kind != drc.KindEdge {
			continue
		}
		e := v.CoordsUM[0]
		x0, y0 := with.View.Pixel(e[0], e[1])
		x1, y1 := with.View.Pixel(e[2], e[3])
		if (x0 != x1 && y0 != y1) || math.Hypot(x1-x0, y1-y0) < 4 {
			continue // only axis-parallel edges long enough to hit a whole pixel
		}
		mx, my := int(math.Floor((x0+x1)/2)), int(math.Floor((y0+y1)/2))
		t.Run(v.Rule, func(t *testing.T) {
			if got := imgWith.RGBAAt(mx, my); !near(got, with.Marker, 2) {
				t.Errorf("pixel (%d, %d) on the violation is %v, want the marker colour %v", mx, my, got, with.Marker)
			}
			if got := imgWithout.RGBAAt(mx, my); near(got, with.Marker, 40) {
				t.Errorf("pixel (%d, %d) is the marker colour %v without markers", mx, my, got)
			}
		})
		if checked++; checked == 8 {
			break
		}
	}
	if checked == 0 {
		t.Fatal("no edge-pair violation to check")
	}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// TestSmallShapes draws shapes of less than smallShape pixels as solid dots
// (no frame, no pattern): on a 200 px picture of a 100 µm cell, a 0.2 µm
// met1 square is a pixel of met1's colour at the dot opacity, and a
// 50 x 100 µm met1 rectangle keeps its pattern.
func TestSmallShapes(t *testing.T) {
	tech := loadTech(t, "sky130")
	styles := FromTech(tech)
	met1 := layout.LayerKey{Layer: 68, Datatype: 20}
	lib := layout.NewLibrary("L")
	lib.MetersPerDBU, lib.UserUnit = 1e-9, 1e-3
	c := layout.NewCell("TOP")
	square := func(x, y, s int32) []layout.Point {
		return []layout.Point{{X: x, Y: y}, {X: x, Y: y + s}, {X: x + s, Y: y + s}, {X: x + s, Y: y}}
	}
	lib.AddCell(c)
	c.Shapes(met1).Polygons.Add([]layout.Point{{X: 0, Y: 0}, {X: 0, Y: 100000}, {X: 50000, Y: 100000}, {X: 50000, Y: 0}}, nil)
	c.Shapes(met1).Polygons.Add(square(75000, 75000, 200), nil)
	c.Shapes(layout.LayerKey{Layer: 236}).Polygons.Add(square(0, 0, 100000), nil) // the cell outline
	pic, err := New(lib, Options{Layers: styles, Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	img := pic.Image()
	fill := styleNamed(t, styles, "met1").Fill
	px, py := pic.View.PixelDBU(75100, 75100)
	got := img.RGBAAt(int(px), int(py))
	tt, off := blendOf(got, pic.Background, fill)
	if off > 3 || math.Abs(tt-smallAlpha) > 0.15 {
		t.Errorf("tiny met1 square: pixel %v is blend %.2f (off %.0f) of met1's %v, want about %.2f", got, tt, off, fill, smallAlpha)
	}
	strongest := 0.0
	bx, by := pic.View.PixelDBU(25000, 50000)
	for _, c := range window(img, bx, by, 4) {
		tt, _ := blendOf(c, pic.Background, fill)
		strongest = max(strongest, tt)
	}
	if strongest < 0.9 {
		t.Errorf("the large met1 square has no pattern pixel (strongest blend %.2f)", strongest)
	}
}
