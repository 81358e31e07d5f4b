package netlist

import (
	"fmt"
	"sort"
	"strings"
)

// Diff is what changed from a source netlist to another (a migrated cell).
// Nets are matched by their labels, so the two netlists may come from
// different technologies.
type Diff struct {
	// Shorts are groups of labels on separate nets in the source that
	// share one net now.
	Shorts [][]string `json:"shorts,omitempty"`
	// Opens are labels whose net is split: either labels of one source
	// net that are now on different nets, or a label on more nets than
	// before. Each entry lists the labels of the split source net.
	Opens [][]string `json:"opens,omitempty"`
	// Lost are labels of the source that are on no net now.
	Lost []string `json:"lost,omitempty"`
	// SourceNets, Nets, SourceUnlabelled and Unlabelled count the nets
	// and the unlabelled nets before and after.
	SourceNets       int `json:"source_nets"`
	Nets             int `json:"nets"`
	SourceUnlabelled int `json:"source_unlabelled"`
	Unlabelled       int `json:"unlabelled"`
}

// OK reports whether the nets are the same: no shorts, no opens, no lost
// label and as many unlabelled nets as before.
func (d *Diff) OK() bool {
	return len(d.Shorts) == 0 && len(d.Opens) == 0 && len(d.Lost) == 0 && d.SourceUnlabelled == d.Unlabelled
}

// String says what differs in one line, or "same nets".
func (d *Diff) String() string {
	if d.OK() {
		return fmt.Sprintf("same nets (%d, %d unlabelled)", d.Nets, d.Unlabelled)
	}
	var parts []string
	for _, s := range d.Shorts {
		parts = append(parts, "short "+strings.Join(s, "+"))
	}
	for _, o := range d.Opens {
		parts = append(parts, "open "+strings.Join(o, ","))
	}
	for _, l := range d.Lost {
		parts = append(parts, "lost label "+l)
	}
	if d.SourceUnlabelled != d.Unlabelled {
		parts = append(parts, fmt.Sprintf("unlabelled nets %d -> %d", d.SourceUnlabelled, d.Unlabelled))
	}
	return strings.Join(parts, "; ")
}

// Compare matches the nets of got against those of src by label.
func Compare(src, got *Netlist) *Diff {
	d := &Diff{SourceNets: len(src.Nets), Nets: len(got.Nets)}
	d.SourceUnlabelled = len(src.Nets) - src.Labelled()
	d.Unlabelled = len(got.Nets) - got.Labelled()

	srcGroups := labelGroups(src)
	gotGroups := labelGroups(got)
	count := func(n *Netlist) map[string]int {
		c := map[string]int{}
		for _, x := range n.Nets {
			for _, l := range x.Labels {
				c[l]++
			}
		}
		return c
	}
	srcCount, gotCount := count(src), count(got)

	// Shorts: one net now carries labels of different source nets.
	seen := map[string]bool{}
	for _, n := range got.Nets {
		if len(n.Labels) < 2 {
			continue
		}
		groups := map[int]bool{}
		for _, l := range n.Labels {
			if g, ok := srcGroups.of(l); ok {
				groups[g] = true
			}
		}
		if len(groups) > 1 {
			key := strings.Join(n.Labels, "\x00")
			if !seen[key] {
				seen[key] = true
				d.Shorts = append(d.Shorts, n.Labels)
			}
		}
	}
	// Opens: a source net's labels now on different nets, or a label on
	// more nets than before.
	for _, n := range src.Nets {
		if len(n.Labels) == 0 {
			continue
		}
		groups := map[int]bool{}
		split := false
		for _, l := range n.Labels {
			if g, ok := gotGroups.of(l); ok {
				groups[g] = true
			}
			if gotCount[l] > srcCount[l] {
				split = true
			}
		}
		if len(groups) > 1 || split {
			d.Opens = append(d.Opens, n.Labels)
		}
	}
	for l := range srcCount {
		if gotCount[l] == 0 {
			d.Lost = append(d.Lost, l)
		}
	}
	sort.Strings(d.Lost)
	return d
}

// groups joins labels that share a net (union-find over label ids).
type groups struct {
	id     map[string]int
	parent []int
}

func (g *groups) of(l string) (int, bool) {
	i, ok := g.id[l]
	if !ok {
		return 0, false
	}
	for g.parent[i] != i {
		i = g.parent[i]
	}
	return i, true
}

func labelGroups(n *Netlist) *groups {
	g := &groups{id: map[string]int{}}
	add := func(l string) int {
		if i, ok := g.id[l]; ok {
			return i
		}
		i := len(g.parent)
		g.id[l] = i
		g.parent = append(g.parent, i)
		return i
	}
	for _, x := range n.Nets {
		first := -1
		for _, l := range x.Labels {
			i := add(l)
			if first < 0 {
				first = i
				continue
			}
			a, _ := g.of(l)
			b, _ := g.of(x.Labels[0])
			if a != b {
				g.parent[a] = b
			}
		}
	}
	return g
}
