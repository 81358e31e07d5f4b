package render

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// DefaultSize is the longer side of a picture in pixels when Options.Size
// is 0.
const DefaultSize = 1200

// DefaultMarkerColor is the colour of violation markers: a magenta no
// technology uses for a layer.
var DefaultMarkerColor = rgb(0xff, 0x00, 0xff)

// Backgrounds of the two themes.
var (
	DarkBackground  = rgb(0x00, 0x00, 0x00)
	LightBackground = rgb(0xff, 0xff, 0xff)
)

// Options say what to draw and how.
type Options struct {
	// Cell is the cell to draw; empty means the library's only top cell.
	Cell string
	// Layers are the layer styles, bottom to top (FromTech or ReadLyp).
	// Layers of the layout that no style names are drawn too, below the
	// others, in palette colours.
	Layers []Layer
	// Markers are drawn on top when not nil: the violations of Cell.
	Markers *drc.Report
	// Size is the longer side of the picture in pixels (DefaultSize if 0).
	Size int
	// Light selects a white background instead of KLayout's black.
	Light bool
	// MarkerColor is the colour of markers (DefaultMarkerColor if zero).
	MarkerColor color.RGBA
	// Title is printed beside the scale bar (default: the cell name).
	Title string
	// NoLabels leaves out the texts (pin and net names) of the layers,
	// which are otherwise written in the foreground colour on a rim of the
	// background (at most MaxLabels of them).
	NoLabels bool
}

// Picture is a cell ready to be drawn: its layers as merged polygons in
// pixel coordinates, its markers and the view.
type Picture struct {
	// View maps layout coordinates to pixels.
	View View
	// Cell is the name of the drawn cell.
	Cell string
	// Title is the text beside the scale bar.
	Title string
	// Background, Foreground (text and scale bar) and Marker colours.
	Background, Foreground, Marker color.RGBA

	layers  []drawnLayer
	markers []marker
	labels  []label
	src     source
}

// drawnLayer is a layer's style and its merged polygons: rings in pixel
// coordinates, hulls and holes running opposite ways. Polygons smaller than
// smallShape pixels both ways are kept apart in small: drawn as solid dots,
// since their frames and patterns would only be noise.
type drawnLayer struct {
	Layer
	rings, small [][]pt
}

// smallShape is the size in pixels below which a polygon is drawn as a
// solid dot.
const smallShape = 3.0

// pt is a point in pixels.
type pt struct{ x, y float64 }

// Layers returns the styles of the layers that have shapes in the picture,
// bottom to top.
func (p *Picture) Layers() []Layer {
	out := make([]Layer, len(p.layers))
	for i, l := range p.layers {
		out[i] = l.Layer
	}
	return out
}

// Markers is the number of markers drawn.
func (p *Picture) Markers() int { return len(p.markers) }

// New prepares a picture of one cell of lib, flat.
func New(lib *layout.Library, opt Options) (*Picture, error) {
	cell, err := FindCell(lib, opt.Cell)
	if err != nil {
		return nil, err
	}
	if opt.Size == 0 {
		opt.Size = DefaultSize
	}
	if opt.Size < 64 || opt.Size > 20000 {
		return nil, fmt.Errorf("render: size %d px: want 64 to 20000", opt.Size)
	}
	dbu := lib.DBUMicrons()
	if !(dbu > 0) {
		return nil, fmt.Errorf("render: library %s has no valid database unit", lib.Name)
	}
	styles := withUnknownLayers(opt.Layers, flatKeys(lib, cell))
	var drawn []drawnLayer
	var regions []*region.Region
	box := layout.EmptyBox()
	for _, st := range styles {
		r := layerRegion(lib, cell, st.Keys)
		if r.IsEmpty() {
			continue
		}
		for i := 0; i < r.Len(); i++ {
			box = box.Extend(layout.BoxOf(r.Hull(i)))
		}
		drawn = append(drawn, drawnLayer{Layer: st})
		regions = append(regions, r)
	}
	var marks []rawMarker
	if opt.Markers != nil {
		if marks, err = cellMarkers(opt.Markers, cell.Name, dbu); err != nil {
			return nil, err
		}
		for _, m := range marks {
			box = box.Extend(m.box)
		}
	}
	if box.IsEmpty() {
		return nil, fmt.Errorf("render: cell %s has no shapes to draw", cell.Name)
	}
	pic := &Picture{View: newView(box, dbu, opt.Size), Cell: cell.Name, Title: opt.Title,
		Background: DarkBackground, Foreground: rgb(0xe0, 0xe0, 0xe0), Marker: opt.MarkerColor}
	if opt.Light {
		pic.Background, pic.Foreground = LightBackground, rgb(0x20, 0x20, 0x20)
		for i := range drawn {
			drawn[i].Fill, drawn[i].Frame = onLight(drawn[i].Fill), onLight(drawn[i].Frame)
		}
	}
	if pic.Marker == (color.RGBA{}) {
		pic.Marker = DefaultMarkerColor
	}
	if pic.Title == "" {
		pic.Title = cell.Name
	}
	pic.layers = drawn
	pic.src = source{regions: regions, markers: marks}
	if !opt.NoLabels {
		pic.src.labels = collectLabels(lib, cell, styles)
		for _, l := range pic.src.labels {
			pic.src.labelLayers = append(pic.src.labelLayers, styles[l.style].Name)
		}
	}
	pic.place()
	return pic, nil
}

// source is what a picture is drawn from, in database units, kept so that
// the picture can be drawn again at another scale.
type source struct {
	regions     []*region.Region // of each drawn layer
	markers     []rawMarker
	labels      []rawLabel
	labelLayers []string
}

// place converts the layers, markers and labels into pixels for the view.
func (p *Picture) place() {
	for i, r := range p.src.regions {
		p.layers[i].rings, p.layers[i].small = pixelRings(r, p.View, !p.layers[i].Outline)
	}
	p.markers = pixelMarkers(p.src.markers, p.View)
	p.labels = p.labels[:0]
	for i, l := range p.src.labels {
		x, y := p.View.PixelDBU(float64(l.pos.X), float64(l.pos.Y))
		y = p.clearOfLabels(x, y)
		p.labels = append(p.labels, label{text: l.text, x: x, y: y, layer: p.src.labelLayers[i]})
	}
}

// SetScale draws the picture again at pxPerMicron pixels per µm, its size
// following from the cell's: to show two cells at one scale (a cell before
// and after migration). The picture may be at most 20000 pixels wide or
// high.
func (p *Picture) SetScale(pxPerMicron float64) error {
	v, err := viewAtScale(p.View.Box, p.View.DBU, pxPerMicron*p.View.DBU)
	if err != nil {
		return fmt.Errorf("render: cell %s: %w", p.Cell, err)
	}
	p.View = v
	p.place()
	return nil
}

// FindCell returns the named cell, or the library's only top cell when name
// is empty; anything else is an error that says what there is.
func FindCell(lib *layout.Library, name string) (*layout.Cell, error) {
	if name != "" {
		if c := lib.Cell(name); c != nil {
			return c, nil
		}
		return nil, fmt.Errorf("render: no cell %q in library %s", name, lib.Name)
	}
	tops := lib.TopCells()
	switch len(tops) {
	case 0:
		return nil, errors.New("render: the library has no top cell")
	case 1:
		return tops[0], nil
	}
	names := make([]string, 0, len(tops))
	for _, c := range tops {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	if len(names) > 8 {
		names = append(names[:8], fmt.Sprintf("... (%d in all)", len(tops)))
	}
	return nil, fmt.Errorf("render: the library has %d top cells (%s); choose one", len(tops), strings.Join(names, ", "))
}

// flatKeys returns the layers that hold shapes other than texts in cell or
// below it, sorted.
func flatKeys(lib *layout.Library, cell *layout.Cell) []layout.LayerKey {
	seen := map[*layout.Cell]bool{}
	keys := map[layout.LayerKey]bool{}
	for inst := range lib.Instances(cell) {
		if seen[inst.Cell] {
			continue
		}
		seen[inst.Cell] = true
		for k, s := range inst.Cell.Layers {
			if s.Polygons.Len()+len(s.Paths)+len(s.Boxes) > 0 {
				keys[k] = true
			}
		}
	}
	return layout.SortedKeys(keys)
}

// withUnknownLayers puts a style for every key no style names below the
// given styles.
func withUnknownLayers(styles []Layer, keys []layout.LayerKey) []Layer {
	named := map[layout.LayerKey]bool{}
	for _, s := range styles {
		for _, k := range s.Keys {
			named[k] = true
		}
	}
	var out []Layer
	for _, k := range keys {
		if named[k] {
			continue
		}
		c := paletteColor(len(out))
		out = append(out, Layer{Name: k.String(), Keys: []layout.LayerKey{k}, Fill: c, Frame: c, Pattern: "dots"})
	}
	return append(out, styles...)
}

// layerRegion is the merged flat region of the given GDS layers.
func layerRegion(lib *layout.Library, cell *layout.Cell, keys []layout.LayerKey) *region.Region {
	var r *region.Region
	for _, k := range keys {
		kr := region.FromFlat(lib, cell, k)
		if kr.IsEmpty() {
			continue
		}
		if r == nil {
			r = kr
		} else {
			r.AddRegion(kr)
		}
	}
	if r == nil {
		return region.New()
	}
	return r.Merged()
}

// pixelRings converts a merged region into rings of pixel coordinates;
// with split, the rings of polygons smaller than smallShape go to small,
// and a polygon of less than a pixel becomes the pixel its centre is in.
func pixelRings(r *region.Region, v View, split bool) (rings, small [][]pt) {
	conv := func(ring []layout.Point) []pt {
		q := make([]pt, len(ring))
		for i, p := range ring {
			q[i].x, q[i].y = v.PixelDBU(float64(p.X), float64(p.Y))
		}
		return q
	}
	for i := 0; i < r.Len(); i++ {
		b := layout.BoxOf(r.Hull(i))
		w, h := float64(b.Width())*v.Scale, float64(b.Height())*v.Scale
		dst := &rings
		if split && w < smallShape && h < smallShape {
			dst = &small
			if w < 1 && h < 1 { // at least the whole pixel its centre falls in
				cx, cy := v.PixelDBU((float64(b.Min.X)+float64(b.Max.X))/2, (float64(b.Min.Y)+float64(b.Max.Y))/2)
				x, y := math.Floor(cx), math.Floor(cy)
				small = append(small, []pt{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}})
				continue
			}
		}
		*dst = append(*dst, conv(r.Hull(i)))
		for j := 0; j < r.NumHoles(i); j++ {
			*dst = append(*dst, conv(r.Hole(i, j)))
		}
	}
	return rings, small
}

// onLight darkens colours too pale to see on white.
func onLight(c color.RGBA) color.RGBA {
	lum := 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
	if lum < 170 {
		return c
	}
	f := 150 / lum
	return rgb(uint8(float64(c.R)*f), uint8(float64(c.G)*f), uint8(float64(c.B)*f))
}
