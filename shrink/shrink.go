// Package shrink migrates a layout from one technology to another by a
// recipe (rules.Recipe): it owns the migration transforms and nothing else
// (no file formats, no rule checking).
//
// Each cell is transformed once, in place in the hierarchy: references stay
// references and arrays stay arrays, with their origins and pitches scaled.
// The steps run in the recipe's order; those implemented are:
//
//   - map: every (layer, datatype) of the input goes to the target layer the
//     recipe names (a named source layer brings its drawing, pin and label
//     purposes), several sources may merge into one target, "drop" drops.
//     Input layers the recipe does not name are an error that lists them,
//     unless Options.DropUnmapped.
//
//   - scale and snap (always together): a coordinate x in source database
//     units becomes, in target database units,
//
//     x' = g * floor(x*N / (D*g) + 1/2)
//
//     where N/D is the recipe's scale times the ratio of the database units
//     and g the target manufacturing grid in target units. It is one rule
//     for every vertex, text position, reference origin and array pitch, so
//     coordinates that are equal before are equal after: touching and
//     abutting edges stay touching. Path widths are snapped to 2g (both
//     edges of an on-grid Manhattan path stay on the grid). Polygons that
//     collapse (fewer than three distinct vertices or zero area) are
//     dropped and counted. Coordinates whose image would not fit in 32 bits
//     are an error. Snapping is per cell: a point of a placed child lands
//     at snap(origin) + T(snap(x)), which is within one grid step of
//     snapping the flattened point (equal when the scaled origin is on the
//     grid and no tie is mirrored), so the connectivity check maps flat
//     source points with a tolerance of one grid step.
//
//   - outline: the cell outline (the one box on the recipe's outline
//     layer) lands on the placement grid: its left and bottom edges round
//     half up to the site grid and row grid, its width becomes the smallest
//     multiple of the site width that holds the scaled width, its height a
//     whole number of rows (the nearest, at least one).
//
//   - rails: in a cell whose outline is one row high, the recipe's power
//     rails (placement.rails) are drawn as the target library draws them:
//     a box per rail layer across the whole outline width, centred on the
//     bottom or top edge, a row of cuts along it (left out where it would
//     come closer to the cell's own cuts than their spacing rule) and the
//     net's pin and label (rails marked library_only only in cells no
//     other cell places: a placed design's routing may cross its cells).
//     The wells and implants of placement.bands are
//     cut to the outline width and get the library's band across the cell
//     and past its sides, so that the cell abuts the library's own cells;
//     the layers of placement.keepout are trimmed to keep their distance
//     from the bottom and top edges, so that stacked rows do not interact.
//
//   - generate: target-only layers are computed per cell from the recipe's
//     expressions over the cell's own target layers (merged polygons); with
//     take_from, the result is moved out of another layer (which is then
//     rewritten as merged polygons).
//
//   - bias: each listed target layer is merged and grown (positive) or
//     shrunk (negative) by its value on every side, KLayout's sizing (mode
//     2). A bias must be a multiple of the target grid, so that the layer
//     stays on the grid.
//
//   - cuts: every cut of the retargeted layers (transforms.cuts, or every
//     cut layer of the target's connectivity) becomes squares of the
//     target's exact size (exact_size rules on the cut or a derived subset
//     of it, such as licon outside poly resistors), on the grid. A cut is
//     re-centred; a larger cut, or a row of cuts with the same landings
//     that would come closer than the target spacing, is re-pitched: as
//     many cuts as fit at the target spacing in the drawn extent (at least
//     one; one more where the row's landings hold it with their plain
//     enclosures, so that a pair at the source's minimum pitch stays a
//     pair), centred. Each layer a cut lands on is then grown by OR-ing a
//     box around the cut: every side by the plain enclosure rules, and for
//     adjacent-sides rules the opposite pair that is already satisfied or
//     adds least area, preferring the one that stays clear of other nets
//     (no closer than the layer's spacing or than the landing already is)
//     and of the other lower conductors (a diffusion enclosure never grows
//     into poly). A cut whose enclosure would still crowd a neighbour moves
//     to the nearest grid position (within the largest enclosure) where it
//     costs less, landing on its own polygons only and keeping the cut
//     spacing and the cut's separation rules; growth also keeps the grown
//     layer's own rules (implant enclosure of diffusion) and, in a one-row
//     cell, out of the rails step's keep-outs (placement.keepout) where it
//     can. Growth never touches another net's shape; small notches it
//     makes in its own polygon are closed.
//     Cells whose cuts are legal are left unchanged.
//
//   - legalize: the width, space (notch, separation), enclosure, extension
//     and area rules of the classes the transform lists are met by moving
//     polygon edges as little as possible, along x then along y: every edge
//     across the pass is a variable, every pair of facing edges a difference
//     constraint from the target's rules (Euclidean at corners), cuts move
//     rigidly, edges on the outline stay, no polygon may merge, split, lose
//     an overlap or a label; the least total motion is a minimum-cost
//     tension problem, solved exactly as the dual of a minimum-cost
//     circulation. Rules that cannot all be met are met as far as they can
//     be. A cell that meets them already is not changed. LEGALIZE.md has
//     the formulation.
//
// Output is deterministic: cells in input order, layers in ascending order,
// shapes in input order.
package shrink

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/layoutmig/layoutmig/internal/layerexpr"
	"github.com/layoutmig/layoutmig/internal/netlist"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
)

// Options change how a migration runs.
type Options struct {
	// DropUnmapped drops input layers the recipe does not name instead of
	// failing.
	DropUnmapped bool
	// CheckNets extracts the nets of every cell before and after and
	// compares them (CellStats.Nets).
	CheckNets bool
	// Top restricts the connectivity check to this cell ("" = every cell).
	Top string
}

// Migrator runs one recipe. Build it with New. A Migrator runs one
// Migrate at a time (it keeps the scale of the library being migrated).
type Migrator struct {
	recipe   *rules.Recipe
	src, tgt *rules.Tech
	opt      Options
	keys     map[layout.LayerKey]target
	num, den int64   // coordinate scale, source dbu -> target dbu
	srcUM    float64 // µm per source database unit
	grid     int64   // target manufacturing grid, target dbu
	siteW    int64
	siteH    int64
	rowH     int64
	outline  *layout.LayerKey
	steps    []rules.TransformKind
	params   []*rules.Transform // the transform of each step, with its parameters
}

type target struct {
	key  layout.LayerKey
	drop bool
}

// implemented are the transform kinds the engine runs.
var implemented = map[rules.TransformKind]bool{
	rules.TransformMap: true, rules.TransformScale: true, rules.TransformSnap: true,
	rules.TransformOutline: true, rules.TransformRails: true, rules.TransformGenerate: true, rules.TransformBias: true,
	rules.TransformCuts: true, rules.TransformLegalize: true,
}

// New prepares a migration by recipe r (resolved against src and tgt, see
// rules.Recipe.Resolve). A transform the engine does not implement yet is
// an error naming its line, never skipped.
func New(r *rules.Recipe, src, tgt *rules.Tech, opt Options) (*Migrator, error) {
	if err := r.Resolve(src, tgt); err != nil {
		return nil, err
	}
	m := &Migrator{recipe: r, src: src, tgt: tgt, opt: opt, keys: map[layout.LayerKey]target{}}
	var order []string
	for _, t := range r.Transforms {
		if !implemented[t.Kind] {
			return nil, fmt.Errorf("%s:%d: transform %q is not implemented yet (implemented: %s)", r.File, t.Line, t.Kind, implementedList())
		}
		m.steps = append(m.steps, t.Kind)
		m.params = append(m.params, t)
		order = append(order, string(t.Kind))
	}
	if got := strings.Join(order, ","); !strings.HasPrefix(got, "map,scale,snap") {
		return nil, fmt.Errorf("%s: transforms must start with map, scale, snap (in this order), found %s", r.File, got)
	}
	if len(r.Generate) > 0 && !r.Has(rules.TransformGenerate) {
		return nil, fmt.Errorf("%s: the recipe has generated layers but no generate transform", r.File)
	}
	key := func(g rules.GDSLayer) layout.LayerKey { return layout.LayerKey{Layer: g.Layer, Datatype: g.Datatype} }
	for _, lm := range r.Layers {
		set := func(from layout.LayerKey, to target) {
			if _, dup := m.keys[from]; !dup {
				m.keys[from] = to
			}
		}
		if lm.From.GDS != nil {
			to := target{drop: lm.Drop}
			if !lm.Drop {
				if lm.To.GDS != nil {
					to.key = key(*lm.To.GDS)
				} else {
					to.key = key(tgt.Layer(lm.To.Name).Drawing)
				}
			}
			set(key(*lm.From.GDS), to)
			continue
		}
		sl := src.Layer(lm.From.Name)
		if lm.Drop {
			set(key(sl.Drawing), target{drop: true})
			if sl.Pin != nil {
				set(key(*sl.Pin), target{drop: true})
			}
			if sl.Label != nil {
				set(key(*sl.Label), target{drop: true})
			}
			continue
		}
		var draw, pin, label layout.LayerKey
		if lm.To.GDS != nil {
			draw = key(*lm.To.GDS)
			pin, label = draw, draw
		} else {
			tl := tgt.Layer(lm.To.Name)
			draw, pin, label = key(tl.Drawing), key(tl.Drawing), key(tl.Drawing)
			if tl.Pin != nil {
				pin = key(*tl.Pin)
			}
			if tl.Label != nil {
				label = key(*tl.Label)
			} else if tl.Pin != nil {
				label = pin
			}
		}
		set(key(sl.Drawing), target{key: draw})
		if sl.Pin != nil {
			set(key(*sl.Pin), target{key: pin})
		}
		if sl.Label != nil {
			set(key(*sl.Label), target{key: label})
		}
	}
	g := rules.ToDBU(tgt.Grid, tgt.DBU)
	if g < 1 {
		g = 1
	}
	m.grid = g
	for _, t := range m.params {
		if t.Kind == rules.TransformBias {
			if _, err := m.checkBias(t); err != nil {
				return nil, err
			}
		}
	}
	m.siteW = rules.ToDBU(r.Placement.SiteWidth, tgt.DBU)
	m.siteH = rules.ToDBU(r.Placement.SiteHeight, tgt.DBU)
	m.rowH = rules.ToDBU(r.Placement.RowHeight, tgt.DBU)
	if m.siteW%g != 0 || m.rowH%g != 0 {
		return nil, fmt.Errorf("%s:%d: placement: site width and row height must be multiples of the target grid %g µm", r.File, r.Placement.Line, tgt.Grid)
	}
	if r.Placement.Outline != "" {
		k := key(tgt.Layer(r.Placement.Outline).Drawing)
		m.outline = &k
	}
	return m, nil
}

// implementedList names the transforms the engine runs, in recipe order.
func implementedList() string {
	var out []string
	for _, k := range rules.TransformKinds {
		if implemented[k] {
			out = append(out, string(k))
		}
	}
	return strings.Join(out, ", ")
}

// ratio returns a/b as a reduced fraction, reading both as decimals with
// 12 significant digits (database units such as 0.001 are not exact in
// binary).
func ratio(a, b float64) (*big.Rat, error) {
	ra, ok1 := new(big.Rat).SetString(strconv.FormatFloat(a, 'g', 12, 64))
	rb, ok2 := new(big.Rat).SetString(strconv.FormatFloat(b, 'g', 12, 64))
	if !ok1 || !ok2 || rb.Sign() == 0 {
		return nil, fmt.Errorf("bad database units %g, %g", a, b)
	}
	return ra.Quo(ra, rb), nil
}

// Stats are one cell's migration statistics.
type CellStats struct {
	Cell         string `json:"cell"`
	ShapesBefore int    `json:"shapes_before"`
	ShapesAfter  int    `json:"shapes_after"`
	// Collapsed counts polygons and paths dropped because they vanished
	// when snapped.
	Collapsed int `json:"collapsed,omitempty"`
	// AreaBefore and AreaAfter are the outline areas (the bounding box of
	// the cell's own shapes when it has no outline), in µm².
	AreaBefore float64 `json:"area_before_um2"`
	AreaAfter  float64 `json:"area_after_um2"`
	// OutlineBefore/After are the outline boxes [x1, y1, x2, y2] in µm
	// (absent when the cell has none); Sites is the outline width in
	// placement sites.
	OutlineBefore *[4]float64 `json:"outline_before_um,omitempty"`
	OutlineAfter  *[4]float64 `json:"outline_after_um,omitempty"`
	Sites         int         `json:"sites,omitempty"`
	// MaxSnap and MeanSnap are the largest and the mean distance, in µm,
	// between a scaled vertex and its snapped position (per coordinate).
	MaxSnap  float64 `json:"max_snap_um"`
	MeanSnap float64 `json:"mean_snap_um"`
	// OutlineMove is the largest distance an outline edge moved to land
	// on the placement grid, in µm.
	OutlineMove float64 `json:"outline_move_um"`
	// Fixes counts what the rule-driven transforms changed, by kind
	// ("bias", "cut", "enclosure", "width", "space", ...): one per polygon
	// biased, cut retargeted, edge moved to meet a rule.
	Fixes map[string]int `json:"fixes,omitempty"`
	// MovedEdges is the number of polygon edges the rule-driven transforms
	// moved; MaxMove and MeanMove the largest and mean distance moved, in
	// µm (bias included).
	MovedEdges int     `json:"moved_edges,omitempty"`
	MaxMove    float64 `json:"max_move_um,omitempty"`
	MeanMove   float64 `json:"mean_move_um,omitempty"`
	// Nets is the connectivity check (nil when not checked).
	Nets *netlist.Diff `json:"nets,omitempty"`
	// NetsOK is the verdict of the check.
	NetsOK *bool `json:"nets_ok,omitempty"`
}

// Result is what a migration did, per cell in library order.
type Result struct {
	Recipe string      `json:"recipe"`
	Source string      `json:"source"`
	Target string      `json:"target"`
	Scale  string      `json:"scale"`
	Cells  []CellStats `json:"cells"`
}

// Failed returns the cells whose connectivity check failed.
func (r *Result) Failed() []string {
	var out []string
	for _, c := range r.Cells {
		if c.NetsOK != nil && !*c.NetsOK {
			out = append(out, c.Cell)
		}
	}
	return out
}

// UnmappedError lists the input layers the recipe does not map.
type UnmappedError struct {
	Recipe string
	Layers []string
}

func (e *UnmappedError) Error() string {
	return fmt.Sprintf("%s: input layers not in the layer map: %s (map them in the recipe, or drop them with --drop-unmapped)",
		e.Recipe, strings.Join(e.Layers, ", "))
}

// Migrate returns the migrated library and its statistics. The input is not
// changed.
func (m *Migrator) Migrate(lib *layout.Library) (*layout.Library, *Result, error) {
	if _, err := lib.BottomUp(); err != nil {
		return nil, nil, err
	}
	// Unmapped layers.
	unmapped := map[layout.LayerKey]bool{}
	for _, c := range lib.Cells {
		for k, s := range c.Layers {
			if _, ok := m.keys[k]; !ok && !s.IsEmpty() {
				unmapped[k] = true
			}
		}
	}
	if len(unmapped) > 0 && !m.opt.DropUnmapped {
		var ks []layout.LayerKey
		for k := range unmapped {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool { return ks[i].Less(ks[j]) })
		e := &UnmappedError{Recipe: m.recipe.File}
		for _, k := range ks {
			e.Layers = append(e.Layers, k.String())
		}
		return nil, nil, e
	}

	// Coordinate scale: recipe scale times source dbu / target dbu.
	dr, err := ratio(lib.MetersPerDBU*1e6, m.tgt.DBU)
	if err != nil {
		return nil, nil, err
	}
	s := new(big.Rat).SetFrac64(m.recipe.ScaleNum, m.recipe.ScaleDen)
	s.Mul(s, dr)
	if !s.Num().IsInt64() || !s.Denom().IsInt64() || s.Num().Int64() > 1e9 || s.Denom().Int64() > 1e9 {
		return nil, nil, fmt.Errorf("%s: scale %s times the database unit ratio %s is too fine a fraction", m.recipe.File, s.String(), dr.String())
	}
	m.num, m.den = s.Num().Int64(), s.Denom().Int64()
	m.srcUM = lib.MetersPerDBU * 1e6

	out := layout.NewLibrary(lib.Name)
	out.Version = lib.Version
	out.Modified, out.Accessed = lib.Modified, lib.Accessed
	out.MetersPerDBU = m.tgt.DBU * 1e-6
	out.UserUnit = lib.UserUnit
	if lib.MetersPerDBU > 0 {
		// Keep the user unit in metres.
		out.UserUnit = lib.UserUnit * lib.MetersPerDBU / out.MetersPerDBU
	}
	res := &Result{Recipe: m.recipe.Name, Source: m.src.Name, Target: m.tgt.Name,
		Scale: fmt.Sprintf("%d/%d", m.recipe.ScaleNum, m.recipe.ScaleDen)}

	newCell := map[*layout.Cell]*layout.Cell{}
	for _, c := range lib.Cells {
		nc := layout.NewCell(c.Name)
		nc.Modified, nc.Accessed = c.Modified, c.Accessed
		nc.Extra = c.Extra
		newCell[c] = nc
		out.AddCell(nc)
	}
	for _, c := range lib.Cells {
		st, err := m.cell(c, newCell[c], newCell)
		if err != nil {
			return nil, nil, err
		}
		res.Cells = append(res.Cells, st)
	}
	out.InvalidateBounds()
	if m.opt.CheckNets {
		for i, c := range lib.Cells {
			if m.opt.Top != "" && c.Name != m.opt.Top {
				continue
			}
			a, err := netlist.Extract(lib, c, m.src)
			if err != nil {
				return nil, nil, err
			}
			b, err := netlist.Extract(out, newCell[c], m.tgt)
			if err != nil {
				return nil, nil, err
			}
			d := netlist.CompareMapped(a, b, m.mapping())
			ok := d.OK()
			res.Cells[i].Nets, res.Cells[i].NetsOK = d, &ok
		}
	}
	return out, res, nil
}

// mapping carries source conductors into the migrated cell for the
// geometric connectivity check: layers by the layer map, points by the snap
// rule applied to flattened coordinates (within one grid step of where the
// hierarchy puts them, hence the tolerance).
func (m *Migrator) mapping() netlist.Mapping {
	byKey := map[layout.LayerKey]string{}
	for _, l := range m.tgt.Layers {
		k := layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}
		if _, ok := byKey[k]; !ok {
			byKey[k] = l.Name
		}
	}
	sn := &snapper{num: m.num, den: m.den, g: m.grid}
	return netlist.Mapping{
		Layers: func(name string) []string {
			l := m.src.Layer(name)
			if l == nil {
				return nil
			}
			t, ok := m.keys[layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}]
			if !ok || t.drop || byKey[t.key] == "" {
				return nil
			}
			out := []string{byKey[t.key]}
			// Layers generated out of it (take_from) hold some of its
			// polygons now.
			for _, g := range m.recipe.Generate {
				if g.TakeFrom == out[0] {
					out = append(out, g.Layer)
				}
			}
			return out
		},
		Point:     sn.point,
		Tolerance: int32(m.grid),
	}
}

// snapper scales and snaps coordinates and keeps displacement statistics.
type snapper struct {
	num, den, g int64
	maxD, sumD  float64
	n           int
}

// at returns g*floor(x*num/(den*g) + 1/2).
func (s *snapper) at(x int32) int32 {
	v := int64(x) * s.num
	q := floorDiv(2*v+s.den*s.g, 2*s.den*s.g) * s.g
	d := math.Abs(float64(q*s.den-v)) / float64(s.den)
	if d > s.maxD {
		s.maxD = d
	}
	s.sumD += d
	s.n++
	return int32(q)
}

// length snaps a length to a multiple of step (no statistics).
func (s *snapper) length(x int32, step int64) int32 {
	v := int64(x) * s.num
	return int32(floorDiv(2*v+s.den*step, 2*s.den*step) * step)
}

func (s *snapper) point(p layout.Point) layout.Point { return layout.Point{X: s.at(p.X), Y: s.at(p.Y)} }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// fits reports whether every coordinate of c (and of its placements)
// scales within 32 bits.
func (m *Migrator) fits(c *layout.Cell) (int64, bool) {
	lim := func(v int64) bool {
		if v < 0 {
			v = -v
		}
		return (v*m.num)/m.den+m.grid <= math.MaxInt32
	}
	b := c.LocalBounds()
	worst := int64(0)
	check := func(vs ...int64) bool {
		for _, v := range vs {
			if v < 0 {
				v = -v
			}
			if v > worst {
				worst = v
			}
			if !lim(v) {
				return false
			}
		}
		return true
	}
	if !b.IsEmpty() && !check(int64(b.Min.X), int64(b.Min.Y), int64(b.Max.X), int64(b.Max.Y)) {
		return worst, false
	}
	for i := range c.Refs {
		r := &c.Refs[i]
		if !check(int64(r.Origin.X), int64(r.Origin.Y)) {
			return worst, false
		}
		if r.IsArray {
			a := r.ArrayPoints()
			if !check(int64(a[1].X), int64(a[1].Y), int64(a[2].X), int64(a[2].Y)) {
				return worst, false
			}
		}
	}
	return worst, true
}

func (m *Migrator) um(v int64) float64 { return float64(v) * m.tgt.DBU }

func (m *Migrator) cell(c, nc *layout.Cell, newCell map[*layout.Cell]*layout.Cell) (CellStats, error) {
	st := CellStats{Cell: c.Name, ShapesBefore: c.Count().Total()}
	if worst, ok := m.fits(c); !ok {
		return st, fmt.Errorf("cell %s: scaling by %d/%d would overflow 32-bit coordinates (a coordinate of %d database units)", c.Name, m.num, m.den, worst)
	}
	f := m.srcUM
	sn := &snapper{num: m.num, den: m.den, g: m.grid}
	// Outline before, in source µm.
	if m.outline != nil {
		if k, ok := m.sourceKeyOf(*m.outline); ok {
			if b, ok := outlineBox(c.Layers[k]); ok {
				ob := [4]float64{float64(b.Min.X) * f, float64(b.Min.Y) * f, float64(b.Max.X) * f, float64(b.Max.Y) * f}
				st.OutlineBefore = &ob
				st.AreaBefore = (ob[2] - ob[0]) * (ob[3] - ob[1])
			}
		}
	}
	if st.OutlineBefore == nil {
		b := c.LocalBounds()
		if !b.IsEmpty() {
			st.AreaBefore = float64(b.Width()) * f * float64(b.Height()) * f
		}
	}

	for _, k := range c.LayerKeys() {
		t, ok := m.keys[k]
		if !ok || t.drop {
			continue
		}
		st.Collapsed += m.shapes(c.Layers[k], nc.Shapes(t.key), sn)
	}
	for i := range c.Refs {
		r := c.Refs[i]
		r.Cell = newCell[r.Cell]
		r.Origin = sn.point(r.Origin)
		if r.IsArray {
			r.ColStep = layout.Point{X: sn.length(r.ColStep.X, m.grid), Y: sn.length(r.ColStep.Y, m.grid)}
			r.RowStep = layout.Point{X: sn.length(r.RowStep.X, m.grid), Y: sn.length(r.RowStep.Y, m.grid)}
		}
		r.Info = r.Info.Clone()
		nc.Refs = append(nc.Refs, r)
	}
	if sn.n > 0 {
		st.MaxSnap = sn.maxD * m.tgt.DBU
		st.MeanSnap = sn.sumD / float64(sn.n) * m.tgt.DBU
	}
	for i, step := range m.steps {
		switch step {
		case rules.TransformOutline:
			m.landOutline(nc, &st)
		case rules.TransformRails:
			if err := m.drawRails(nc, func() bool { return placedBy(newCell, c) }, &st); err != nil {
				return st, fmt.Errorf("cell %s: %w", c.Name, err)
			}
		case rules.TransformBias:
			if err := m.bias(nc, m.params[i], &st); err != nil {
				return st, fmt.Errorf("cell %s: %w", c.Name, err)
			}
		case rules.TransformCuts:
			if err := m.retargetCuts(nc, m.params[i], &st); err != nil {
				return st, fmt.Errorf("cell %s: %w", c.Name, err)
			}
		case rules.TransformLegalize:
			if err := m.legalize(nc, m.params[i], &st); err != nil {
				return st, fmt.Errorf("cell %s: %w", c.Name, err)
			}
		case rules.TransformGenerate:
			if err := m.generate(nc); err != nil {
				return st, fmt.Errorf("cell %s: %w", c.Name, err)
			}
		}
	}
	if st.OutlineAfter == nil {
		if m.outline != nil {
			if b, ok := outlineBox(nc.Layers[*m.outline]); ok {
				ob := [4]float64{m.um(int64(b.Min.X)), m.um(int64(b.Min.Y)), m.um(int64(b.Max.X)), m.um(int64(b.Max.Y))}
				st.OutlineAfter = &ob
			}
		}
	}
	if st.OutlineAfter != nil {
		o := st.OutlineAfter
		st.AreaAfter = (o[2] - o[0]) * (o[3] - o[1])
	} else if b := nc.LocalBounds(); !b.IsEmpty() {
		st.AreaAfter = m.um(b.Width()) * m.um(b.Height())
	}
	// Drop empty layers (all shapes collapsed).
	for k, s := range nc.Layers {
		if s.IsEmpty() {
			delete(nc.Layers, k)
		}
	}
	st.ShapesAfter = nc.Count().Total()
	return st, nil
}

// sourceKeyOf returns a source key that maps to the target key k.
func (m *Migrator) sourceKeyOf(k layout.LayerKey) (layout.LayerKey, bool) {
	var best []layout.LayerKey
	for from, t := range m.keys {
		if !t.drop && t.key == k {
			best = append(best, from)
		}
	}
	if len(best) == 0 {
		return layout.LayerKey{}, false
	}
	sort.Slice(best, func(i, j int) bool { return best[i].Less(best[j]) })
	return best[0], true
}

// shapes scales and snaps the shapes of one layer into dst and returns the
// number of shapes that collapsed.
func (m *Migrator) shapes(s *layout.Shapes, dst *layout.Shapes, sn *snapper) int {
	collapsed := 0
	buf := make([]layout.Point, 0, 64)
	for i, p := range s.Polygons.All() {
		buf = buf[:0]
		for _, q := range p {
			q = sn.point(q)
			if n := len(buf); n > 0 && buf[n-1] == q {
				continue
			}
			buf = append(buf, q)
		}
		for len(buf) > 1 && buf[0] == buf[len(buf)-1] {
			buf = buf[:len(buf)-1]
		}
		if len(buf) < 3 || area2(buf) == 0 {
			collapsed++
			continue
		}
		dst.Polygons.Add(buf, s.Polygons.Info[i].Clone())
	}
	for i := range s.Paths {
		p := s.Paths[i]
		q := p
		q.Points = make([]layout.Point, 0, len(p.Points))
		for _, pt := range p.Points {
			pt = sn.point(pt)
			if n := len(q.Points); n > 0 && q.Points[n-1] == pt {
				continue
			}
			q.Points = append(q.Points, pt)
		}
		neg := p.Width < 0
		w := p.Width
		if neg {
			w = -w
		}
		w = sn.length(w, 2*m.grid)
		if w == 0 {
			collapsed++
			continue
		}
		if neg {
			w = -w
		}
		q.Width = w
		if p.Type == layout.PathCustom {
			q.BgnExtn, q.EndExtn = sn.length(p.BgnExtn, m.grid), sn.length(p.EndExtn, m.grid)
		}
		q.Info = p.Info.Clone()
		dst.Paths = append(dst.Paths, q)
	}
	for i := range s.Boxes {
		b := s.Boxes[i]
		var nb layout.BoxElement
		for j, pt := range b.Points {
			nb.Points[j] = sn.point(pt)
		}
		if bb := layout.BoxOf(nb.Points[:4]); bb.Width() == 0 || bb.Height() == 0 {
			collapsed++
			continue
		}
		nb.Info = b.Info.Clone()
		dst.Boxes = append(dst.Boxes, nb)
	}
	for i := range s.Nodes {
		n := s.Nodes[i]
		nn := layout.Node{Info: n.Info.Clone()}
		for _, pt := range n.Points {
			nn.Points = append(nn.Points, sn.point(pt))
		}
		dst.Nodes = append(dst.Nodes, nn)
	}
	for i := range s.Texts {
		t := s.Texts[i]
		t.Pos = sn.point(t.Pos)
		if t.HasWidth && t.Width > 0 {
			t.Width = sn.length(t.Width, 1)
		}
		t.Info = t.Info.Clone()
		dst.Texts = append(dst.Texts, t)
	}
	return collapsed
}

func area2(p []layout.Point) int64 {
	var a int64
	for i := range p {
		q, r := p[i], p[(i+1)%len(p)]
		a += int64(q.X)*int64(r.Y) - int64(r.X)*int64(q.Y)
	}
	return a
}

// outlineBox returns the box of a layer that holds exactly one rectangle.
func outlineBox(s *layout.Shapes) (layout.Box, bool) {
	if s == nil || len(s.Paths) > 0 {
		return layout.Box{}, false
	}
	var boxes []layout.Box
	for _, p := range s.Polygons.All() {
		b := layout.BoxOf(p)
		if !isRect(p) {
			return layout.Box{}, false
		}
		boxes = append(boxes, b)
	}
	for i := range s.Boxes {
		boxes = append(boxes, layout.BoxOf(s.Boxes[i].Points[:4]))
	}
	if len(boxes) != 1 {
		return layout.Box{}, false
	}
	return boxes[0], true
}

func isRect(p []layout.Point) bool {
	if len(p) != 4 {
		return false
	}
	for i := range p {
		a, b := p[i], p[(i+1)%4]
		if a.X != b.X && a.Y != b.Y {
			return false
		}
	}
	return true
}

// landOutline puts the outline box on the placement grid.
func (m *Migrator) landOutline(nc *layout.Cell, st *CellStats) {
	if m.outline == nil {
		return
	}
	s := nc.Layers[*m.outline]
	b, ok := outlineBox(s)
	if !ok {
		return
	}
	round := func(v, step int64) int64 { return floorDiv(2*v+step, 2*step) * step }
	x0 := round(int64(b.Min.X), m.siteW)
	y0 := round(int64(b.Min.Y), m.siteH)
	w := int64(b.Max.X) - int64(b.Min.X)
	sites := (w + m.siteW - 1) / m.siteW
	if sites < 1 {
		sites = 1
	}
	h := int64(b.Max.Y) - int64(b.Min.Y)
	rows := round(h, m.rowH) / m.rowH
	if rows < 1 {
		rows = 1
	}
	nb := layout.Box{Min: layout.Point{X: int32(x0), Y: int32(y0)}, Max: layout.Point{X: int32(x0 + sites*m.siteW), Y: int32(y0 + rows*m.rowH)}}
	var info *layout.ElementInfo
	if s.Polygons.Len() == 1 {
		info = s.Polygons.Info[0]
	} else if len(s.Boxes) == 1 {
		info = s.Boxes[0].Info
	}
	texts := s.Texts
	ns := &layout.Shapes{Texts: texts}
	ns.Polygons.Add([]layout.Point{nb.Min, {X: nb.Min.X, Y: nb.Max.Y}, nb.Max, {X: nb.Max.X, Y: nb.Min.Y}}, info)
	nc.Layers[*m.outline] = ns
	move := max(abs64(int64(nb.Min.X)-int64(b.Min.X)), abs64(int64(nb.Min.Y)-int64(b.Min.Y)),
		abs64(int64(nb.Max.X)-int64(b.Max.X)), abs64(int64(nb.Max.Y)-int64(b.Max.Y)))
	st.OutlineMove = m.um(move)
	st.Sites = int(sites)
	ob := [4]float64{m.um(int64(nb.Min.X)), m.um(int64(nb.Min.Y)), m.um(int64(nb.Max.X)), m.um(int64(nb.Max.Y))}
	st.OutlineAfter = &ob
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// generate adds the recipe's generated layers to one cell.
func (m *Migrator) generate(nc *layout.Cell) error {
	for _, g := range m.recipe.Generate {
		r, err := m.eval(nc, g.Expr)
		if err != nil {
			return fmt.Errorf("%s:%d: generate.%s: %w", m.recipe.File, g.Line, g.Layer, err)
		}
		if r.IsEmpty() {
			continue
		}
		r = r.Merged()
		if g.TakeFrom != "" {
			fl := m.tgt.Layer(g.TakeFrom)
			fk := layout.LayerKey{Layer: fl.Drawing.Layer, Datatype: fl.Drawing.Datatype}
			if old := nc.Layers[fk]; old != nil {
				rest := region.FromShapes(old).Not(r)
				ns := &layout.Shapes{Nodes: old.Nodes, Texts: old.Texts}
				rest.AppendTo(ns)
				nc.Layers[fk] = ns
			}
		}
		l := m.tgt.Layer(g.Layer)
		r.AppendTo(nc.Shapes(layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}))
	}
	return nil
}

func (m *Migrator) eval(nc *layout.Cell, e rules.Expr) (*region.Region, error) {
	switch e := e.(type) {
	case *rules.LayerRef:
		l := m.tgt.Layer(e.Name)
		if l == nil {
			return nil, fmt.Errorf("no layer %q in %s", e.Name, m.tgt.Name)
		}
		return region.FromCell(nc, layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}), nil
	case *rules.Binary:
		a, err := m.eval(nc, e.X)
		if err != nil {
			return nil, err
		}
		b, err := m.eval(nc, e.Y)
		if err != nil {
			return nil, err
		}
		if res, ok := layerexpr.Combine(e.Op, a, b); ok {
			return res, nil
		}
		return nil, fmt.Errorf("operator %q is not implemented", e.Op)
	case *rules.Call:
		a, err := m.eval(nc, e.Args[0])
		if err != nil {
			return nil, err
		}
		if e.Func == rules.FuncSized {
			return a.Sized(int32(rules.ToDBU(e.Dist, m.tgt.DBU))), nil
		}
		b, err := m.eval(nc, e.Args[1])
		if err != nil {
			return nil, err
		}
		a = a.Merged()
		b = b.Merged()
		if res, ok := layerexpr.Select(e.Func, a, b); ok {
			return res, nil
		}
		return nil, fmt.Errorf("function %q is not implemented", e.Func)
	}
	return nil, fmt.Errorf("unknown expression %v", e)
}
