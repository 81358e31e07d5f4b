package render

import (
	"image"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/inconsolata"
	"golang.org/x/image/math/fixed"

	"github.com/layoutmig/layoutmig/layout"
)

// MaxLabels is the most texts a picture writes; a cell with more (a whole
// block) gets none, as they would only hide the drawing.
const MaxLabels = 200

// label is a text of the layout in pixels and the name of its layer.
type label struct {
	text, layer string
	x, y        float64
}

// collectLabels gathers the texts of cell and below on the styles' label
// layers, once per string and place, in top's coordinates; nil when there
// are more than MaxLabels.
func collectLabels(lib *layout.Library, cell *layout.Cell, styles []Layer) []rawLabel {
	byKey := map[layout.LayerKey]int{}
	for i, s := range styles {
		for _, k := range s.Labels {
			if _, ok := byKey[k]; !ok {
				byKey[k] = i
			}
		}
	}
	type place struct {
		text string
		p    layout.Point
	}
	seen := map[place]bool{}
	var out []rawLabel
	for inst := range lib.Instances(cell) {
		for k, s := range inst.Cell.Layers {
			i, ok := byKey[k]
			if !ok || len(s.Texts) == 0 {
				continue
			}
			for _, t := range s.Texts {
				if t.String == "" {
					continue
				}
				p := inst.Trans.Apply(t.Pos)
				if seen[place{t.String, p}] {
					continue
				}
				seen[place{t.String, p}] = true
				if len(out) == MaxLabels {
					return nil
				}
				out = append(out, rawLabel{text: t.String, pos: p, style: i})
			}
		}
	}
	return out
}

// rawLabel is a text in database units and the index of its style.
type rawLabel struct {
	text  string
	pos   layout.Point
	style int
}

// Labels returns the texts the picture writes.
func (p *Picture) Labels() []string {
	out := make([]string, len(p.labels))
	for i, l := range p.labels {
		out[i] = l.text
	}
	return out
}

// drawLabels writes the texts centred on their places, in the foreground
// colour with a rim of the background so that they read over any pattern.
func (p *Picture) drawLabels(img *image.RGBA) {
	face := inconsolata.Bold8x16
	d := &font.Drawer{Dst: img, Face: face}
	rim := image.NewUniform(p.Background)
	for _, l := range p.labels {
		w := d.MeasureString(l.text)
		x := fixed.Int26_6(l.x*64) - w/2
		y := fixed.Int26_6((l.y + 5) * 64)
		d.Src = rim
		for _, o := range [][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {1, 1}, {-1, 1}, {1, -1}} {
			d.Dot = fixed.Point26_6{X: x + fixed.I(o[0]), Y: y + fixed.I(o[1])}
			d.DrawString(l.text)
		}
		d.Src = image.NewUniform(p.Foreground)
		d.Dot = fixed.Point26_6{X: x, Y: y}
		d.DrawString(l.text)
	}
}

// clearOfLabels moves a label's place down, a line at a time, while it
// would be written over a label already placed (pins often carry two names
// at one point: VPWR and VPB).
func (p *Picture) clearOfLabels(x, y float64) float64 {
	for range len(p.labels) {
		moved := false
		for _, l := range p.labels {
			if math.Abs(l.x-x) < 2*labelSize && math.Abs(l.y-y) < labelSize {
				y = l.y + labelSize
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return y
}
