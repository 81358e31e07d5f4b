package render

import (
	"fmt"
	"math"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/layout"
)

// rawMarker is a violation in database units (float, as the report's µm
// need not land on the grid).
type rawMarker struct {
	rule  string
	kind  drc.Kind
	rings [][]fpt // polygon rings, or the edges of an edge pair / edge
	box   layout.Box
}

type fpt struct{ x, y float64 }

// marker is a violation in pixels: edges drawn thick, rings filled
// translucent and outlined.
type marker struct {
	rule  string
	edges [][2]pt
	rings [][]pt
}

// cellMarkers reads the violations of cell from a report, converted to
// database units. A report of another cell is an error.
func cellMarkers(rep *drc.Report, cell string, dbu float64) ([]rawMarker, error) {
	if rep.Top != "" && rep.Top != cell {
		return nil, fmt.Errorf("render: the markers report checked cell %s, not %s", rep.Top, cell)
	}
	var out []rawMarker
	for i, v := range rep.Violations {
		if v.Cell != "" && v.Cell != cell {
			continue
		}
		m := rawMarker{rule: v.Rule, kind: v.Kind, box: layout.EmptyBox()}
		want := map[drc.Kind]int{drc.KindEdgePair: 2, drc.KindEdge: 1, drc.KindBox: 1}[v.Kind]
		if (want > 0 && len(v.CoordsUM) != want) || len(v.CoordsUM) == 0 {
			return nil, fmt.Errorf("render: markers: violation %d (rule %s, %s) has %d coordinate lists", i+1, v.Rule, v.Kind, len(v.CoordsUM))
		}
		for _, c := range v.CoordsUM {
			if len(c)%2 != 0 || len(c) < 4 || (v.Kind != drc.KindPolygon && len(c) != 4) {
				return nil, fmt.Errorf("render: markers: violation %d (rule %s, %s) has a list of %d numbers", i+1, v.Rule, v.Kind, len(c))
			}
			ring := make([]fpt, 0, len(c)/2)
			for j := 0; j < len(c); j += 2 {
				p := fpt{c[j] / dbu, c[j+1] / dbu}
				if math.IsNaN(p.x) || math.IsInf(p.x, 0) || math.IsNaN(p.y) || math.IsInf(p.y, 0) || math.Abs(p.x) > 1<<31 || math.Abs(p.y) > 1<<31 {
					return nil, fmt.Errorf("render: markers: violation %d (rule %s) has a coordinate out of range", i+1, v.Rule)
				}
				ring = append(ring, p)
				m.box = m.box.ExtendPoint(layout.Point{X: int32(math.Floor(p.x)), Y: int32(math.Floor(p.y))})
				m.box = m.box.ExtendPoint(layout.Point{X: int32(math.Ceil(p.x)), Y: int32(math.Ceil(p.y))})
			}
			if v.Kind == drc.KindBox {
				a, b := ring[0], ring[1]
				ring = []fpt{{a.x, a.y}, {a.x, b.y}, {b.x, b.y}, {b.x, a.y}}
			}
			m.rings = append(m.rings, ring)
		}
		out = append(out, m)
	}
	return out, nil
}

// pixelMarkers converts markers into pixels: edge pairs give two edges and
// the quadrilateral between them, edges an edge, boxes and polygons their
// rings.
func pixelMarkers(raw []rawMarker, v View) []marker {
	out := make([]marker, 0, len(raw))
	conv := func(p fpt) pt {
		x, y := v.PixelDBU(p.x, p.y)
		return pt{x, y}
	}
	for _, r := range raw {
		m := marker{rule: r.rule}
		switch r.kind {
		case drc.KindEdgePair, drc.KindEdge:
			var quad []pt
			for _, e := range r.rings {
				a, b := conv(e[0]), conv(e[1])
				m.edges = append(m.edges, [2]pt{a, b})
				quad = append(quad, a, b)
			}
			if len(quad) == 4 {
				m.rings = append(m.rings, quad)
			}
		default:
			for _, ring := range r.rings {
				q := make([]pt, len(ring))
				for i, p := range ring {
					q[i] = conv(p)
				}
				m.rings = append(m.rings, q)
				for i := range q {
					m.edges = append(m.edges, [2]pt{q[i], q[(i+1)%len(q)]})
				}
			}
		}
		out = append(out, m)
	}
	return out
}
