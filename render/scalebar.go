package render

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/inconsolata"
	"golang.org/x/image/math/fixed"
)

// labelSize is the height of the scale bar label and title in pixels
// (Inconsolata, 8x16 bitmap).
const labelSize = 16

// scaleBar is the bar's length in µm and pixels and its label.
type scaleBar struct {
	um, px float64
	label  string
	x, y   float64 // left end, centre line
}

// niceLength returns the 1-2-5 number of µm closest below target µm.
func niceLength(target float64) float64 {
	if !(target > 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(target)))
	for _, m := range []float64{5, 2, 1} {
		if m*e <= target {
			return m * e
		}
	}
	return e
}

// formatMicrons prints a length in µm, the unit of the rule manuals.
func formatMicrons(um float64) string {
	return strconv.FormatFloat(um, 'g', 6, 64) + " µm"
}

// bar returns the scale bar: about a fifth of the drawing's width, in the
// strip below it.
func (p *Picture) bar() scaleBar {
	v := p.View
	drawW := float64(v.Box.Width()) * v.Scale
	ppu := v.PixelsPerMicron()
	um := niceLength(math.Max(drawW/5, 60) / ppu)
	return scaleBar{um: um, px: um * ppu, label: formatMicrons(um),
		x: math.Round(v.X0), y: float64(v.Height) - barStrip/2}
}

// drawScaleBar draws the bar, its label and the title onto img.
func (p *Picture) drawScaleBar(img *image.RGBA) {
	b := p.bar()
	fg := image.NewUniform(p.Foreground)
	y := int(b.y)
	x0, x1 := int(b.x), int(math.Round(b.x+b.px))
	draw.Draw(img, image.Rect(x0, y-2, x1, y+2), fg, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(x0, y-8, x0+2, y+8), fg, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(x1-2, y-8, x1, y+8), fg, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: fg, Face: inconsolata.Regular8x16}
	d.Dot = fixed.P(x1+10, y+labelSize/2-2)
	d.DrawString(b.label)
	title := p.Title
	if len(p.markers) > 0 {
		title = fmt.Sprintf("%s  (%d markers)", title, len(p.markers))
	}
	room := p.View.Width - margin - (d.Dot.X.Ceil() + 24)
	title = fitText(d, title, room)
	d.Dot = fixed.P(p.View.Width-margin-d.MeasureString(title).Ceil(), y+labelSize/2-2)
	d.DrawString(title)
}

// fitText shortens s, ending it with "…", until it is at most room pixels
// wide in d's face.
func fitText(d *font.Drawer, s string, room int) string {
	if d.MeasureString(s).Ceil() <= room {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.MeasureString(string(r)+"…").Ceil() > room {
		r = r[:len(r)-1]
	}
	if len(r) == 0 {
		return ""
	}
	return string(r) + "…"
}
