package render

import (
	"image"
	"image/color"
	"math"
	"path/filepath"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// sharedCell reads one cell library file of ../shared/pdk.
func sharedCell(t *testing.T, rel string) *layout.Library {
	t.Helper()
	root := shareddata.Require(t)
	path := filepath.Join(root, "pdk", filepath.FromSlash(rel))
	lib, err := gds.ReadFile(path, gds.ReadOptions{FileName: path})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func loadTech(t *testing.T, name string) *rules.Tech {
	t.Helper()
	tech, err := techfiles.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return tech
}

// geometry is the merged flat region of every style of a picture, to ask
// which layers cover a point, independently of the raster.
type geometry struct {
	names   []string
	filled  []bool
	regions []*region.Region
}

func layoutGeometry(lib *layout.Library, cell *layout.Cell, styles []Layer) geometry {
	var g geometry
	for _, s := range withUnknownLayers(styles, flatKeys(lib, cell)) {
		r := layerRegion(lib, cell, s.Keys)
		if !r.IsEmpty() {
			g.names = append(g.names, s.Name)
			g.filled = append(g.filled, !s.Outline && s.Pattern != "hollow")
			g.regions = append(g.regions, r)
		}
	}
	return g
}

// inside reports whether (x, y) in database units is inside a merged
// region (hull minus holes; points on an edge count as inside).
func inside(r *region.Region, x, y float64) bool {
	for i := 0; i < r.Len(); i++ {
		if !inRing(r.Hull(i), x, y) {
			continue
		}
		hole := false
		for j := 0; j < r.NumHoles(i); j++ {
			if inRing(r.Hole(i, j), x, y) {
				hole = true
				break
			}
		}
		if !hole {
			return true
		}
	}
	return false
}

// inRing is the even-odd point in polygon test.
func inRing(ring []layout.Point, x, y float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		xi, yi := float64(ring[i].X), float64(ring[i].Y)
		xj, yj := float64(ring[j].X), float64(ring[j].Y)
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// covering lists the layers covering (x, y) in database units: all of them,
// and those drawn filled (not hollow, not outlines).
func (g geometry) covering(x, y float64) (all, filled []string) {
	for i, r := range g.regions {
		if inside(r, x, y) {
			all = append(all, g.names[i])
			if g.filled[i] {
				filled = append(filled, g.names[i])
			}
		}
	}
	return all, filled
}

// findClearPoint returns a point (in database units) where the filled
// layers are exactly those in want, throughout a square of ±reach pixels
// around it, and no edge of any layer (hollow ones too) crosses the square;
// it scans the cell box on a fine lattice. ok is false if there is none.
func findClearPoint(g geometry, v View, want []string, reach float64) (x, y float64, ok bool) {
	d := reach / v.Scale // pixels to database units
	b := v.Box
	steps := 120
	for iy := 1; iy < steps; iy++ {
		for ix := 1; ix < steps; ix++ {
			x = float64(b.Min.X) + float64(b.Width())*float64(ix)/float64(steps)
			y = float64(b.Min.Y) + float64(b.Height())*float64(iy)/float64(steps)
			all0, filled0 := g.covering(x, y)
			good := sameSet(filled0, want)
			for _, o := range [][2]float64{{-d, -d}, {d, -d}, {-d, d}, {d, d}, {0, d}, {0, -d}, {d, 0}, {-d, 0}} {
				if !good {
					break
				}
				all, _ := g.covering(x+o[0], y+o[1])
				good = sameSet(all, all0)
			}
			if good {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, s := range a {
		m[s] = true
	}
	for _, s := range b {
		if !m[s] {
			return false
		}
	}
	return true
}

// blendOf returns how far c lies from bg towards fg (0..1) and how far it
// is off the line between them (max channel error), so that a pixel of a
// pattern or its anti-aliased edge is recognised as a blend of the two.
func blendOf(c, bg, fg color.RGBA) (t, off float64) {
	ch := func(v color.RGBA) [3]float64 { return [3]float64{float64(v.R), float64(v.G), float64(v.B)} }
	cc, b, f := ch(c), ch(bg), ch(fg)
	num, den := 0.0, 0.0
	for i := range 3 {
		num += (cc[i] - b[i]) * (f[i] - b[i])
		den += (f[i] - b[i]) * (f[i] - b[i])
	}
	if den > 0 {
		t = math.Max(0, math.Min(1, num/den))
	}
	for i := range 3 {
		off = math.Max(off, math.Abs(cc[i]-(b[i]+t*(f[i]-b[i]))))
	}
	return t, off
}

// window returns the pixels of a square of ±r pixels around (px, py).
func window(img *image.RGBA, px, py float64, r int) []color.RGBA {
	var out []color.RGBA
	cx, cy := int(math.Floor(px)), int(math.Floor(py))
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			out = append(out, img.RGBAAt(x, y))
		}
	}
	return out
}

// styleNamed returns the style of a layer by name.
func styleNamed(t *testing.T, styles []Layer, name string) Layer {
	t.Helper()
	for _, s := range styles {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no style for layer %s", name)
	return Layer{}
}
