package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
)

// GuessTech picks the technology whose drawn layers explain the layers of
// cell (shapes other than texts, in the cell and below): the one technology
// that knows all of them, or failing that the one that knows clearly more of
// them than any other (at least three quarters). Anything less certain is an
// error that names the candidates, so that the caller asks for --tech.
func GuessTech(lib *layout.Library, cell *layout.Cell, techs []*rules.Tech) (*rules.Tech, error) {
	keys := flatKeys(lib, cell)
	if len(keys) == 0 {
		return nil, fmt.Errorf("render: cell %s has no shapes to tell the technology by", cell.Name)
	}
	type score struct {
		t *rules.Tech
		n int
	}
	var scores []score
	for _, t := range techs {
		known := map[layout.LayerKey]bool{}
		for _, l := range t.Layers {
			known[layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype}] = true
			if l.Pin != nil {
				known[layout.LayerKey{Layer: l.Pin.Layer, Datatype: l.Pin.Datatype}] = true
			}
		}
		n := 0
		for _, k := range keys {
			if known[k] {
				n++
			}
		}
		scores = append(scores, score{t, n})
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].n > scores[j].n })
	var names []string
	for _, s := range scores {
		if s.n > 0 {
			names = append(names, fmt.Sprintf("%s knows %d", s.t.Name, s.n))
		}
	}
	what := fmt.Sprintf("%d layers (%s)", len(keys), strings.Join(names, ", "))
	if len(names) == 0 {
		what = fmt.Sprintf("%d layers, none of them known", len(keys))
	}
	switch {
	case len(scores) == 0:
		return nil, fmt.Errorf("render: no technology to choose from")
	case len(scores) > 1 && scores[1].n == scores[0].n:
		return nil, fmt.Errorf("render: cannot tell the technology of cell %s from its %s; give it (--tech)", cell.Name, what)
	case scores[0].n == len(keys):
		return scores[0].t, nil
	case 4*scores[0].n >= 3*len(keys) && (len(scores) == 1 || 2*scores[1].n <= scores[0].n):
		return scores[0].t, nil
	}
	return nil, fmt.Errorf("render: cannot tell the technology of cell %s from its %s; give it (--tech)", cell.Name, what)
}
