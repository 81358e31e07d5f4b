package render

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strconv"
)

// WriteSVG writes the picture as an SVG drawing of the same size and
// stacking as the PNG: one path per layer of all its polygons (even-odd
// fill, so holes stay open) defined once and used up to three times in the
// layer's group (data-layer names it): a faint tint, the layer's <pattern>
// and the frame; polygons of less than smallShape pixels as solid dots.
// Then the texts (group id "labels"), the markers (group id "markers"),
// the scale bar and the title.
func (p *Picture) WriteSVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	v := p.View
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="%d" height="%d" viewBox="0 0 %d %d" data-cell="%s">`+"\n",
		v.Width, v.Height, v.Width, v.Height, html.EscapeString(p.Cell))
	fmt.Fprintf(bw, "<title>%s</title>\n", html.EscapeString(p.Title))
	bw.WriteString("<defs>\n")
	for i, l := range p.layers {
		if body := svgPattern(l.Pattern, hexColor(l.Fill)); body != "" && !l.Outline {
			fmt.Fprintf(bw, `<pattern id="fill%d" patternUnits="userSpaceOnUse" width="%d" height="%d">%s</pattern>`+"\n",
				i, patternPeriod, patternPeriod, body)
		}
		if len(l.rings) > 0 { // drawn up to three times: tint, pattern, frame
			fmt.Fprintf(bw, `<path id="shapes%d" fill-rule="evenodd" d="`, i)
			writeRings(bw, l.rings)
			bw.WriteString("\"/>\n")
		}
	}
	bw.WriteString("</defs>\n")
	fmt.Fprintf(bw, `<rect id="background" width="%d" height="%d" fill="%s"/>`+"\n", v.Width, v.Height, hexColor(p.Background))
	for i, l := range p.layers {
		fmt.Fprintf(bw, `<g class="layer" data-layer="%s">`, html.EscapeString(l.Name))
		if len(l.rings) > 0 && svgPattern(l.Pattern, "") != "" && !l.Outline {
			tint := tintAlpha
			if l.Pattern == "solid" {
				tint = solidAlpha
			}
			fmt.Fprintf(bw, `<use xlink:href="#shapes%d" fill="%s" fill-opacity="%g"/>`, i, hexColor(l.Fill), tint)
			if l.Pattern != "solid" {
				fmt.Fprintf(bw, `<use xlink:href="#shapes%d" fill="url(#fill%d)"/>`, i, i)
			}
		}
		if len(l.small) > 0 {
			fmt.Fprintf(bw, `<path class="small" fill="%s" fill-opacity="%g" d="`, hexColor(l.Fill), smallAlpha)
			writeRings(bw, l.small)
			bw.WriteString(`"/>`)
		}
		if len(l.rings) > 0 {
			fmt.Fprintf(bw, `<use xlink:href="#shapes%d" fill="none" stroke="%s" stroke-width="%g"/>`, i, hexColor(l.Frame), frameWidth)
		}
		bw.WriteString("</g>\n")
	}
	fmt.Fprintf(bw, `<g id="labels" font-family="monospace" font-weight="bold" font-size="%d" text-anchor="middle" fill="%s" stroke="%s" stroke-width="3" paint-order="stroke">`+"\n",
		labelSize, hexColor(p.Foreground), hexColor(p.Background))
	for _, l := range p.labels {
		fmt.Fprintf(bw, `<text x="%s" y="%s" data-layer="%s">%s</text>`+"\n", num(l.x), num(l.y+5), html.EscapeString(l.layer), html.EscapeString(l.text))
	}
	bw.WriteString("</g>\n")
	mc := hexColor(p.Marker)
	fmt.Fprintf(bw, `<g id="markers" stroke="%s" fill="%s" fill-opacity="%g">`+"\n", mc, mc, markerFillAlpha)
	for _, m := range p.markers {
		fmt.Fprintf(bw, `<g class="marker" data-rule="%s">`, html.EscapeString(m.rule))
		if len(m.rings) > 0 {
			bw.WriteString(`<path stroke="none" fill-rule="evenodd" d="`)
			writeRings(bw, m.rings)
			bw.WriteString(`"/>`)
		}
		wd := markerLineWidth
		if len(m.rings) == 0 || len(m.edges) <= 2 {
			wd = markerEdgeWidth
		}
		fmt.Fprintf(bw, `<path fill="none" stroke-width="%g" stroke-linecap="square" d="`, wd)
		for _, e := range m.edges {
			fmt.Fprintf(bw, "M%s,%s L%s,%s ", num(e[0].x), num(e[0].y), num(e[1].x), num(e[1].y))
		}
		bw.WriteString("\"/></g>\n")
	}
	bw.WriteString("</g>\n")
	b := p.bar()
	fg := hexColor(p.Foreground)
	fmt.Fprintf(bw, `<g id="scalebar" fill="%s" font-family="monospace" font-size="%d">`, fg, labelSize)
	fmt.Fprintf(bw, `<rect x="%s" y="%s" width="%s" height="4"/>`, num(b.x), num(b.y-2), num(b.px))
	fmt.Fprintf(bw, `<rect x="%s" y="%s" width="2" height="16"/><rect x="%s" y="%s" width="2" height="16"/>`,
		num(b.x), num(b.y-8), num(b.x+b.px-2), num(b.y-8))
	fmt.Fprintf(bw, `<text x="%s" y="%s">%s</text>`, num(b.x+b.px+10), num(b.y+labelSize/2-2), html.EscapeString(b.label))
	title := p.Title
	if len(p.markers) > 0 {
		title = fmt.Sprintf("%s  (%d markers)", title, len(p.markers))
	}
	// monospace glyphs are about 0.6 em wide: keep the title clear of the label
	room := int((float64(v.Width-margin) - (b.x + b.px + 10 + 0.6*labelSize*float64(len([]rune(b.label))) + 24)) / (0.6 * labelSize))
	if r := []rune(title); len(r) > room {
		title = string(r[:max(room-1, 0)]) + "…"
	}
	fmt.Fprintf(bw, `<text x="%d" y="%s" text-anchor="end">%s</text></g>`+"\n", v.Width-margin, num(b.y+labelSize/2-2), html.EscapeString(title))
	bw.WriteString("</svg>\n")
	return bw.Flush()
}

// writeRings writes closed rings as SVG path data.
func writeRings(w *bufio.Writer, rings [][]pt) {
	for _, r := range rings {
		for i, q := range r {
			if i == 0 {
				w.WriteByte('M')
			} else {
				w.WriteByte('L')
			}
			w.WriteString(num(q.x))
			w.WriteByte(',')
			w.WriteString(num(q.y))
		}
		w.WriteString("Z")
	}
}

// num prints a pixel coordinate with two decimals at most.
func num(v float64) string {
	return strconv.FormatFloat(float64(int64(v*100+0.5*sign(v)))/100, 'f', -1, 64)
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
