package netlist

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/layout/region"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

const gfLib = "gf180mcu/gf180mcu_fd_sc_mcu7t5v0"

func gfCell(t *testing.T, name string) (*layout.Library, *layout.Cell, *rules.Tech) {
	t.Helper()
	var file string
	for _, f := range shareddata.LibraryFiles(t, gfLib) {
		if strings.HasSuffix(filepath.Base(f), "__"+name+".gds") {
			file = f
		}
	}
	if file == "" {
		t.Fatalf("no cell %s in %s", name, gfLib)
	}
	lib, err := gds.ReadFile(file, gds.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tech, err := techfiles.Load("gf180mcu")
	if err != nil {
		t.Fatal(err)
	}
	return lib, lib.TopCells()[0], tech
}

func names(n *Netlist) []string {
	var s []string
	for _, x := range n.Nets {
		s = append(s, x.Name)
	}
	return s
}

func TestInverterNets(t *testing.T) {
	lib, top, tech := gfCell(t, "inv_1")
	n, err := Extract(lib, top, tech)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, x := range n.Nets {
		got[x.Name] = true
	}
	for _, want := range []string{"I", "ZN", "VDD", "VSS"} {
		if !got[want] {
			t.Errorf("no net %s in %v", want, names(n))
		}
	}
	if n.Labelled() != 4 || len(n.Floating) != 0 {
		t.Errorf("nets %v, floating %v: want exactly the four labelled nets", names(n), n.Floating)
	}
	if d := CompareMapped(n, n, identity); !d.OK() {
		t.Errorf("a netlist differs from itself: %s", d)
	}
}

// netPolygon returns the bounding box of the net named name.
func netBox(t *testing.T, n *Netlist, name string) layout.Box {
	for _, x := range n.Nets {
		if x.Name == name {
			return x.BBox
		}
	}
	t.Fatalf("no net %s in %v", name, names(n))
	return layout.Box{}
}

func TestShortAndOpenAreReported(t *testing.T) {
	lib, top, tech := gfCell(t, "inv_1")
	src, err := Extract(lib, top, tech)
	if err != nil {
		t.Fatal(err)
	}
	m1 := layout.LayerKey{Layer: 34, Datatype: 0}

	t.Run("short I to ZN", func(t *testing.T) {
		flat := lib.Flatten(top, top.Name)
		a, b := netBox(t, src, "I"), netBox(t, src, "ZN")
		// A metal1 bar from the centre of I to the centre of ZN.
		ya := (a.Min.Y + a.Max.Y) / 2
		x0, x1 := (a.Min.X+a.Max.X)/2, (b.Min.X+b.Max.X)/2
		if x0 > x1 {
			x0, x1 = x1, x0
		}
		flat.Shapes(m1).Polygons.Add([]layout.Point{{X: x0, Y: ya}, {X: x0, Y: ya + 300}, {X: x1, Y: ya + 300}, {X: x1, Y: ya}}, nil)
		got, err := ExtractFlat(flat, tech)
		if err != nil {
			t.Fatal(err)
		}
		d := Compare(src, got)
		if d.OK() || len(d.Shorts) == 0 || !strings.Contains(d.String(), "short") {
			t.Errorf("short not reported: %s (nets %v)", d, names(got))
		}
		g := CompareMapped(src, got, identity)
		if len(g.Joined) != 1 || strings.Join(g.Joined[0], "+") != "I+ZN" || len(g.Split) != 0 || g.Vanished != 0 {
			t.Errorf("geometric comparison: %s", g)
		}
	})

	t.Run("open ZN", func(t *testing.T) {
		flat := lib.Flatten(top, top.Name)
		b := netBox(t, src, "ZN")
		// Cut every metal1 across the middle of ZN's height.
		y := b.Min.Y + (b.Max.Y-b.Min.Y)/3
		cut := region.New()
		cut.AddBox(layout.Box{Min: layout.Point{X: b.Min.X, Y: y - 150}, Max: layout.Point{X: b.Max.X, Y: y + 150}})
		m := region.FromCell(flat, m1).Not(cut)
		flat.Layers[m1] = &layout.Shapes{Texts: nil}
		m.AppendTo(flat.Layers[m1])
		got, err := ExtractFlat(flat, tech)
		if err != nil {
			t.Fatal(err)
		}
		d := Compare(src, got)
		if d.OK() || len(d.Shorts) > 0 || d.Unlabelled != d.SourceUnlabelled+1 {
			t.Errorf("open not reported: %s (nets %v)", d, names(got))
		}
		g := CompareMapped(src, got, identity)
		if len(g.Split) != 1 || g.Split[0] != "ZN" || len(g.Joined) != 0 {
			t.Errorf("geometric comparison: %s", g)
		}
		t.Logf("open: %s", d)
	})
}

var identity = Mapping{
	Layers: func(s string) []string { return []string{s} },
	Point:  func(p layout.Point) layout.Point { return p },
}

func TestLibraryNetsAreLabelled(t *testing.T) {
	tech, err := techfiles.Load("gf180mcu")
	if err != nil {
		t.Fatal(err)
	}
	files := shareddata.LibraryFiles(t, gfLib)
	cells, nets, labelled := 0, 0, 0
	defer func() { t.Logf("%d cells, %d nets, %d labelled", cells, nets, labelled) }()
	for _, f := range files {
		lib, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, top := range lib.TopCells() {
			n, err := Extract(lib, top, tech)
			if err != nil {
				t.Fatal(err)
			}
			if len(n.Floating) > 0 {
				t.Errorf("%s: floating labels %v", top.Name, n.Floating)
			}
			// Every cell has its supplies, and a label names one net.
			count := map[string]int{}
			for _, x := range n.Nets {
				for _, l := range x.Labels {
					count[l]++
				}
			}
			for _, l := range []string{"VDD", "VSS"} {
				if count[l] != 1 {
					t.Errorf("%s: %d nets labelled %s (nets %v)", top.Name, count[l], l, names(n))
				}
			}
			for l, k := range count {
				if k > 1 {
					t.Errorf("%s: label %s on %d nets", top.Name, l, k)
				}
			}
			cells++
			nets += len(n.Nets)
			labelled += n.Labelled()
		}
	}
}
