package render

import (
	"fmt"
	"math"

	"github.com/layoutmig/layoutmig/layout"
)

// View maps layout coordinates onto the picture: the cell's box, scaled to
// fit, y upward, with a margin around it and a strip below for the scale
// bar.
type View struct {
	// Width and Height are the picture's size in pixels.
	Width, Height int
	// Box is the drawn area of the layout in database units.
	Box layout.Box
	// DBU is the database unit in µm.
	DBU float64
	// Scale is pixels per database unit.
	Scale float64
	// X0 and Y0 are the pixel coordinates of Box.Min (Y0 is the bottom
	// edge of the drawing area, y grows downward in pixels).
	X0, Y0 float64
}

const (
	margin   = 24 // pixels around the drawing
	barStrip = 44 // pixels below the drawing for the scale bar
)

// newView fits box into a picture whose longer side is size pixels.
func newView(box layout.Box, dbu float64, size int) View {
	w, h := boxSize(box)
	// the longer side of the whole picture, strip included, is size
	scale := math.Min(float64(size-2*margin)/w, float64(size-2*margin-barStrip)/h)
	v, _ := viewAtScale(box, dbu, scale) // at most size pixels
	return v
}

// boxSize is the box's width and height in database units, at least 1.
func boxSize(box layout.Box) (w, h float64) {
	return math.Max(float64(box.Width()), 1), math.Max(float64(box.Height()), 1)
}

// maxPixels bounds both sides of a picture.
const maxPixels = 20000

// viewAtScale is the view of box at scale pixels per database unit.
func viewAtScale(box layout.Box, dbu, scale float64) (View, error) {
	w, h := boxSize(box)
	if !(scale > 0) || w*scale+2*margin > maxPixels || h*scale+2*margin+barStrip > maxPixels {
		return View{}, fmt.Errorf("scale %g px/µm: the picture would not fit in %d pixels", scale/dbu, maxPixels)
	}
	dw, dh := int(math.Floor(w*scale+0.5)), int(math.Floor(h*scale+0.5))
	v := View{Box: box, DBU: dbu, Scale: scale}
	v.Width = dw + 2*margin
	v.Height = dh + 2*margin + barStrip
	// a narrow cell still leaves room for the scale bar and its label
	v.Width = max(v.Width, 240)
	v.X0 = float64(v.Width-dw) / 2
	v.Y0 = float64(margin + dh)
	return v, nil
}

// PixelDBU maps a point in database units to pixel coordinates (x right,
// y down).
func (v View) PixelDBU(x, y float64) (px, py float64) {
	return v.X0 + (x-float64(v.Box.Min.X))*v.Scale, v.Y0 - (y-float64(v.Box.Min.Y))*v.Scale
}

// Pixel maps a point in µm to pixel coordinates (x right, y down).
func (v View) Pixel(xum, yum float64) (px, py float64) {
	return v.PixelDBU(xum/v.DBU, yum/v.DBU)
}

// PixelsPerMicron is the picture's scale.
func (v View) PixelsPerMicron() float64 { return v.Scale / v.DBU }
