package rules_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/klayout"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// box returns a rectangle in database units.
func box(x1, y1, x2, y2 int32) []layout.Point {
	return []layout.Point{{X: x1, Y: y1}, {X: x1, Y: y2}, {X: x2, Y: y2}, {X: x2, Y: y1}}
}

// techLayout draws, for every drawn layer of t, a few shapes that give most
// rules something to find: a wide box, a thin strip next to it, a small
// square and a 45-degree and a skewed polygon, with an off-grid vertex.
func techLayout(t *rules.Tech) *layout.Library {
	lib := layout.NewLibrary("DECKTEST")
	lib.MetersPerDBU = t.DBU * 1e-6
	lib.UserUnit = t.DBU
	c := layout.NewCell("TOP")
	u := int32(rules.ToDBU(0.01, t.DBU)) // 10 nm
	for i, l := range t.Layers {
		s := c.Shapes(layout.LayerKey{Layer: l.Drawing.Layer, Datatype: l.Drawing.Datatype})
		x := int32(i%6) * 300 * u
		y := int32(i/6) * 300 * u
		s.Polygons.Add(box(x, y, x+100*u, y+100*u), nil)
		s.Polygons.Add(box(x+105*u, y, x+110*u, y+100*u), nil)
		s.Polygons.Add(box(x+50*u, y+50*u, x+150*u, y+60*u), nil)
		s.Polygons.Add(box(x+200*u, y, x+217*u, y+17*u), nil)
		s.Polygons.Add([]layout.Point{{X: x, Y: y + 150*u}, {X: x + 50*u, Y: y + 200*u}, {X: x + 100*u, Y: y + 150*u}, {X: x + 103*u + 1, Y: y + 120*u}}, nil)
	}
	lib.AddCell(c)
	return lib
}

// allChecksLayout draws targeted cases for testdata/allchecks.yaml.
func allChecksLayout() *layout.Library {
	lib := layout.NewLibrary("ALLCHECKS")
	c := layout.NewCell("TOP")
	add := func(l uint16, pts []layout.Point) {
		c.Shapes(layout.LayerKey{Layer: l}).Polygons.Add(pts, nil)
	}
	// diff: a 0.1 wide strip (W.1), two boxes 0.2 apart (S.1).
	add(1, box(0, 0, 100, 1000))
	add(1, box(300, 0, 1000, 1000))
	add(1, box(1200, 0, 1900, 1000))
	// poly crossing the right diff, end-caps 0.1 (EXT.1: 2 pairs), diff past
	// poly 0.2 on the left (EXT.2).
	add(2, box(500, -100, 650, 1100))
	// A poly polygon with a 135-degree edge and a skewed edge (ANG.1: 1).
	add(2, []layout.Point{{X: 3000, Y: 0}, {X: 3000, Y: 100}, {X: 3100, Y: 200}, {X: 3200, Y: 100}, {X: 3230, Y: 0}})
	// cont: a 0.17 square inside m1 with 0.02 enclosure on the left and
	// bottom (ENC.1, ENC.2), and a 0.2 square (X.1).
	add(3, box(5020, 20, 5190, 190))
	add(4, box(5000, 0, 5500, 500))
	add(3, box(6000, 0, 6200, 200))
	// m1 small square (A.1), via1 not covered by m2 (ENC.3).
	add(4, box(8000, 0, 8100, 100))
	add(5, box(9000, 0, 9150, 150))
	add(6, box(9100, 0, 9500, 500))
	lib.AddCell(c)
	return lib
}

type lyrdb struct {
	Categories []struct {
		Name string `xml:"name"`
	} `xml:"categories>category"`
	Items []struct {
		Category string `xml:"category"`
	} `xml:"items>item"`
}

func readReport(t *testing.T, path string) (cats []string, counts map[string]int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var db lyrdb
	if err := xml.Unmarshal(data, &db); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	counts = map[string]int{}
	for _, c := range db.Categories {
		cats = append(cats, c.Name)
	}
	for _, it := range db.Items {
		counts[strings.Trim(it.Category, "'")]++
	}
	return cats, counts
}

// TestExportKLayoutAccepted exports the deck of every embedded technology
// and of testdata/allchecks.yaml (every check kind, option and function),
// runs all decks in one KLayout session on generated layouts, and checks
// that KLayout accepts each deck and writes one category per rule id, in
// deck order; on allchecks it also checks what each rule finds. The same
// session runs the per-cell decks (export_percell_test.go).
func TestExportKLayoutAccepted(t *testing.T) {
	klayout.Require(t)
	dir := t.TempDir()
	type run struct {
		tech   *rules.Tech
		deck   string
		report string
	}
	var runs []run
	var list bytes.Buffer
	add := func(tech *rules.Tech, lib *layout.Library) {
		name := strings.ReplaceAll(tech.Name, "/", "_")
		in := filepath.Join(dir, name+".gds")
		if err := gds.WriteFile(in, lib); err != nil {
			t.Fatal(err)
		}
		var deck bytes.Buffer
		if err := rules.ExportKLayout(tech, &deck); err != nil {
			t.Fatal(err)
		}
		deckPath := filepath.Join(dir, name+".drc")
		if err := os.WriteFile(deckPath, deck.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		r := run{tech, deckPath, filepath.Join(dir, name+".lyrdb")}
		runs = append(runs, r)
		list.WriteString(r.deck + "\t" + in + "\t" + r.report + "\n")
	}
	all, err := rules.LoadFile(filepath.Join("testdata", "allchecks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	add(all, allChecksLayout())
	perCell := []*perCellRun{addPerCell(t, dir, all, &list)}
	for _, n := range techfiles.Names() {
		tech, err := techfiles.Load(n)
		if err != nil {
			t.Fatal(err)
		}
		add(tech, techLayout(tech))
		perCell = append(perCell, addPerCell(t, dir, tech, &list))
	}
	listPath := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(listPath, list.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "klayout", "run_decks.rb"))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	out, err := klayout.Run(ctx, script, map[string]string{"list": listPath})
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch f[0] {
		case "ok":
			ok[f[1]] = true
			ok[f[2]] = true
		case "error":
			t.Errorf("KLayout rejected %s (report %s): %s", filepath.Base(f[1]), filepath.Base(f[2]), strings.Join(f[3:], " "))
		}
	}
	for _, r := range perCell {
		if !ok[r.report] {
			t.Errorf("%s: KLayout did not finish the per-cell deck", r.tech.Name)
			continue
		}
		checkPerCell(t, r)
	}
	for _, r := range runs {
		if !ok[r.deck] {
			t.Errorf("%s: KLayout did not finish the deck", r.tech.Name)
			continue
		}
		cats, counts := readReport(t, r.report)
		var ids []string
		for _, rule := range r.tech.Rules {
			ids = append(ids, rule.ID)
		}
		if strings.Join(cats, " ") != strings.Join(ids, " ") {
			t.Errorf("%s: report categories\n%v\nwant the rule ids\n%v", r.tech.Name, cats, ids)
		}
		total := 0
		for _, n := range counts {
			total += n
		}
		t.Logf("%s: %d rules, %d items", r.tech.Name, len(ids), total)
		if r.tech == all {
			checkAllChecks(t, counts)
		}
	}
}

func checkAllChecks(t *testing.T, counts map[string]int) {
	want := map[string]int{
		"W.1":   1, // the 0.1 wide diff strip
		"S.1":   2, // diff boxes 0.2 apart (square metric), twice
		"EXT.1": 2, // poly end-caps 0.1 past diff, top and bottom
		"EXT.2": 0, // diff extends 0.2 left of the poly: below 0.25
		"ENC.1": 3, // cont 0.02 from the m1 left and bottom edges; the 0.2 cont uncovered
		"ENC.2": 1, // two adjacent short sides: the cont once
		"ENC.3": 1, // via1 partly outside m2
		"ENC.4": 1, // only the via1 bottom edge lying on the m2 bottom edge (0 enclosure)
		"X.1":   1, // the 0.2 square
		"ANG.1": 1, // the skewed poly edge; the 45 and 135 degree edges pass
		"G.1":   0,
	}
	// EXT.2: the diff left of the poly is 300..500 = 0.2 < 0.25: 1 pair.
	want["EXT.2"] = 1
	var bad []string
	for id, n := range want {
		if counts[id] != n {
			bad = append(bad, id)
		}
	}
	sort.Strings(bad)
	for _, id := range bad {
		t.Errorf("allchecks %s: %d items, want %d", id, counts[id], want[id])
	}
	if counts["A.1"] < 1 {
		t.Errorf("allchecks A.1: the 0.1 x 0.1 m1 square was not found")
	}
}
