package render

import (
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
	w, h := float64(box.Width()), float64(box.Height())
	if w <= 0 {
		w = 1
	}
	if h <= 0 {
		h = 1
	}
	// the longer side of the whole picture, strip included, is size
	scale := math.Min(float64(size-2*margin)/w, float64(size-2*margin-barStrip)/h)
	dw, dh := int(math.Floor(w*scale+0.5)), int(math.Floor(h*scale+0.5))
	v := View{Box: box, DBU: dbu, Scale: scale}
	v.Width = dw + 2*margin
	v.Height = dh + 2*margin + barStrip
	// a narrow cell still leaves room for the scale bar and its label
	v.Width = max(v.Width, 240)
	v.X0 = float64(v.Width-dw) / 2
	v.Y0 = float64(margin + dh)
	return v
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
