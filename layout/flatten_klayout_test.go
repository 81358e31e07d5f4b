package layout_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/klayout"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
)

// TestFlattenMatchesKLayout flattens the top cells of the real designs
// (mirrored rows, 90/270 rotations, arrays in all eight orientations, paths)
// and of a synthetic library with arbitrary angles and magnifications, and
// checks with KLayout's LayoutDiff that KLayout's own flattening gives the
// same shapes. One KLayout run covers every case.
func TestFlattenMatchesKLayout(t *testing.T) {
	klayout.Require(t)
	root := shareddata.Require(t)
	designs, _ := filepath.Glob(filepath.Join(root, "pdk", "designs", "*.gds"))
	if len(designs) == 0 {
		t.Fatal("no designs under shared/pdk/designs")
	}
	dir := t.TempDir()
	var list bytes.Buffer
	add := func(label, hier string, lib *layout.Library, tamper bool) {
		for _, top := range lib.TopCells() {
			flat := layout.NewLibrary(lib.Name)
			flat.UserUnit, flat.MetersPerDBU = lib.UserUnit, lib.MetersPerDBU
			fc := lib.Flatten(top, top.Name)
			if tamper {
				// A sentinel: one vertex moved by one database unit must
				// be reported, or the comparison proves nothing.
				fc.Layers[layout.LayerKey{Layer: 1}].Polygons.Polygon(0)[1].X++
			}
			flat.AddCell(fc)
			out := filepath.Join(dir, label+"_"+top.Name+".gds")
			if err := gds.WriteFile(out, flat); err != nil {
				t.Fatal(err)
			}
			list.WriteString(hier + "\t" + out + "\t" + top.Name + "\n")
		}
	}
	for _, f := range designs {
		lib, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		add(strings.TrimSuffix(filepath.Base(f), ".gds"), f, lib, false)
	}
	synth := synthetic()
	synthPath := filepath.Join(dir, "synthetic.gds")
	if err := gds.WriteFile(synthPath, synth); err != nil {
		t.Fatal(err)
	}
	add("synthetic", synthPath, synth, false)
	add("sentinel", synthPath, synth, true)
	listPath := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(listPath, list.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "klayout", "flatten.rb"))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	out, err := klayout.Run(ctx, script, map[string]string{"list": listPath})
	if err != nil {
		t.Fatal(err)
	}
	n, sentinel := 0, false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch f[0] {
		case "OK":
			n++
		case "DIFF":
			n++
			if strings.HasPrefix(filepath.Base(f[1]), "sentinel") {
				sentinel = true
				continue
			}
			t.Errorf("%s: %s differences with KLayout's flattening; first: %s", filepath.Base(f[1]), f[2], f[3])
		}
	}
	if want := strings.Count(list.String(), "\n"); n != want {
		t.Fatalf("KLayout answered for %d of %d cases:\n%s", n, want, out)
	}
	if !sentinel {
		t.Error("the tampered sentinel was not reported: the comparison cannot fail")
	}
	t.Logf("%d flattened top cells compared with KLayout", n)
}

func rect(x0, y0, x1, y1 int32) []layout.Point {
	return []layout.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}}
}

// synthetic builds a hierarchy with magnified references and angles that are
// not multiples of 90 degrees, where rounding matters.
func synthetic() *layout.Library {
	lib := layout.NewLibrary("SYNTH")
	leaf := layout.NewCell("LEAF")
	s := leaf.Shapes(layout.LayerKey{Layer: 1})
	s.Polygons.Add(rect(0, 0, 1000, 300), nil)
	s.Polygons.Add([]layout.Point{{X: 0, Y: 500}, {X: 300, Y: 900}, {X: 700, Y: 650}, {X: 640, Y: 510}}, nil)
	p := leaf.Shapes(layout.LayerKey{Layer: 2})
	p.Paths = append(p.Paths, layout.Path{Points: []layout.Point{{X: 0, Y: 0}, {X: 0, Y: 800}, {X: 500, Y: 800}}, Width: 60, Type: layout.PathExtended})
	mid := layout.NewCell("MID")
	mid.Shapes(layout.LayerKey{Layer: 3}).Polygons.Add(rect(-50, -50, 50, 50), nil)
	mid.Refs = append(mid.Refs,
		layout.Ref{Cell: leaf, Origin: layout.Point{X: 123, Y: 456}, Trans: layout.Strans{Mag: 1, Angle: 30, HasAngle: true}, Cols: 1, Rows: 1},
		layout.Ref{Cell: leaf, Origin: layout.Point{X: 5000, Y: 0}, Trans: layout.Strans{Mag: 1.5, HasMag: true, Reflect: true, Angle: 45, HasAngle: true}, Cols: 1, Rows: 1},
	)
	top := layout.NewCell("TOP")
	top.Refs = append(top.Refs,
		layout.Ref{Cell: mid, Origin: layout.Point{X: 0, Y: 0}, Trans: layout.Strans{Mag: 1}, Cols: 1, Rows: 1},
		layout.Ref{Cell: mid, Origin: layout.Point{X: 20000, Y: 7}, Trans: layout.Strans{Mag: 2, HasMag: true, Angle: 270, HasAngle: true}, Cols: 1, Rows: 1},
		layout.Ref{Cell: leaf, Origin: layout.Point{X: 0, Y: 30000}, Trans: layout.Strans{Mag: 1, Reflect: true, Angle: 90, HasAngle: true}, IsArray: true, Cols: 4, Rows: 3, ColStep: layout.Point{X: 1500, Y: 100}, RowStep: layout.Point{X: -200, Y: 2000}},
	)
	lib.AddCell(leaf)
	lib.AddCell(mid)
	lib.AddCell(top)
	return lib
}
