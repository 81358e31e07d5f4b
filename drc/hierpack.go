package drc

import (
	"math"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
)

// piece is an opened placement whose own shapes are checked flat.
type piece struct {
	cell  *layout.Cell
	trans layout.Transform
}

// variant is a cell in one orientation, checked once for all its isolated
// placements. In the packed layout it sits at orient (its mirror and
// rotation, displaced by the placements' common remainder modulo the grid
// period) moved by slot; every placement is that image moved by a whole
// number of grid periods.
type variant struct {
	cell   *layout.Cell
	orient layout.Transform
	box    layout.Box     // its geometry under orient
	at     []layout.Point // each placement's displacement minus orient's
	slot   layout.Point   // where the packed layout moves it (multiples of the period)
}

type variantKey struct {
	cell   *layout.Cell
	mirror bool
	angle  float64
	dx, dy int64
}

// collect lists, in the order a flat walk meets them (layout.Instances),
// the opened placements with own shapes and the isolated placements,
// grouped into variants. period is the grid period (see gridPeriod).
func (w *hierWalker) collect(root *hnode, period int64) ([]piece, []*variant) {
	var pieces []piece
	var vars []*variant
	byKey := map[variantKey]*variant{}
	var visit func(n *hnode)
	visit = func(n *hnode) {
		if n.isolated {
			dx, dy := int64(n.trans.Disp[0]), int64(n.trans.Disp[1])
			key := keyOf(n, period)
			mx, my := key.dx, key.dy
			v := byKey[key]
			if v == nil {
				o := layout.Transform{Mirror: n.trans.Mirror, Angle: n.trans.Angle, Mag: 1, Disp: [2]float64{float64(mx), float64(my)}}
				v = &variant{cell: n.cell, orient: o, box: transformBox(o, w.cellInfo(n.cell, 0).box)}
				byKey[key] = v
				vars = append(vars, v)
			}
			v.at = append(v.at, layout.Point{X: int32(dx - mx), Y: int32(dy - my)})
			return
		}
		if w.cellInfo(n.cell, 0).own {
			pieces = append(pieces, piece{n.cell, n.trans})
		}
		for _, k := range n.kids {
			visit(k)
		}
	}
	visit(root)
	return pieces, vars
}

// keyOf returns the variant of an isolated placement.
func keyOf(n *hnode, period int64) variantKey {
	dx, dy := int64(n.trans.Disp[0]), int64(n.trans.Disp[1])
	return variantKey{n.cell, n.trans.Mirror, n.trans.Angle, floorMod(dx, period), floorMod(dy, period)}
}

func floorMod(a, m int64) int64 {
	r := a % m
	if r < 0 {
		r += m
	}
	return r
}

// ceilMul rounds a up to a multiple of m.
func ceilMul(a, m int64) int64 {
	return a + floorMod(-a, m)
}

// coordLimit bounds the packed layout's coordinates, well inside the
// range in which the checks compute exactly.
const coordLimit = 1 << 29

// pack places the variants' slots in rows beside the loose geometry (box
// loose), gap apart, each at a multiple of period. It returns false if the
// packed layout would leave the coordinate range.
func pack(vars []*variant, loose layout.Box, gap, period int64) bool {
	x0, y0 := int64(0), int64(0)
	if !loose.IsEmpty() {
		x0, y0 = int64(loose.Max.X)+gap, int64(loose.Min.Y)
	}
	var area float64
	var widest int64
	for _, v := range vars {
		area += float64(v.box.Width()+gap) * float64(v.box.Height()+gap)
		widest = max(widest, v.box.Width())
	}
	rowWidth := max(widest, int64(math.Sqrt(area)))
	x, y, rowH := x0, y0, int64(0)
	for _, v := range vars {
		if x > x0 && x+v.box.Width() > x0+rowWidth {
			x, y, rowH = x0, y+rowH+gap, 0
		}
		ox := ceilMul(x-int64(v.box.Min.X), period)
		oy := ceilMul(y-int64(v.box.Min.Y), period)
		maxX, maxY := int64(v.box.Max.X)+ox, int64(v.box.Max.Y)+oy
		if maxX > coordLimit || maxY > coordLimit || int64(v.box.Min.X)+ox < -coordLimit || int64(v.box.Min.Y)+oy < -coordLimit {
			return false
		}
		for _, a := range v.at {
			if int64(a.X)-ox > coordLimit || int64(a.X)-ox < -coordLimit || int64(a.Y)-oy > coordLimit || int64(a.Y)-oy < -coordLimit {
				return false
			}
		}
		v.slot = layout.Point{X: int32(ox), Y: int32(oy)}
		x = maxX + gap
		rowH = max(rowH, maxY-y)
	}
	return true
}

// packedSource reads a drawn layer of the packed layout: the loose pieces'
// own shapes where they are, then every variant's geometry in its slot, in
// the order of a flat walk within each.
func packedSource(lib *layout.Library, pieces []piece, vars []*variant) layerSource {
	return func(k layout.LayerKey) *region.Region {
		reg := region.New()
		var buf []layout.Point
		for _, p := range pieces {
			buf = addShapes(reg, p.cell.Layers[k], p.trans, buf)
		}
		for _, v := range vars {
			t := v.orient
			t.Disp[0] += float64(v.slot.X)
			t.Disp[1] += float64(v.slot.Y)
			for inst := range lib.Instances(v.cell) {
				if s := inst.Cell.Layers[k]; s != nil {
					buf = addShapes(reg, s, inst.Trans.Then(t), buf)
				}
			}
		}
		return reg
	}
}
