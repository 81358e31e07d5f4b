package drc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
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

// The deck cross-check: for each technology, its real cell library placed
// on one sheet (cells 20 µm apart) and the same sheet scaled by 0.9 and by
// 0.8 (coordinates scaled in code, so that the scaled sheets break many
// rules) are checked by Run with the whole techfile and by KLayout running
// the deck that rules.ExportKLayout writes, on the same GDS file.
//
// What "equal" means: for every rule, the items KLayout writes into its
// marker database and the violations of our report are the same multiset
// of markers, compared exactly in database units (each edge pair with its
// edges in order and its separator, each polygon point by point, each
// edge). Equal sets give equal counts and equal marker regions, and are
// stricter than both.
//
// The same KLayout session reads our .lyrdb files back with
// RBA::ReportDatabase and must find every item, with its category, cell
// and value.
//
// On the unscaled sheet the libraries must come out as the foundries' own
// decks find them: clean except the known findings below.
//
// One known difference, on any-angle data only (the rotated sheet of the
// test technology): an adjacent_sides enclosure reports the cuts that
// interact with small marker polygons, and a marker of a rotated cut's
// corner may touch the cut in one point only. KLayout's scanline sees such
// a point contact in some orientations and not in others; the geometry
// kernel's Interacting always does. There, KLayout's markers must be a
// subset of ours; everywhere else the sets are equal.

type deckCase struct {
	tech string // an embedded technology or a YAML file
	lib  string // under shared/pdk
	// synthetic marks a test technology whose rules are not the
	// foundry's: the library is not expected to be clean under it.
	synthetic bool
	// rotated adds a variant of the sheet rotated by 30 degrees and
	// shrunk to 0.9 (every edge any-angle).
	rotated bool
	// known are the (rule, cell) findings of the real library that the
	// foundry's deck has too; nothing else may be flagged.
	known map[string][]string
}

var deckCases = []deckCase{
	{tech: "sky130", lib: "sky130/sky130_fd_sc_hd", known: map[string][]string{
		"m1.6": {"sky130_fd_sc_hd__tapvgnd2_1", "sky130_fd_sc_hd__tapvgnd_1"},
	}},
	{tech: "gf180mcu", lib: "gf180mcu/gf180mcu_fd_sc_mcu7t5v0"},
	{tech: "ihp-sg13g2", lib: "ihp-sg13g2/sg13g2_stdcell"},
	{tech: "freepdk45", lib: "freepdk45/nangate45", known: map[string][]string{
		"CONTACT.4": {"CLKGATE_X2", "SDFFRS_X2"},
		"CONTACT.5": {"CLKGATETST_X8", "CLKGATE_X1", "SDFFRS_X1"},
	}},
	// Every check kind, metric, option and derived-layer function, with
	// values that fire on the library as drawn.
	{tech: "testdata/allkinds.yaml", lib: "sky130/sky130_fd_sc_hd", synthetic: true, rotated: true},
}

// sheetVariant is a transform of the sheet: a scale, and a rotation in
// degrees.
type sheetVariant struct{ scale, angle float64 }

// deckVariants are the sheet variants: the library as drawn, and shrunk.
var deckVariants = []sheetVariant{{1, 0}, {0.9, 0}, {0.8, 0}}

func TestDeckMatchesKLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("runs whole decks on whole libraries in KLayout")
	}
	klayout.Require(t)
	shareddata.Require(t)
	for _, dc := range deckCases {
		tech, err := techfiles.Load(dc.tech)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(tech.Name, func(t *testing.T) {
			files := shareddata.LibraryFiles(t, dc.lib)
			runDeckCase(t, tech, files, dc)
		})
	}
}

// placedCell is a cell on a sheet and its box there.
type placedCell struct {
	name string
	box  layout.Box
}

// buildSheet places every cell of the library files on one sheet, gap µm
// apart, and returns the library, its top cell and where each cell went.
func buildSheet(t testing.TB, files []string, gapUM float64) (*layout.Library, *layout.Cell, []placedCell) {
	t.Helper()
	var libs []*layout.Library
	for _, f := range files {
		l, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		libs = append(libs, l)
	}
	lib, err := sheet.Merge("SHEET", libs...)
	if err != nil {
		t.Fatal(err)
	}
	top, err := sheet.Place(lib, "SHEET", sheet.Options{Gap: int32(math.Round(gapUM / lib.DBUMicrons()))})
	if err != nil {
		t.Fatal(err)
	}
	var cells []placedCell
	for _, r := range top.Refs {
		b := lib.Bounds(r.Cell)
		b.Min, b.Max = b.Min.Add(r.Origin), b.Max.Add(r.Origin)
		cells = append(cells, placedCell{r.Cell.Name, b})
	}
	return lib, top, cells
}

// scaledFlat returns a new library holding one cell: top flattened, every
// coordinate rotated by angle degrees about the origin and multiplied by f
// (path widths and extensions by f), rounded half away from zero. Shapes
// keep their layers, so the result breaks the rules the way a careless
// shrink would; a rotation makes every edge any-angle.
func scaledFlat(lib *layout.Library, top *layout.Cell, f, angle float64) (*layout.Library, *layout.Cell) {
	flat := lib.Flatten(top, top.Name)
	sin, cos := math.Sincos(angle * math.Pi / 180)
	if angle == 0 {
		sin, cos = 0, 1
	}
	sc := func(v int32) int32 { return int32(roundHalfAway(float64(v) * f)) }
	pt := func(p layout.Point) layout.Point {
		x, y := float64(p.X), float64(p.Y)
		return layout.Point{X: int32(roundHalfAway(f * (cos*x - sin*y))), Y: int32(roundHalfAway(f * (sin*x + cos*y)))}
	}
	out := layout.NewCell(top.Name)
	var buf []layout.Point
	for _, k := range flat.LayerKeys() {
		s := flat.Layers[k]
		d := out.Shapes(k)
		for i := 0; i < s.Polygons.Len(); i++ {
			buf = buf[:0]
			for _, p := range s.Polygons.Polygon(i) {
				buf = append(buf, pt(p))
			}
			d.Polygons.Add(buf, nil)
		}
		for _, b := range s.Boxes {
			if angle != 0 {
				buf = buf[:0]
				for _, p := range b.Points[:4] {
					buf = append(buf, pt(p))
				}
				d.Polygons.Add(buf, nil)
				continue
			}
			nb := layout.BoxElement{}
			for i, p := range b.Points {
				nb.Points[i] = pt(p)
			}
			d.Boxes = append(d.Boxes, nb)
		}
		for _, p := range s.Paths {
			q := p
			q.Points = make([]layout.Point, len(p.Points))
			for i, v := range p.Points {
				q.Points[i] = pt(v)
			}
			q.Width, q.BgnExtn, q.EndExtn = sc(p.Width), sc(p.BgnExtn), sc(p.EndExtn)
			q.Info = nil
			d.Paths = append(d.Paths, q)
		}
	}
	nl := layout.NewLibrary(lib.Name)
	nl.UserUnit, nl.MetersPerDBU = lib.UserUnit, lib.MetersPerDBU
	nl.AddCell(out)
	return nl, out
}

type deckVariant struct {
	tag    string
	scale  float64
	angle  float64
	gds    string
	klRDB  string
	ourRDB string
	report *Report
	dbu    float64
}

func runDeckCase(t *testing.T, tech *rules.Tech, files []string, dc deckCase) {
	dir := t.TempDir()
	if d := os.Getenv("LAYOUTMIG_KEEP_DECK"); d != "" {
		dir = filepath.Join(d, tech.Name)
		os.MkdirAll(dir, 0o755)
	}
	lib, top, cells := buildSheet(t, files, 20)
	deck := filepath.Join(dir, tech.Name+".drc")
	var deckText bytes.Buffer
	if err := rules.ExportKLayout(tech, &deckText); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(deck, deckText.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var vs []*deckVariant
	var spec strings.Builder
	variants := deckVariants
	if dc.rotated {
		variants = append(slices.Clip(variants), sheetVariant{0.9, 30})
	}
	for _, sv := range variants {
		name := fmt.Sprintf("sheet_%g", sv.scale)
		if sv.angle != 0 {
			name += fmt.Sprintf("_r%g", sv.angle)
		}
		v := &deckVariant{tag: tech.Name + "@" + strings.TrimPrefix(name, "sheet_"), scale: sv.scale, angle: sv.angle, dbu: lib.DBUMicrons()}
		l, c := lib, top
		if sv.scale != 1 || sv.angle != 0 {
			l, c = scaledFlat(lib, top, sv.scale, sv.angle)
		}
		v.gds = filepath.Join(dir, name+".gds")
		v.klRDB = filepath.Join(dir, name+"_klayout.lyrdb")
		v.ourRDB = filepath.Join(dir, name+"_layoutmig.lyrdb")
		if err := gds.WriteFile(v.gds, l); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		rep, err := Run(t.Context(), l, c, tech, Options{Input: v.gds, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: layoutmig %d violations in %s", v.tag, rep.Total, time.Since(start).Round(time.Millisecond))
		if err := WriteFile(v.ourRDB, rep); err != nil {
			t.Fatal(err)
		}
		v.report = rep
		fmt.Fprintf(&spec, "DECK\t%s\t%s\t%s\t%s\t%s\n", v.tag, deck, v.gds, v.klRDB, c.Name)
		fmt.Fprintf(&spec, "READ\t%s\t%s\n", v.tag, v.ourRDB)
		vs = append(vs, v)
	}
	specPath := filepath.Join(dir, "spec.txt")
	if err := os.WriteFile(specPath, []byte(spec.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "klayout", "decks.rb"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Minute)
	defer cancel()
	start := time.Now()
	out, err := klayout.Run(ctx, script, map[string]string{"spec": specPath})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("KLayout: %s", time.Since(start).Round(time.Millisecond))
	readBack := map[string][]readItem{}
	readCount := map[string]int{}
	done := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch f[0] {
		case "RAN":
			t.Logf("%s: KLayout ran the deck in %ss", f[1], f[2])
		case "ITEM":
			if len(f) < 5 {
				t.Fatalf("bad KLayout line %q", sc.Text())
			}
			readBack[f[1]] = append(readBack[f[1]], readItem{category: f[2], cell: f[3], values: f[4:]})
		case "READ":
			readCount[f[1]], _ = strconv.Atoi(f[2])
		case "DONE":
			done = true
		}
	}
	if !done {
		t.Fatalf("KLayout did not finish:\n%s", out)
	}
	fired := map[string]int{}
	defer func() {
		if !dc.synthetic {
			return
		}
		for _, r := range tech.Rules {
			if fired[r.ID] == 0 {
				t.Errorf("rule %s found nothing on any sheet; the test technology should exercise it", r.ID)
			}
		}
	}()
	for _, v := range vs {
		kl, err := readLyrdb(v.klRDB)
		if err != nil {
			t.Fatal(err)
		}
		compareWithDeck(t, v, tech, kl)
		compareReadBack(t, v, readBack[v.tag], readCount[v.tag])
		for _, rr := range v.report.Rules {
			fired[rr.ID] += rr.Count
		}
		switch {
		case dc.synthetic:
			if v.report.Total < 1000 {
				t.Errorf("%s: only %d violations; the test technology should fire often", v.tag, v.report.Total)
			}
		case v.scale == 1:
			checkKnownFindings(t, v.report, cells, dc.known)
		case v.report.Total < 1000:
			t.Errorf("%s: only %d violations; the shrunk sheet should break many rules", v.tag, v.report.Total)
		}
	}
}

type readItem struct {
	category, cell string
	values         []string
}

type lyrdbFile struct {
	Items []struct {
		Category string   `xml:"category"`
		Cell     string   `xml:"cell"`
		Values   []string `xml:"values>value"`
	} `xml:"items>item"`
}

// readLyrdb returns the items of a marker database: category (unquoted)
// and the first value of each.
func readLyrdb(path string) ([]readItem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var db lyrdbFile
	if err := xml.Unmarshal(data, &db); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]readItem, 0, len(db.Items))
	for _, it := range db.Items {
		out = append(out, readItem{category: unquoteRDB(it.Category), cell: unquoteRDB(it.Cell), values: it.Values})
	}
	return out, nil
}

func unquoteRDB(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		var b strings.Builder
		for i := 1; i < len(s)-1; i++ {
			if s[i] == '\\' && i+1 < len(s)-1 {
				i++
			}
			b.WriteByte(s[i])
		}
		return b.String()
	}
	return s
}

// canonMarker turns a marker value in µm ("edge-pair: (0.2,0;0.2,1)|(...)")
// into the same text in database units, so that values printed by KLayout
// and by us compare exactly. A box becomes the polygon KLayout makes of it.
func canonMarker(s string, dbu float64) (string, error) {
	kind, body, ok := strings.Cut(s, ": ")
	if !ok || len(body) < 2 || body[0] != '(' || body[len(body)-1] != ')' {
		return "", fmt.Errorf("bad marker %q", s)
	}
	var b strings.Builder
	num := func(x string) error {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return fmt.Errorf("bad number %q in %q", x, s)
		}
		b.WriteString(strconv.FormatInt(int64(math.Round(v/dbu)), 10))
		return nil
	}
	points := func(p string) error {
		for i, pt := range strings.Split(p, ";") {
			if i > 0 {
				b.WriteByte(';')
			}
			x, y, ok := strings.Cut(pt, ",")
			if !ok {
				return fmt.Errorf("bad point %q in %q", pt, s)
			}
			if err := num(x); err != nil {
				return err
			}
			b.WriteByte(',')
			if err := num(y); err != nil {
				return err
			}
		}
		return nil
	}
	inner := body[1 : len(body)-1]
	switch kind {
	case "edge-pair":
		sep := ")|("
		i := strings.Index(inner, sep)
		if i < 0 {
			sep = ")/("
			i = strings.Index(inner, sep)
		}
		if i < 0 {
			return "", fmt.Errorf("bad edge pair %q", s)
		}
		b.WriteString("edge-pair (")
		if err := points(inner[:i]); err != nil {
			return "", err
		}
		b.WriteString(sep)
		if err := points(inner[i+len(sep):]); err != nil {
			return "", err
		}
		b.WriteByte(')')
	case "edge", "polygon":
		b.WriteString(kind + " (")
		for i, ring := range strings.Split(inner, "/") {
			if i > 0 {
				b.WriteByte('/')
			}
			if err := points(ring); err != nil {
				return "", err
			}
		}
		b.WriteByte(')')
	case "box":
		var c [4]float64
		for i, x := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ';' }) {
			if i >= 4 {
				return "", fmt.Errorf("bad box %q", s)
			}
			v, err := strconv.ParseFloat(x, 64)
			if err != nil {
				return "", fmt.Errorf("bad box %q", s)
			}
			c[i] = v
		}
		f := func(v float64) string { return strconv.FormatFloat(v, 'g', 12, 64) }
		return canonMarker(fmt.Sprintf("polygon: (%s,%s;%s,%s;%s,%s;%s,%s)", f(c[0]), f(c[1]), f(c[0]), f(c[3]), f(c[2]), f(c[3]), f(c[2]), f(c[1])), dbu)
	default:
		return "", fmt.Errorf("unknown marker kind in %q", s)
	}
	return b.String(), nil
}

// ourMarkers returns our violations per rule as canonical markers, sorted.
func ourMarkers(t *testing.T, rep *Report, dbu float64) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for i := range rep.Violations {
		v := &rep.Violations[i]
		c, err := canonMarker(v.MarkerValue(), dbu)
		if err != nil {
			t.Fatal(err)
		}
		out[v.Rule] = append(out[v.Rule], c)
	}
	for _, l := range out {
		slices.Sort(l)
	}
	return out
}

func compareWithDeck(t *testing.T, v *deckVariant, tech *rules.Tech, kl []readItem) {
	t.Helper()
	ours := ourMarkers(t, v.report, v.dbu)
	theirs := map[string][]string{}
	for _, it := range kl {
		if len(it.values) != 1 {
			t.Fatalf("%s: KLayout item of %s with %d values", v.tag, it.category, len(it.values))
		}
		c, err := canonMarker(it.values[0], v.dbu)
		if err != nil {
			t.Fatal(err)
		}
		theirs[it.category] = append(theirs[it.category], c)
	}
	for _, l := range theirs {
		slices.Sort(l)
	}
	var counts []string
	equal := 0
	for _, r := range tech.Rules {
		a, b := ours[r.ID], theirs[r.ID]
		if len(a) > 0 || len(b) > 0 {
			counts = append(counts, fmt.Sprintf("%s=%d", r.ID, len(b)))
		}
		if slices.Equal(a, b) {
			equal++
			continue
		}
		missing, extra := diffSorted(b, a)
		if v.angle != 0 && r.AdjacentSides && len(missing) == 0 {
			// See the point contacts in the test's documentation.
			t.Logf("%s: rule %s: %d markers, KLayout %d (point contacts of any-angle corner markers)", v.tag, r.ID, len(a), len(b))
			equal++
			continue
		}
		t.Errorf("%s: rule %s: KLayout %d, layoutmig %d markers\n  KLayout only (%d): %s\n  layoutmig only (%d): %s",
			v.tag, r.ID, len(b), len(a), len(missing), firstFew(missing), len(extra), firstFew(extra))
	}
	for id := range theirs {
		if tech.Rule(id) == nil {
			t.Errorf("%s: KLayout reports category %q, which is no rule", v.tag, id)
		}
	}
	t.Logf("%s: %d of %d rules equal; %d markers; KLayout counts: %s", v.tag, equal, len(tech.Rules), v.report.Total, strings.Join(counts, " "))
}

// diffSorted returns the elements of a not in b and of b not in a
// (multisets, both sorted).
func diffSorted(a, b []string) (onlyA, onlyB []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			onlyA = append(onlyA, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			onlyB = append(onlyB, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return
}

func firstFew(l []string) string {
	if len(l) > 6 {
		return strings.Join(l[:6], "  ") + fmt.Sprintf("  ... (%d more)", len(l)-6)
	}
	return strings.Join(l, "  ")
}

// compareReadBack checks that KLayout read every item of our marker
// database back, with its rule, cell and marker.
func compareReadBack(t *testing.T, v *deckVariant, items []readItem, n int) {
	t.Helper()
	if n != len(v.report.Violations) || len(items) != n {
		t.Errorf("%s: KLayout read %d items (%d printed) from our .lyrdb, which has %d", v.tag, n, len(items), len(v.report.Violations))
	}
	var got, want []string
	for _, it := range items {
		if len(it.values) != 1 {
			t.Errorf("%s: item of %s read back with %d values", v.tag, it.category, len(it.values))
			continue
		}
		c, err := canonMarker(it.values[0], v.dbu)
		if err != nil {
			t.Errorf("%s: read back: %v", v.tag, err)
			continue
		}
		got = append(got, it.category+"\t"+it.cell+"\t"+c)
	}
	for i := range v.report.Violations {
		x := &v.report.Violations[i]
		c, err := canonMarker(x.MarkerValue(), v.dbu)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, x.Rule+"\t"+x.Cell+"\t"+c)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		missing, extra := diffSorted(want, got)
		t.Errorf("%s: our .lyrdb read back by KLayout differs:\n  not found (%d): %s\n  unexpected (%d): %s",
			v.tag, len(missing), firstFew(missing), len(extra), firstFew(extra))
	}
}

// checkKnownFindings attributes each violation of the unscaled sheet to the
// cell it lies in and requires exactly the known (rule, cell) findings.
func checkKnownFindings(t *testing.T, rep *Report, cells []placedCell, known map[string][]string) {
	t.Helper()
	dbu := rep.DBU
	found := map[string]map[string]int{}
	for i := range rep.Violations {
		v := &rep.Violations[i]
		x, y := v.CoordsUM[0][0], v.CoordsUM[0][1]
		p := layout.Point{X: int32(math.Round(x / dbu)), Y: int32(math.Round(y / dbu))}
		cell := "?"
		for _, c := range cells {
			if p.X >= c.box.Min.X-1 && p.X <= c.box.Max.X+1 && p.Y >= c.box.Min.Y-1 && p.Y <= c.box.Max.Y+1 {
				cell = c.name
				break
			}
		}
		if found[v.Rule] == nil {
			found[v.Rule] = map[string]int{}
		}
		found[v.Rule][cell]++
	}
	var problems []string
	for id, cs := range found {
		for c, n := range cs {
			if !slices.Contains(known[id], c) {
				problems = append(problems, fmt.Sprintf("%s in %s (%d)", id, c, n))
			}
		}
	}
	for id, cs := range known {
		for _, c := range cs {
			if found[id][c] == 0 {
				problems = append(problems, fmt.Sprintf("%s in %s: expected, not found", id, c))
			}
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Errorf("the library as drawn, beyond what the foundry's deck finds:\n  %s", strings.Join(problems, "\n  "))
	} else {
		t.Logf("the library as drawn: %v", found)
	}
}
