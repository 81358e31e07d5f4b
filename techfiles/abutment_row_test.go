package techfiles_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// Rows of cells for the abutment test: placing cells edge to edge, running
// the deck on the row, and comparing the row's markers with those of its
// cells alone.

// freshMarkers returns the row's markers within halo µm of an abutment line
// (x = one of lines, database units) that the set of known markers lacks.
func freshMarkers(row *checkedRow, known markerSet, halo float64, lines ...int64) []drc.Violation {
	var out []drc.Violation
	for _, v := range row.v {
		near := false
		for _, a := range lines {
			near = near || nearLine(v, row.dbu, a, halo)
		}
		if near && !known.has(v) {
			out = append(out, v)
		}
	}
	return out
}

// freshMarkersY returns the markers within halo µm of the horizontal line
// y = at (database units) that the set of known markers lacks.
func freshMarkersY(row *checkedRow, known markerSet, halo float64, at int64) []drc.Violation {
	var out []drc.Violation
	y := float64(at) * row.dbu
	for _, v := range row.v {
		b := markerBox(v)
		if b[1] <= y+halo+1e-9 && b[3] >= y-halo-1e-9 && !known.has(v) {
			out = append(out, v)
		}
	}
	return out
}

// mirrorY returns the markers mirrored about the horizontal line y = h/2
// (µm): y becomes h - y.
func mirrorY(vs []drc.Violation, h float64) []drc.Violation {
	out := make([]drc.Violation, len(vs))
	for i, v := range vs {
		v.CoordsUM = append([][]float64(nil), v.CoordsUM...)
		for j, c := range v.CoordsUM {
			c = append([]float64(nil), c...)
			for k := 1; k < len(c); k += 2 {
				c[k] = h - c[k]
			}
			v.CoordsUM[j] = c
		}
		out[i] = v
	}
	return out
}

// checkStack places a checked row and the same row flipped (mirrored about
// the line y = at, database units) so that the two share that row edge, as
// placers stack rows, and checks the stack.
func checkStack(t *testing.T, row *checkedRow, tech *rules.Tech, ids []string, at int64) *checkedRow {
	t.Helper()
	stack := layout.NewCell("STACK")
	stack.Refs = []layout.Ref{
		{Cell: row.top, Trans: layout.Strans{Mag: 1}, Cols: 1, Rows: 1},
		{Cell: row.top, Trans: layout.Strans{Mag: 1, Reflect: true}, Cols: 1, Rows: 1, Origin: layout.Point{Y: int32(2 * at)}},
	}
	lib := layout.NewLibrary("STACK")
	lib.MetersPerDBU, lib.UserUnit = row.lib.MetersPerDBU, row.lib.UserUnit
	for _, c := range row.lib.Cells {
		lib.AddCell(c)
	}
	lib.AddCell(stack)
	rep, err := drc.Run(context.Background(), lib, stack, tech, drc.Options{Rules: ids})
	if err != nil {
		t.Fatalf("drc on a stack of two rows: %v", err)
	}
	return &checkedRow{lib: lib, top: stack, dbu: lib.DBUMicrons(), v: rep.Violations}
}

// failing counts markers by rule into counts and returns those of rules
// not in later.
func failing(vs []drc.Violation, later map[string]string, counts map[string]int) []drc.Violation {
	var out []drc.Violation
	for _, v := range vs {
		counts[v.Rule]++
		if _, ok := later[v.Rule]; !ok {
			out = append(out, v)
		}
	}
	return out
}

// describe lists markers one a line, at most eight.
func describe(vs []drc.Violation) string {
	var lines []string
	for _, v := range vs {
		lines = append(lines, fmt.Sprintf("%s %v", v.Rule, v.CoordsUM))
	}
	sort.Strings(lines)
	if len(lines) > 8 {
		lines = append(lines[:8], fmt.Sprintf("... %d more", len(lines)-8))
	}
	return strings.Join(lines, "\n")
}

// abutmentRules returns the ids of the rules the row is checked with (every
// rule but density windows, which a lone row cannot meet) and the
// interaction halo: the largest distance any of them measures, in µm.
func abutmentRules(tech *rules.Tech) ([]string, float64) {
	var ids []string
	halo := 0.0
	for _, r := range tech.Rules {
		if r.Check == rules.Density {
			continue
		}
		ids = append(ids, r.ID)
		switch r.Check {
		case rules.Width, rules.Space, rules.Notch, rules.Separation, rules.Enclosure, rules.Extension, rules.Overlap:
			halo = math.Max(halo, r.Value)
		}
	}
	return ids, halo
}

func layerKey(tech *rules.Tech, name string) layout.LayerKey {
	l := tech.Layer(name)
	return layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}
}

// outlineOf returns the bounding box of a cell's outline layer.
func outlineOf(c *layout.Cell, k layout.LayerKey) (layout.Box, bool) {
	s := c.Layers[k]
	if s == nil || s.IsEmpty() {
		return layout.Box{}, false
	}
	b := s.Bounds()
	return b, !b.IsEmpty()
}

// checkedRow is a row of cells and its DRC markers.
type checkedRow struct {
	lib *layout.Library
	top *layout.Cell
	dbu float64
	v   []drc.Violation
}

// placed is a cell in a row, as it is or mirrored about the y axis.
type placed struct {
	cell   *layout.Cell
	mirror bool
}

func (p placed) orientation() string {
	if p.mirror {
		return "FN"
	}
	return "N"
}

// checkRow places the cells left to right, each outline (the bounding box
// of layer outlineKey) starting where the previous one ends (the first at
// x = 0), and checks the row.
func checkRow(t *testing.T, metersPerDBU float64, tech *rules.Tech, ids []string, outlineKey layout.LayerKey, cells ...placed) *checkedRow {
	t.Helper()
	lib := layout.NewLibrary("ROW")
	lib.MetersPerDBU = metersPerDBU
	lib.UserUnit = metersPerDBU * 1e6
	top := layout.NewCell("ROW")
	outline := map[*layout.Cell]bool{}
	x := int64(0)
	for _, p := range cells {
		c := p.cell
		if !outline[c] {
			outline[c] = true
			lib.AddCell(c)
		}
		b, ok := outlineOf(c, outlineKey)
		if !ok {
			t.Fatalf("%s: no outline on %v", c.Name, outlineKey)
		}
		ref := layout.Ref{Cell: c, Trans: layout.Strans{Mag: 1}, Cols: 1, Rows: 1,
			Origin: layout.Point{X: int32(x - int64(b.Min.X))}}
		if p.mirror {
			// Reflected about the x axis, then turned by 180 degrees:
			// x -> -x, so the outline's right edge lands at x.
			ref.Trans = layout.Strans{Mag: 1, Reflect: true, Angle: 180, HasAngle: true}
			ref.Origin.X = int32(x + int64(b.Max.X))
		}
		if got := layout.BoxOf(ref.Transform().ApplyAll(nil, []layout.Point{b.Min, b.Max})); got.Min.X != int32(x) || got.Width() != b.Width() || got.Min.Y != b.Min.Y {
			t.Fatalf("%s (%s) placed at %v, want x from %d", c.Name, p.orientation(), got, x)
		}
		top.Refs = append(top.Refs, ref)
		x += b.Width()
	}
	lib.AddCell(top)
	rep, err := drc.Run(context.Background(), lib, top, tech, drc.Options{Rules: ids})
	if err != nil {
		t.Fatalf("drc on a row of %d cells: %v", len(cells), err)
	}
	return &checkedRow{lib: lib, top: top, dbu: lib.DBUMicrons(), v: rep.Violations}
}

// markerSet holds the bounding boxes (µm) of markers by rule.
type markerSet map[string][][4]float64

// add records markers shifted right by dx database units.
func (s markerSet) add(vs []drc.Violation, dx int64, dbu float64) {
	for _, v := range vs {
		b := markerBox(v)
		b[0] += float64(dx) * dbu
		b[2] += float64(dx) * dbu
		s[v.Rule] = append(s[v.Rule], b)
	}
}

// has reports whether the set holds a marker of the same rule that
// overlaps or touches v. A marker found alone comes out trimmed
// differently when a neighbour's shapes merge with the same polygon (the
// same stub, a shorter edge), so markers are matched by place, not by
// exact coordinates.
func (s markerSet) has(v drc.Violation) bool {
	b := markerBox(v)
	const eps = 1e-6
	for _, o := range s[v.Rule] {
		if o[0] <= b[2]+eps && b[0] <= o[2]+eps && o[1] <= b[3]+eps && b[1] <= o[3]+eps {
			return true
		}
	}
	return false
}

// markerBox is the bounding box [x1, y1, x2, y2] of a marker, in µm.
func markerBox(v drc.Violation) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, c := range v.CoordsUM {
		for i := 0; i+1 < len(c); i += 2 {
			b[0], b[1] = math.Min(b[0], c[i]), math.Min(b[1], c[i+1])
			b[2], b[3] = math.Max(b[2], c[i]), math.Max(b[3], c[i+1])
		}
	}
	return b
}

// nearLine reports whether a marker comes within halo µm of the vertical
// line x = at (database units).
func nearLine(v drc.Violation, dbu float64, at int64, halo float64) bool {
	b := markerBox(v)
	x := float64(at) * dbu
	return b[0] <= x+halo+1e-9 && b[2] >= x-halo-1e-9
}

// railContinuous checks that the merged layer covers the line y from x = 0
// to x = width with one polygon.
func railContinuous(row *checkedRow, k layout.LayerKey, y int32, width int64) error {
	merged := region.FromFlat(row.lib, row.top, k).Merged()
	line := region.New()
	line.AddBox(layout.Box{Min: layout.Point{X: 0, Y: y - 1}, Max: layout.Point{X: int32(width), Y: y + 1}})
	on := merged.Interacting(line)
	if on.Len() != 1 {
		return fmt.Errorf("%d polygons touch the row edge, want one", on.Len())
	}
	if cov := line.And(merged).Area(); cov != line.Area() {
		return fmt.Errorf("covers %d of the %d dbu² along the row edge", cov, line.Area())
	}
	return nil
}
