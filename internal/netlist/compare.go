package netlist

import (
	"fmt"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/layout"
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

	// Geometric comparison (CompareMapped only): Split are source nets
	// whose polygons now lie on several nets, Joined groups of source nets
	// that now share one net (by name, "$n" for unlabelled ones), Vanished
	// the source polygons that map onto no polygon.
	Split    []string   `json:"split,omitempty"`
	Joined   [][]string `json:"joined,omitempty"`
	Vanished int        `json:"vanished,omitempty"`
}

// OK reports whether the nets are the same: no shorts, no opens, no lost
// label and as many unlabelled nets as before.
func (d *Diff) OK() bool {
	return len(d.Shorts) == 0 && len(d.Opens) == 0 && len(d.Lost) == 0 && d.SourceUnlabelled == d.Unlabelled &&
		len(d.Split) == 0 && len(d.Joined) == 0 && d.Vanished == 0
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
	for _, s := range d.Split {
		parts = append(parts, "split "+s)
	}
	for _, j := range d.Joined {
		parts = append(parts, "joined "+strings.Join(j, "+"))
	}
	if d.Vanished > 0 {
		parts = append(parts, fmt.Sprintf("%d polygons vanished", d.Vanished))
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

// Mapping carries the geometry of a source netlist into the coordinates and
// layers of another (a migrated cell).
type Mapping struct {
	// Layers returns the layers a source conductor becomes, in the order
	// they are searched (none: its polygons are not compared).
	Layers func(string) []string
	// Point maps a source point.
	Point func(layout.Point) layout.Point
	// Tolerance: when a mapped point lies on no polygon, the points one
	// Tolerance step away in x and y (eight of them) are tried. 0 tries
	// none.
	Tolerance int32
}

// CompareMapped compares by label (as Compare) and by geometry: one point
// of every source conductor polygon is mapped and located in got (its
// first vertex, or when that lands on nothing, the first of its edge
// middles, longest first, that does: see Netlist.Probes). A source net
// whose points land on different nets is split; source nets whose points
// land on one net are joined; a polygon none of whose points lands on
// anything has vanished. Unlike the label comparison, this sees an open and a short
// that leave the net counts unchanged.
func CompareMapped(src, got *Netlist, m Mapping) *Diff {
	d := Compare(src, got)
	to := make([]map[int]bool, len(src.Nets))
	from := map[int]map[int]bool{}
	src.Probes(func(net int, layer string, ps []layout.Point) {
		tls := m.Layers(layer)
		if len(tls) == 0 {
			return
		}
		j := -1
		for _, p := range ps {
			if j = m.locate(got, tls, p); j >= 0 {
				break
			}
		}
		if j < 0 {
			d.Vanished++
			return
		}
		if to[net] == nil {
			to[net] = map[int]bool{}
		}
		to[net][j] = true
		if from[j] == nil {
			from[j] = map[int]bool{}
		}
		from[j][net] = true
	})
	for i, t := range to {
		if len(t) > 1 {
			d.Split = append(d.Split, src.Nets[i].Name)
		}
	}
	var js []int
	for j, f := range from {
		if len(f) > 1 {
			js = append(js, j)
		}
	}
	sort.Ints(js)
	for _, j := range js {
		var names []string
		for i := range from[j] {
			names = append(names, src.Nets[i].Name)
		}
		sort.Strings(names)
		d.Joined = append(d.Joined, names)
	}
	return d
}

// locate returns the net of got that the source point p maps onto, on the
// first of layers that has one (within the tolerance), or -1.
func (m Mapping) locate(got *Netlist, layers []string, p layout.Point) int {
	q := m.Point(p)
	for _, tl := range layers {
		if j := got.NetAt(tl, q); j >= 0 {
			return j
		}
	}
	if t := m.Tolerance; t > 0 {
		for _, tl := range layers {
			for _, dx := range []int32{0, -t, t} {
				for _, dy := range []int32{0, -t, t} {
					if j := got.NetAt(tl, layout.Point{X: q.X + dx, Y: q.Y + dy}); j >= 0 {
						return j
					}
				}
			}
		}
	}
	return -1
}
