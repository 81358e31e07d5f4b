package render

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/vector"
)

// Opacities of the raster: a faint tint under every pattern so that areas
// read as areas, the pattern itself, solid fills (translucent so that lower
// layers show through) and marker areas.
const (
	tintAlpha       = 0.14
	patternAlpha    = 0.95
	solidAlpha      = 0.6
	markerFillAlpha = 0.35
	smallAlpha      = 0.7
	frameWidth      = 1.2 // px
	markerEdgeWidth = 3.0 // px
	markerLineWidth = 2.0 // px, polygon and box outlines
)

// Image rasterises the picture.
func (p *Picture) Image() *image.RGBA {
	v := p.View
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(p.Background), image.Point{}, draw.Src)
	mask := image.NewAlpha(img.Bounds())
	z := vector.NewRasterizer(v.Width, v.Height)
	for _, l := range p.layers {
		if !l.Outline && l.Pattern != "hollow" {
			fillMask(z, mask, l.rings)
			tint, pat := tintAlpha, patternAlpha
			if l.Pattern == "solid" {
				tint, pat = 0, solidAlpha
			}
			blendPattern(img, mask, l.Fill, patternMask(l.Pattern), tint, pat)
		}
		if len(l.small) > 0 {
			fillMask(z, mask, l.small)
			blendPattern(img, mask, l.Fill, patternMask("solid"), 0, smallAlpha)
		}
		strokeMask(z, mask, ringEdges(l.rings), frameWidth)
		blendPattern(img, mask, l.Frame, patternMask("solid"), 0, 1)
	}
	p.drawLabels(img)
	for _, m := range p.markers {
		if len(m.rings) > 0 {
			fillMask(z, mask, m.rings)
			blendPattern(img, mask, p.Marker, patternMask("solid"), 0, markerFillAlpha)
		}
		w := markerLineWidth
		if len(m.rings) == 0 || len(m.edges) <= 2 {
			w = markerEdgeWidth
		}
		strokeMask(z, mask, m.edges, w)
		blendPattern(img, mask, p.Marker, patternMask("solid"), 0, 1)
	}
	p.drawScaleBar(img)
	return img
}

// WritePNG writes the picture as a PNG.
func (p *Picture) WritePNG(w io.Writer) error {
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, p.Image())
}

// fillMask rasterises rings (non-zero winding) into mask, replacing it.
func fillMask(z *vector.Rasterizer, mask *image.Alpha, rings [][]pt) {
	b := mask.Bounds()
	z.Reset(b.Dx(), b.Dy())
	for _, r := range rings {
		if len(r) < 3 {
			continue
		}
		z.MoveTo(float32(r[0].x), float32(r[0].y))
		for _, q := range r[1:] {
			z.LineTo(float32(q.x), float32(q.y))
		}
		z.ClosePath()
	}
	clear(mask.Pix)
	z.Draw(mask, b, image.Opaque, image.Point{})
}

// ringEdges lists the edges of closed rings.
func ringEdges(rings [][]pt) [][2]pt {
	var out [][2]pt
	for _, r := range rings {
		for i := range r {
			out = append(out, [2]pt{r[i], r[(i+1)%len(r)]})
		}
	}
	return out
}

// strokeMask rasterises edges as lines of width w into mask, replacing it.
// Each line is a rectangle around its edge, all turned the same way, so
// that where they overlap the winding adds up instead of cancelling.
func strokeMask(z *vector.Rasterizer, mask *image.Alpha, edges [][2]pt, w float64) {
	b := mask.Bounds()
	z.Reset(b.Dx(), b.Dy())
	h := w / 2
	for _, e := range edges {
		a, c := e[0], e[1]
		dx, dy := c.x-a.x, c.y-a.y
		n := math.Hypot(dx, dy)
		if n < 1e-9 {
			dx, dy, n = 1, 0, 1
		}
		ux, uy := dx/n*h, dy/n*h // along, half width
		nx, ny := -uy, ux        // normal
		// extended by half the width at both ends, so that corners close
		p0 := pt{a.x - ux + nx, a.y - uy + ny}
		p1 := pt{c.x + ux + nx, c.y + uy + ny}
		p2 := pt{c.x + ux - nx, c.y + uy - ny}
		p3 := pt{a.x - ux - nx, a.y - uy - ny}
		z.MoveTo(float32(p0.x), float32(p0.y))
		z.LineTo(float32(p1.x), float32(p1.y))
		z.LineTo(float32(p2.x), float32(p2.y))
		z.LineTo(float32(p3.x), float32(p3.y))
		z.ClosePath()
	}
	clear(mask.Pix)
	z.Draw(mask, b, image.Opaque, image.Point{})
}

// blendPattern paints colour c over img where mask is set: with opacity
// tint everywhere under the mask and pat where the pattern is set.
func blendPattern(img *image.RGBA, mask *image.Alpha, c color.RGBA, pattern [patternPeriod][patternPeriod]uint8, tint, pat float64) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		mrow := mask.Pix[(y-b.Min.Y)*mask.Stride:]
		prow := pattern[y%patternPeriod]
		row := img.Pix[(y-b.Min.Y)*img.Stride:]
		for x := b.Min.X; x < b.Max.X; x++ {
			m := mrow[x-b.Min.X]
			if m == 0 {
				continue
			}
			a := tint
			if prow[x%patternPeriod] != 0 {
				a = pat
			}
			a *= float64(m) / 255
			if a <= 0 {
				continue
			}
			i := 4 * (x - b.Min.X)
			row[i] = mix(row[i], c.R, a)
			row[i+1] = mix(row[i+1], c.G, a)
			row[i+2] = mix(row[i+2], c.B, a)
			row[i+3] = 255
		}
	}
}

// mix blends c over d with opacity a.
func mix(d, c uint8, a float64) uint8 {
	return uint8(math.Round(float64(d)*(1-a) + float64(c)*a))
}
