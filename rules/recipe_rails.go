package rules

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Rail is one power rail as the target library draws it along a row edge
// (placement.rails): boxes on one or more layers spanning the whole outline
// width, centred on the outline's bottom or top edge, optionally joined by
// a row of cuts, and optionally labelled with the net's name. Migrated cells
// carry the same rails as the library's own cells, so that rails merge into
// one polygon per layer across a row.
//
//	rails:
//	  - net: VGND
//	    at: bottom
//	    layers: {li1: 0.17, met1: 0.48}   # layer: rail width (µm)
//	    cuts: {layer: mcon, size: 0.17, pitch: 0.46, offset: 0.145}
//	    pin: met1                         # pin box and label on this layer
type Rail struct {
	// Net is the rail's net name, used for the label.
	Net string
	// Top places the rail on the outline's top edge (at: top), otherwise on
	// its bottom edge (at: bottom).
	Top bool
	// Layers are the rail's boxes in file order.
	Layers []RailLayer
	// Cuts is the row of cuts along the rail's centre line (nil: none).
	Cuts *RailCuts
	// Pin is the rail layer that carries the pin box (on its pin purpose)
	// and the net's label (on its label purpose); "" for none.
	Pin string
	// LibraryOnly draws the rail only in cells no other cell of the input
	// places (library cells): in a placed design, routing on the rail's
	// layers may cross the cells (library_only: true).
	LibraryOnly bool
	Line        int
}

// RailLayer is one layer of a rail: a box Width µm tall, centred on the
// row edge.
type RailLayer struct {
	Layer string
	Width float64
	Line  int
}

// RailCuts is a row of square cuts along a rail: Size µm squares, centred on
// the row edge, the first one's left edge Offset µm right of the outline's
// left edge, then one every Pitch µm while the cut fits in the outline.
type RailCuts struct {
	Layer               string
	Size, Pitch, Offset float64
	Line                int
}

// Band is a well or implant layer as the target library draws it where a
// cell meets its neighbours (placement.bands): the migrated cell's own
// shapes of the layer are cut to the outline's width (and to Clip, when
// set), and a box from From to To µm above the outline's bottom edge,
// Extend µm wider than the outline on both sides, is added, except where
// the Except expression (over the cell's target layers, before the band is
// drawn) covers: the cell's own opposite implant, a tap of the other kind.
// With Reach, the band covers only that far into the cell from each side
// (the rest keeps the cell's own shapes; a cell with none gets the whole
// band).
//
//	bands:
//	  - {layer: nwell, from: 1.305, to: 2.91, extend: 0.19, reach: 0.46}
//	  - {layer: psdm, from: 1.355, to: 2.91, except: nsdm}
//	  - {layer: psd, from: 1.76, to: 3.6, extend: 0.07, clip: [-1, 3.6]}
//	  - {layer: psd, from: -0.18, to: 0.18, extend: 0.07, close: true}
type Band struct {
	Layer                   string
	From, To, Extend, Reach float64
	// Clip, when set, is the y range (µm above the outline's bottom edge)
	// the cell's own shapes of the layer are cut to.
	Clip *[2]float64
	// Except is where the band is not drawn (nil: everywhere); ExceptSource
	// its text.
	Except       Expr
	ExceptSource string
	// Close fills the gaps and notches of the layer narrower than its
	// minimum spacing once the band is drawn ("merged if less").
	Close bool
	Line  int
}

var (
	railKeys     = []string{"net", "at", "layers", "cuts", "pin", "library_only"}
	railCutsKeys = []string{"layer", "size", "pitch", "offset"}
	bandKeys     = []string{"layer", "from", "to", "extend", "reach", "clip", "except", "close"}
)

// rails reads placement.rails: a list of rails.
func (d *decoder) rails(p *Placement, n *yaml.Node) {
	for i, c := range d.items(n, "placement.rails") {
		field := fmt.Sprintf("placement.rails[%d]", i)
		r := &Rail{Line: resolve(c).Line}
		got := map[string]bool{}
		for _, kv := range d.pairs(c, field, railKeys) {
			k, v := kv[0].Value, kv[1]
			f := field + "." + k
			got[k] = true
			switch k {
			case "net":
				r.Net, _ = d.str(v, f)
			case "at":
				if s, ok := d.str(v, f); ok {
					switch s {
					case "bottom":
					case "top":
						r.Top = true
					default:
						d.errf(v, f, "expected bottom or top, found %q", s)
					}
				}
			case "layers":
				for _, l := range d.pairs(v, f, nil) {
					if w, ok := d.positive(l[1], f+"."+l[0].Value); ok {
						r.Layers = append(r.Layers, RailLayer{Layer: l[0].Value, Width: w, Line: l[0].Line})
					}
				}
			case "cuts":
				r.Cuts = d.railCuts(v, f)
			case "pin":
				r.Pin, _ = d.str(v, f)
			case "library_only":
				r.LibraryOnly, _ = d.boolean(v, f)
			}
		}
		for _, k := range []string{"net", "at", "layers"} {
			if !got[k] {
				d.errf(c, field+"."+k, "missing")
			}
		}
		if got["layers"] && len(r.Layers) == 0 {
			d.errf(c, field+".layers", "must name at least one layer")
		}
		if r.Pin != "" && !r.hasLayer(r.Pin) {
			d.errf(c, field+".pin", "%q is not one of the rail's layers", r.Pin)
		}
		p.Rails = append(p.Rails, r)
	}
}

func (d *decoder) railCuts(n *yaml.Node, field string) *RailCuts {
	c := &RailCuts{Line: resolve(n).Line}
	got := map[string]bool{}
	for _, kv := range d.pairs(n, field, railCutsKeys) {
		k, v := kv[0].Value, kv[1]
		f := field + "." + k
		got[k] = true
		switch k {
		case "layer":
			c.Layer, _ = d.str(v, f)
		case "size":
			c.Size, _ = d.positive(v, f)
		case "pitch":
			c.Pitch, _ = d.positive(v, f)
		case "offset":
			c.Offset, _ = d.nonNegative(v, f)
		}
	}
	for _, k := range railCutsKeys {
		if !got[k] {
			d.errf(n, field+"."+k, "missing")
		}
	}
	if c.Size > 0 && c.Pitch > 0 && c.Pitch < c.Size {
		d.errf(n, field+".pitch", "%g is less than the cut size %g", c.Pitch, c.Size)
	}
	return c
}

// bands reads placement.bands: a list of bands.
func (d *decoder) bands(p *Placement, n *yaml.Node) {
	for i, c := range d.items(n, "placement.bands") {
		field := fmt.Sprintf("placement.bands[%d]", i)
		b := &Band{Line: resolve(c).Line}
		got := map[string]bool{}
		for _, kv := range d.pairs(c, field, bandKeys) {
			k, v := kv[0].Value, kv[1]
			f := field + "." + k
			got[k] = true
			switch k {
			case "layer":
				b.Layer, _ = d.str(v, f)
			case "from":
				b.From, _ = d.float(v, f)
			case "to":
				b.To, _ = d.float(v, f)
			case "extend":
				b.Extend, _ = d.nonNegative(v, f)
			case "reach":
				b.Reach, _ = d.positive(v, f)
			case "clip":
				b.Clip = d.yRange(v, f)
			case "close":
				b.Close, _ = d.boolean(v, f)
			case "except":
				if src, ok := d.str(v, f); ok {
					e, err := ParseExpr(src)
					if err != nil {
						d.errf(v, f, "%v in %q", err, src)
						break
					}
					b.Except, b.ExceptSource = e, src
				}
			}
		}
		for _, k := range []string{"layer", "from", "to"} {
			if !got[k] {
				d.errf(c, field+"."+k, "missing")
			}
		}
		if got["from"] && got["to"] && b.To <= b.From {
			d.errf(c, field+".to", "%g is not above from %g", b.To, b.From)
		}
		p.Bands = append(p.Bands, b)
	}
}

// yRange reads [lo, hi] with lo < hi.
func (d *decoder) yRange(n *yaml.Node, field string) *[2]float64 {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		d.errf(n, field, "expected [low, high], found %s", kindName(n))
		return nil
	}
	var r [2]float64
	for i, c := range n.Content {
		x, ok := d.float(c, fmt.Sprintf("%s[%d]", field, i))
		if !ok {
			return nil
		}
		r[i] = x
	}
	if r[1] <= r[0] {
		d.errf(n, field, "high %g is not above low %g", r[1], r[0])
		return nil
	}
	return &r
}

// nonNegative reads a number that must be at least 0 (an error otherwise,
// and 0).
func (d *decoder) nonNegative(n *yaml.Node, field string) (float64, bool) {
	x, ok := d.float(n, field)
	if ok && x < 0 {
		d.errf(n, field, "must be >= 0")
		return 0, false
	}
	return x, ok
}

// positive reads a number that must be above 0 (an error otherwise, and 0).
func (d *decoder) positive(n *yaml.Node, field string) (float64, bool) {
	x, ok := d.float(n, field)
	if ok && x <= 0 {
		d.errf(n, field, "must be > 0")
		return 0, false
	}
	return x, ok
}

func (r *Rail) hasLayer(name string) bool {
	for _, l := range r.Layers {
		if l.Layer == name {
			return true
		}
	}
	return false
}

// Keepout is the distance a layer's shapes keep from a one-row cell's
// bottom and top edges (Distance) and from its left and right edges
// (Sides), 0 for none. The rails are drawn after it, so a rail layer's
// keep-out leaves the rail itself whole.
//
//	keepout: {poly: 0.105, diff: 0.135, li1: {sides: 0.085}}
type Keepout struct {
	Layer           string
	Distance, Sides float64
	Line            int
}

var keepoutKeys = []string{"edges", "sides"}

// keepout reads placement.keepout: a mapping of layer to the distance from
// the bottom and top edges, or to {edges: d, sides: d}.
func (d *decoder) keepout(p *Placement, n *yaml.Node) {
	for _, kv := range d.pairs(n, "placement.keepout", nil) {
		f := "placement.keepout." + kv[0].Value
		k := &Keepout{Layer: kv[0].Value, Line: kv[0].Line}
		if resolve(kv[1]).Kind != yaml.MappingNode {
			if x, ok := d.positive(kv[1], f); ok {
				k.Distance = x
				p.Keepout = append(p.Keepout, k)
			}
			continue
		}
		pairs := d.pairs(kv[1], f, keepoutKeys)
		for _, e := range pairs {
			x, _ := d.positive(e[1], f+"."+e[0].Value)
			if e[0].Value == "edges" {
				k.Distance = x
			} else {
				k.Sides = x
			}
		}
		if len(pairs) == 0 {
			d.errf(kv[1], f, "expected edges or sides")
		}
		p.Keepout = append(p.Keepout, k)
	}
}

// resolveRails checks the layers the rails and bands name against the
// target technology: rail and band layers must be drawn layers of it, a
// rail's cut layer one of its cut layers.
func (p *Placement) resolveRails(tgt *Tech, at func(line int, field, format string, args ...any)) {
	for i, r := range p.Rails {
		f := fmt.Sprintf("placement.rails[%d]", i)
		for _, l := range r.Layers {
			if tgt.Layer(l.Layer) == nil {
				at(l.Line, f+".layers."+l.Layer, "no layer %q in target technology %s", l.Layer, tgt.Name)
			}
		}
		if r.Cuts != nil && !isCut(tgt, r.Cuts.Layer) {
			at(r.Cuts.Line, f+".cuts.layer", "%q is not a cut layer of target technology %s", r.Cuts.Layer, tgt.Name)
		}
	}
	for _, k := range p.Keepout {
		if tgt.Layer(k.Layer) == nil {
			at(k.Line, "placement.keepout."+k.Layer, "no layer %q in target technology %s", k.Layer, tgt.Name)
		}
	}
	for i, b := range p.Bands {
		f := fmt.Sprintf("placement.bands[%d]", i)
		if tgt.Layer(b.Layer) == nil {
			at(b.Line, f+".layer", "no layer %q in target technology %s", b.Layer, tgt.Name)
		}
		if b.Except != nil {
			for _, ref := range Refs(b.Except) {
				if tgt.Layer(ref.Name) == nil {
					at(b.Line, f+".except", "expression uses %q, not a drawn layer of target technology %s", ref.Name, tgt.Name)
				}
			}
		}
	}
}

// railsTransform checks that the rails transform and the rails and bands it
// draws come together, and that it has an outline to draw along, landed
// first when the recipe lands it.
func (d *decoder) railsTransform(r *Recipe) {
	var t *Transform
	for _, x := range r.Transforms {
		if x.Kind == TransformRails {
			t = x
		}
		if x.Kind == TransformOutline && t != nil {
			d.errs = append(d.errs, &Error{File: d.file, Line: t.Line, Field: "transforms",
				Msg: "rails must come after outline (the rails span the landed outline)"})
		}
	}
	p := &r.Placement
	has := len(p.Rails) > 0 || len(p.Bands) > 0 || len(p.Keepout) > 0
	switch {
	case t != nil && !has:
		d.errs = append(d.errs, &Error{File: d.file, Line: t.Line, Field: "transforms",
			Msg: "rails: the placement has no rails, bands or keepout to draw"})
	case t != nil && p.Outline == "":
		d.errs = append(d.errs, &Error{File: d.file, Line: t.Line, Field: "transforms",
			Msg: "rails: the placement has no outline layer to draw along"})
	case t == nil && has:
		d.errs = append(d.errs, &Error{File: d.file, Line: p.Line, Field: "placement",
			Msg: "rails, bands or keepout are given but the transforms do not list rails"})
	}
}
