package render

import (
	"regexp"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// Stacking groups, bottom to top.
const (
	groupWell = iota
	groupImplant
	groupConductor
	groupCut
	groupOutline
)

var (
	outlineName = regexp.MustCompile(`bndry|boundary|outline|areaid|digibnd|prbound|diearea`)
	wellName    = regexp.MustCompile(`well|nbulay|^dnw|^pw$|^nw$`)
	polyName    = regexp.MustCompile(`poly`)
	cutName     = regexp.MustCompile(`^(via|cont|contact|licon|mcon|cut|topvia|v\d)`)
	metalName   = regexp.MustCompile(`^(met|metal|m|topmetal|li)(\d*)$`)
	diffName    = regexp.MustCompile(`diff|activ|comp|^tap$|^od$`)
)

// rank places a layer in the stack: group, level inside the group, then the
// order of the file.
type rank struct {
	group int
	level float64
	index int
}

func (a rank) less(b rank) bool {
	if a.group != b.group {
		return a.group < b.group
	}
	if a.level != b.level {
		return a.level < b.level
	}
	return a.index < b.index
}

// FromTech returns the drawing styles of a technology's drawn layers,
// bottom to top: wells, implants and markers, then the conductors by their
// height in the connectivity stack (diffusion, poly, local interconnect,
// metal 1, 2, ...), then the cuts by height (on top, so that they stay
// visible), then the outline layers as frames. Layers without a colour get
// one from a fixed palette; layers without a fill get one by kind.
func FromTech(t *rules.Tech) []Layer {
	levels := conductorLevels(t)
	type ranked struct {
		l Layer
		r rank
	}
	var all []ranked
	next := 0
	for i, tl := range t.Layers {
		name := strings.ToLower(tl.Name)
		r := rank{index: i}
		lvl, conductor := levels.conductor[tl.Name]
		cutLvl, cut := levels.cut[tl.Name]
		switch {
		case outlineName.MatchString(name):
			r.group = groupOutline
		case cut || (!conductor && cutName.MatchString(name)):
			r.group, r.level = groupCut, cutLvl
		case conductor:
			r.group, r.level = groupConductor, lvl
			if lvl == 0 && polyName.MatchString(name) {
				r.level = 0.5
			}
		case metalName.MatchString(name):
			r.group, r.level = groupConductor, 10
		case wellName.MatchString(name):
			r.group = groupWell
		case diffName.MatchString(name):
			r.group = groupConductor
		default:
			r.group = groupImplant
		}
		l := Layer{Name: tl.Name, Pattern: tl.Fill, Outline: r.group == groupOutline}
		l.Keys = append(l.Keys, layout.LayerKey{Layer: tl.Drawing.Layer, Datatype: tl.Drawing.Datatype})
		if tl.Pin != nil && *tl.Pin != tl.Drawing {
			l.Keys = append(l.Keys, layout.LayerKey{Layer: tl.Pin.Layer, Datatype: tl.Pin.Datatype})
		}
		l.Labels = append(l.Labels, l.Keys...)
		if tl.Label != nil {
			l.Labels = append(l.Labels, layout.LayerKey{Layer: tl.Label.Layer, Datatype: tl.Label.Datatype})
		}
		c, err := ParseColor(tl.Color)
		if err != nil { // no colour (the loader checks the form of given ones)
			switch r.group {
			case groupOutline:
				c = rgb(0xc0, 0xc0, 0xc0)
			case groupImplant, groupWell:
				c = rgb(0x90, 0x90, 0x90)
			default:
				c = paletteColor(next)
				next++
			}
		}
		l.Fill, l.Frame = c, c
		if !knownPattern(l.Pattern) {
			l.Pattern = defaultPattern(r.group, int(r.level))
		}
		all = append(all, ranked{l, r})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].r.less(all[j].r) })
	out := make([]Layer, len(all))
	for i, a := range all {
		out[i] = a.l
	}
	return out
}

// defaultPattern is the fill of a layer that names none.
func defaultPattern(group, level int) string {
	switch group {
	case groupCut:
		return "cross"
	case groupConductor:
		if level%2 == 0 {
			return "hatch"
		}
		return "backhatch"
	case groupWell:
		return "dots"
	}
	return "hollow"
}

// levels are the heights of conductors and cuts in the connectivity stack.
type levels struct {
	conductor map[string]float64
	cut       map[string]float64
}

// conductorLevels gives every conductor of the technology's connectivity a
// height: 0 for those that are never the upper layer of a cut (diffusion,
// poly), else one more than the highest layer below it. A cut sits at the
// height of its highest lower layer.
func conductorLevels(t *rules.Tech) levels {
	lv := levels{conductor: map[string]float64{}, cut: map[string]float64{}}
	for _, c := range t.Connections {
		for _, n := range c.Lower {
			lv.conductor[n] = 0
		}
		for _, n := range c.Upper {
			lv.conductor[n] = 0
		}
	}
	for range len(t.Connections) + 1 { // a chain is at most this long
		changed := false
		for _, c := range t.Connections {
			low := 0.0
			for _, n := range c.Lower {
				low = max(low, lv.conductor[n])
			}
			lv.cut[c.Cut] = low
			for _, n := range c.Upper {
				if lv.conductor[n] < low+1 {
					lv.conductor[n] = low + 1
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	return lv
}
