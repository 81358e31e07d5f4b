package render

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
)

// Layer is how one layer is drawn: which GDS layers it gathers, its colour,
// fill pattern and place in the stack.
type Layer struct {
	// Name is the layer's name ("met1"), for legends and SVG groups.
	Name string
	// Keys are the GDS (layer, datatype) pairs drawn as this layer (the
	// drawing purpose, and the pin purpose if any).
	Keys []layout.LayerKey
	// Fill is the colour of the fill pattern, Frame the colour of the
	// outline.
	Fill, Frame color.RGBA
	// Pattern is a fill pattern name (see Patterns).
	Pattern string
	// Outline marks a layer drawn as a frame only, above everything else
	// (cell outlines and placement boundaries).
	Outline bool
	// Labels are the GDS layers whose texts (pin and net names) are
	// written in this layer's colour.
	Labels []layout.LayerKey
}

// Patterns are the fill pattern names the renderer knows (the names of
// rules.FillPatterns). "hatch" rises to the right (/), "backhatch" falls
// (\).
var Patterns = []string{"solid", "hollow", "hatch", "backhatch", "cross", "dots", "grid", "horizontal", "vertical"}

// ParseColor reads "#rrggbb" (or "#rgb").
func ParseColor(s string) (color.RGBA, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 || len(s) == len(h) {
		return color.RGBA{}, fmt.Errorf("colour %q: want #rrggbb", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.RGBA{}, fmt.Errorf("colour %q: want #rrggbb", s)
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}, nil
}

// hexColor formats an opaque colour as "#rrggbb".
func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// palette gives colours to layers that name none, in turn.
var palette = []string{"#ffaa00", "#aa66ff", "#66ffcc", "#ff6666", "#cccc33", "#33aaff", "#ff9966", "#99cc66"}

// paletteColor returns the i-th colour of the fallback palette.
func paletteColor(i int) color.RGBA {
	c, _ := ParseColor(palette[i%len(palette)]) // the palette is well formed
	return c
}

// knownPattern reports whether name is one of Patterns.
func knownPattern(name string) bool {
	for _, p := range Patterns {
		if p == name {
			return true
		}
	}
	return false
}

// rgb is an opaque colour.
func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 255} }
