package drc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/internal/klayout"
	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/internal/sheet"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// The per-cell cross-check: for each technology, every cell of its real
// library is checked on its own (as the top cell, in its own coordinates)
// by Run with the whole techfile and by KLayout running the per-cell deck
// of rules.ExportKLayoutWith (ExportOptions.PerCell), once as drawn and
// once with every coordinate scaled by 0.9 (each cell flattened and scaled
// about its own origin, as scaledFlat does for the sheet), where the
// violations are. For every cell and every rule the markers must be the
// same multiset, compared as TestDeckMatchesKLayout compares them
// (canonMarker, exact in database units); KLayout must report exactly the
// cells we checked; as drawn, the violations must be exactly the known
// findings of deckCases, in exactly their cells.
//
// One KLayout session per technology runs its deck on both variants, and
// our checks run while they do: the per-cell deck reads each library file
// once and loops over its top cells.
//
// The sentinel: KLayout's copy of the library as drawn has one more top
// cell, LM_SENTINEL: the first cell of the library, flattened, and a strip
// half as wide as the first width rule on a drawn layer asks for; we check
// LM_SENTINEL without the strip. The comparison must find that
// difference, on that rule, with the markers on KLayout's side only: the
// test proves that it can fail. Every other cell must still be equal, so
// the strip does not leak into the cell KLayout checks after it.

// sentinelCell is the name of the planted cell.
const sentinelCell = "LM_SENTINEL"

// perCellScales are the variants of each cell: as drawn, and shrunk.
var perCellScales = []float64{1, 0.9}

// perCellVariant is one library (as drawn or scaled) checked cell by cell.
type perCellVariant struct {
	tag   string // technology@scale
	scale float64
	lib   *layout.Library
	cells []*layout.Cell // the checked cells, sorted by name
	gds   string         // the file KLayout reads
	rdb   string         // KLayout's per-cell report
	dbu   float64
	ours  map[string]*Report // cell name -> our report
	// planted is the rule the sentinel breaks ("" in variants without it).
	planted string
}

// perCellTech is one technology of the test.
type perCellTech struct {
	dc       deckCase
	tech     *rules.Tech
	deck     string
	variants []*perCellVariant
}

func TestPerCellMatchesKLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("runs whole decks on every cell of four libraries in KLayout")
	}
	klayout.Require(t)
	shareddata.Require(t)
	start := time.Now()
	dir := t.TempDir()
	if d := os.Getenv("LAYOUTMIG_KEEP_DECK"); d != "" {
		dir = filepath.Join(d, "percell")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	script, err := filepath.Abs(filepath.Join("testdata", "klayout", "decks.rb"))
	if err != nil {
		t.Fatal(err)
	}
	var techs []*perCellTech
	for _, dc := range deckCases {
		if !dc.synthetic {
			techs = append(techs, preparePerCell(t, dir, dc))
		}
	}
	t.Logf("prepared %d technologies in %s", len(techs), time.Since(start).Round(time.Millisecond))

	// One KLayout session per technology, perCellSessions at a time, the
	// largest library first: KLayout's DRC engine spends most of a small
	// cell's time in its per-operation bookkeeping, on one core. Our checks
	// run meanwhile.
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()
	cpu0, cpuOK := childCPU()
	slots := make(chan struct{}, perCellSessions)
	sessions := make([]chan klSession, len(techs))
	for i, pt := range techs {
		sessions[i] = make(chan klSession, 1)
		go func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			sessions[i] <- runPerCellSession(ctx, script, dir, pt)
		}()
	}
	ourStart := time.Now()
	for _, pt := range techs {
		for _, v := range pt.variants {
			runOursPerCell(t, pt.tech, v)
		}
	}
	t.Logf("layoutmig: every cell in %s", time.Since(ourStart).Round(time.Millisecond))
	cells, markers := 0, 0
	for i, pt := range techs {
		kl := <-sessions[i]
		if kl.err != nil {
			t.Errorf("%s: %v", pt.tech.Name, kl.err)
			continue
		}
		t.Logf("%s: KLayout session %s", pt.tech.Name, kl.dur.Round(time.Millisecond))
		for _, v := range pt.variants {
			secs, ok := kl.ran[v.tag]
			if !ok {
				t.Errorf("%s: KLayout did not run the per-cell deck:\n%s", v.tag, kl.out)
				continue
			}
			t.Logf("%s: KLayout ran the per-cell deck in %ss", v.tag, secs)
			n, m := comparePerCell(t, pt, v)
			cells += n
			markers += m
		}
	}
	if cpu1, ok := childCPU(); ok && cpuOK {
		t.Logf("KLayout sessions: %s of CPU", (cpu1 - cpu0).Round(time.Millisecond))
	}
	t.Logf("per cell: %d cells, %d markers compared in %s", cells, markers, time.Since(start).Round(time.Millisecond))
}

// perCellSessions is the number of KLayout sessions run at once: CI has two
// cores.
const perCellSessions = 2

// klSession is what one KLayout session did: the seconds it took for each
// variant it ran (by tag), its output, its duration.
type klSession struct {
	ran map[string]string
	out []byte
	err error
	dur time.Duration
}

// runPerCellSession runs the per-cell deck of pt on each of its variants in
// one KLayout session (testdata/klayout/decks.rb).
func runPerCellSession(ctx context.Context, script, dir string, pt *perCellTech) klSession {
	s := time.Now()
	var spec strings.Builder
	for _, v := range pt.variants {
		fmt.Fprintf(&spec, "DECK\t%s\t%s\t%s\t%s\t\n", v.tag, pt.deck, v.gds, v.rdb)
	}
	specPath := filepath.Join(dir, pt.tech.Name+"_spec.txt")
	if err := os.WriteFile(specPath, []byte(spec.String()), 0o644); err != nil {
		return klSession{err: err}
	}
	out, err := klayout.Run(ctx, script, map[string]string{"spec": specPath})
	kl := klSession{ran: map[string]string{}, out: out, err: err, dur: time.Since(s)}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if f := strings.Split(sc.Text(), "\t"); f[0] == "RAN" && len(f) >= 3 {
			kl.ran[f[1]] = f[2]
		}
	}
	return kl
}

// preparePerCell reads the library of dc, writes its per-cell deck and the
// library files of each variant, and returns them.
func preparePerCell(t *testing.T, dir string, dc deckCase) *perCellTech {
	t.Helper()
	tech, err := techfiles.Load(dc.tech)
	if err != nil {
		t.Fatal(err)
	}
	pt := &perCellTech{dc: dc, tech: tech, deck: filepath.Join(dir, tech.Name+"_percell.drc")}
	var deck bytes.Buffer
	if err := rules.ExportKLayoutWith(tech, &deck, rules.ExportOptions{PerCell: true}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pt.deck, deck.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var libs []*layout.Library
	for _, f := range shareddata.LibraryFiles(t, dc.lib) {
		l, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		libs = append(libs, l)
	}
	lib, err := sheet.Merge(tech.Name, libs...)
	if err != nil {
		t.Fatal(err)
	}
	tops := lib.TopCells()
	sort.Slice(tops, func(i, j int) bool { return tops[i].Name < tops[j].Name })
	if len(tops) == 0 {
		t.Fatalf("%s: no cells in %s", tech.Name, dc.lib)
	}
	for _, scale := range perCellScales {
		v := &perCellVariant{
			tag:   fmt.Sprintf("%s@%g", tech.Name, scale),
			scale: scale,
			dbu:   lib.DBUMicrons(),
			gds:   filepath.Join(dir, fmt.Sprintf("%s_%g.gds", tech.Name, scale)),
			rdb:   filepath.Join(dir, fmt.Sprintf("%s_%g_klayout.lyrdb", tech.Name, scale)),
			ours:  map[string]*Report{},
		}
		if scale == 1 {
			// KLayout reads the library and the planted sentinel; we check
			// the sentinel without its strip.
			v.cells = slices.Clone(tops)
			planted, clean, rule := sentinelCells(t, tech, lib, tops[0])
			v.planted = rule
			kl := emptyLike(lib)
			kl.Cells = append(slices.Clone(lib.Cells), planted)
			if err := gds.WriteFile(v.gds, kl); err != nil {
				t.Fatal(err)
			}
			v.lib = emptyLike(lib)
			v.lib.Cells = append(slices.Clone(lib.Cells), clean)
			v.cells = append(v.cells, clean)
		} else {
			v.lib = emptyLike(lib)
			for _, c := range tops {
				_, sc := scaledFlat(lib, c, scale, 0)
				v.cells = append(v.cells, v.lib.AddCell(sc))
			}
			if err := gds.WriteFile(v.gds, v.lib); err != nil {
				t.Fatal(err)
			}
		}
		sort.Slice(v.cells, func(i, j int) bool { return v.cells[i].Name < v.cells[j].Name })
		pt.variants = append(pt.variants, v)
	}
	return pt
}

// emptyLike returns an empty library with the name and units of lib.
func emptyLike(lib *layout.Library) *layout.Library {
	out := layout.NewLibrary(lib.Name)
	out.UserUnit, out.MetersPerDBU = lib.UserUnit, lib.MetersPerDBU
	return out
}

// sentinelCells returns two cells named sentinelCell with the shapes of
// first, flattened (a reference would take first off the top cells): one
// with a strip half as wide as the first width rule on a drawn layer asks
// for, 5 µm left of first's origin, and one without; and the rule's id.
func sentinelCells(t *testing.T, tech *rules.Tech, lib *layout.Library, first *layout.Cell) (planted, clean *layout.Cell, rule string) {
	t.Helper()
	var r *rules.Rule
	for _, x := range tech.Rules {
		if x.Check == rules.Width && tech.Layer(x.Layer) != nil {
			r = x
			break
		}
	}
	if r == nil {
		t.Fatalf("%s: no width rule on a drawn layer for the sentinel", tech.Name)
	}
	clean = lib.Flatten(first, sentinelCell)
	planted = lib.Flatten(first, sentinelCell)
	w := int32(max(1, rules.ToDBU(r.Value/2, tech.DBU)))
	x := -int32(rules.ToDBU(5, tech.DBU))
	d := tech.Layer(r.Layer).Drawing
	planted.Shapes(layout.LayerKey{Layer: d.Layer, Datatype: d.Datatype}).Polygons.Add(
		[]layout.Point{{X: x, Y: 0}, {X: x, Y: 40 * w}, {X: x + w, Y: 40 * w}, {X: x + w, Y: 0}}, nil)
	return planted, clean, r.ID
}

// runOursPerCell checks every cell of v on its own.
func runOursPerCell(t *testing.T, tech *rules.Tech, v *perCellVariant) {
	t.Helper()
	start := time.Now()
	total := 0
	for _, c := range v.cells {
		rep, err := Run(t.Context(), v.lib, c, tech, Options{Input: v.gds, Version: "test"})
		if err != nil {
			t.Fatalf("%s: cell %s: %v", v.tag, c.Name, err)
		}
		if rep.Top != c.Name {
			t.Fatalf("%s: cell %s: the report's top cell is %q", v.tag, c.Name, rep.Top)
		}
		v.ours[c.Name] = rep
		total += rep.Total
	}
	t.Logf("%s: layoutmig %d cells, %d violations in %s", v.tag, len(v.cells), total, time.Since(start).Round(time.Millisecond))
}

// cellLyrdb is what the test reads of a per-cell marker database.
type cellLyrdb struct {
	Categories []struct {
		Name string `xml:"name"`
	} `xml:"categories>category"`
	Cells []struct {
		Name string `xml:"name"`
	} `xml:"cells>cell"`
	Items []struct {
		Category string   `xml:"category"`
		Cell     string   `xml:"cell"`
		Values   []string `xml:"values>value"`
	} `xml:"items>item"`
}

// readPerCell returns the categories and the cells of a per-cell marker
// database and its markers per cell and rule, canonical and sorted.
func readPerCell(path string, dbu float64) (cats, cells []string, markers map[string]map[string][]string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	var db cellLyrdb
	if err := xml.Unmarshal(data, &db); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range db.Categories {
		cats = append(cats, unquoteRDB(c.Name))
	}
	for _, c := range db.Cells {
		cells = append(cells, unquoteRDB(c.Name))
	}
	markers = map[string]map[string][]string{}
	for i, it := range db.Items {
		if len(it.Values) != 1 {
			return nil, nil, nil, fmt.Errorf("%s: item %d (%s in %s) has %d values", path, i, it.Category, it.Cell, len(it.Values))
		}
		c, err := canonMarker(it.Values[0], dbu)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: item %d: %w", path, i, err)
		}
		cell, cat := unquoteRDB(it.Cell), unquoteRDB(it.Category)
		if markers[cell] == nil {
			markers[cell] = map[string][]string{}
		}
		markers[cell][cat] = append(markers[cell][cat], c)
	}
	for _, m := range markers {
		for _, l := range m {
			slices.Sort(l)
		}
	}
	return cats, cells, markers, nil
}

// ruleDiff is a rule whose markers differ in one cell.
type ruleDiff struct {
	rule           string
	klOnly, usOnly []string
}

func (d ruleDiff) String() string {
	return fmt.Sprintf("rule %s: KLayout only (%d): %s; layoutmig only (%d): %s",
		d.rule, len(d.klOnly), firstFew(d.klOnly), len(d.usOnly), firstFew(d.usOnly))
}

// diffRules compares our markers and KLayout's, rule by rule, and returns
// the rules that differ; a category that is no rule differs too.
func diffRules(tech *rules.Tech, ours, theirs map[string][]string) []ruleDiff {
	var out []ruleDiff
	for _, r := range tech.Rules {
		if a, b := ours[r.ID], theirs[r.ID]; !slices.Equal(a, b) {
			klOnly, usOnly := diffSorted(b, a)
			out = append(out, ruleDiff{r.ID, klOnly, usOnly})
		}
	}
	for id, l := range theirs {
		if tech.Rule(id) == nil {
			out = append(out, ruleDiff{rule: id, klOnly: l})
		}
	}
	return out
}

// comparePerCell compares v cell by cell with KLayout's report and returns
// the number of cells and markers compared.
func comparePerCell(t *testing.T, pt *perCellTech, v *perCellVariant) (int, int) {
	t.Helper()
	cats, klCells, theirs, err := readPerCell(v.rdb, v.dbu)
	if err != nil {
		t.Errorf("%s: %v", v.tag, err)
		return 0, 0
	}
	var ids, names []string
	for _, r := range pt.tech.Rules {
		ids = append(ids, r.ID)
	}
	for _, c := range v.cells {
		names = append(names, c.Name)
	}
	if !slices.Equal(cats, ids) {
		t.Errorf("%s: KLayout's categories %v, want the rule ids %v", v.tag, cats, ids)
	}
	if !slices.Equal(klCells, names) {
		missing, extra := diffSorted(names, klCells)
		t.Errorf("%s: KLayout checked %d cells, we %d; not by KLayout: %v; only by KLayout: %v", v.tag, len(klCells), len(names), missing, extra)
	}
	for c := range theirs {
		if !slices.Contains(names, c) {
			t.Errorf("%s: KLayout reports markers in %s, which we did not check", v.tag, c)
		}
	}
	markers, violating := 0, 0
	found := map[string][]string{} // rule -> cells, as drawn
	for _, c := range names {
		ours := ourMarkers(t, v.ours[c], v.dbu)
		diffs := diffRules(pt.tech, ours, theirs[c])
		if c == sentinelCell && v.planted != "" {
			checkSentinel(t, v, diffs)
			continue
		}
		for _, d := range diffs {
			t.Errorf("%s: cell %s: %s", v.tag, c, d)
		}
		if v.ours[c].Total > 0 {
			violating++
		}
		markers += v.ours[c].Total
		for _, rr := range v.ours[c].Rules {
			if rr.Count > 0 {
				found[rr.ID] = append(found[rr.ID], c)
			}
		}
	}
	t.Logf("%s: %d cells compared, %d with violations, %d markers", v.tag, len(names), violating, markers)
	if v.scale == 1 {
		checkKnownPerCell(t, v.tag, found, pt.dc.known)
	} else if violating < len(names)/2 {
		t.Errorf("%s: only %d of %d cells break a rule; the shrunk cells should break many", v.tag, violating, len(names))
	}
	return len(names), markers
}

// checkSentinel requires the difference the sentinel's strip makes: the
// planted rule differs, with markers on KLayout's side only.
func checkSentinel(t *testing.T, v *perCellVariant, diffs []ruleDiff) {
	t.Helper()
	for _, d := range diffs {
		if d.rule == v.planted {
			if len(d.klOnly) == 0 || len(d.usOnly) != 0 {
				t.Errorf("%s: sentinel: %s; want markers of KLayout only", v.tag, d)
			}
			t.Logf("%s: sentinel found as planted: %s", v.tag, d)
			return
		}
	}
	t.Errorf("%s: the sentinel's planted %s violation made no difference (diffs: %v): the comparison cannot fail", v.tag, v.planted, diffs)
}

// checkKnownPerCell requires the cells of the library as drawn to break
// exactly the known rules, each in exactly its known cells.
func checkKnownPerCell(t *testing.T, tag string, found, known map[string][]string) {
	t.Helper()
	for id, cs := range found {
		slices.Sort(cs)
		want := slices.Sorted(slices.Values(known[id]))
		if !slices.Equal(cs, want) {
			t.Errorf("%s: rule %s breaks in %v, known %v", tag, id, cs, want)
		}
	}
	for id, cs := range known {
		if len(found[id]) == 0 {
			t.Errorf("%s: rule %s: known in %v, found nowhere", tag, id, cs)
		}
	}
	t.Logf("%s: as drawn, the findings (rule: cells): %v", tag, found)
}
