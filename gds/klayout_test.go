package gds_test

// Cross-checks of the GDSII codec against KLayout 0.28, the reference engine.
// Each test starts KLayout once for all its files (scripts in
// testdata/klayout), skips without KLayout on a developer machine and fails
// without it under CI (klayout.Require).
//
// What KLayout 0.28's GDS reader (default options) makes of each GDSII
// element, found by probing 0.28.5 and checked on every run by
// TestInfoMatchesKLayout on the synthetic library of klFeatureLibrary:
//
//	BOUNDARY of 4 points, or of 5 whose last repeats the first, whose
//	         first four points have edges alternately horizontal and
//	         vertical (an axis-parallel rectangle, degenerate ones too)   -> box
//	BOUNDARY, any other with at least 3 points besides the closing one     -> polygon
//	BOUNDARY with fewer than 3 points besides the closing one              -> dropped, with a warning
//	BOX (gds2_box_mode 1, the default), on layer/boxtype                  -> box (bounding box of its points)
//	NODE                                                                   -> dropped, silently
//	PATH                                                                   -> path
//	TEXT, on layer/texttype                                                -> text
//
// KLayout keeps the duplicate points of a BOUNDARY (only the closing point
// goes). It does not keep ELFLAGS, PLEX, the absolute bits of STRANS, a
// text's font, PATHTYPE and WIDTH, nor whether a PATH had BGNEXTN and
// ENDEXTN records; its LayoutDiff does not tell a 1 x 1 AREF from an SREF
// and ignores text justification (roundtrip.rb compares that itself).
// TestRoundTripKLayout checks what KLayout cannot see on the records
// themselves (klCompareRecords) and by a byte-level fixed point.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
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
	"github.com/layoutmig/layoutmig/layout"
)

// klTimeout bounds one KLayout run; the runs take seconds.
const klTimeout = 5 * time.Minute

// klScript returns the absolute path of a script in testdata/klayout.
func klScript(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", "klayout", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// klRun runs a script once with the given variables and returns its
// standard output.
func klRun(t *testing.T, script string, vars map[string]string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), klTimeout)
	defer cancel()
	start := time.Now()
	out, err := klayout.Run(ctx, klScript(t, script), vars)
	if err != nil {
		t.Fatalf("%v\nstdout:\n%s", err, out)
	}
	t.Logf("KLayout ran %s in %.1fs", script, time.Since(start).Seconds())
	return out
}

// klLabel names a shared file by its path under the shared folder.
func klLabel(root, path string) string {
	if rel, err := filepath.Rel(root, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return path
}

// klWriteList writes the lines of a list file for a script and returns its
// path.
func klWriteList(t *testing.T, dir, name string, lines []string) string {
	t.Helper()
	for _, l := range lines {
		if strings.ContainsAny(l, "\n\r") {
			t.Fatalf("list entry %q holds a line break", l)
		}
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// klWrite encodes lib into bytes.
func klWrite(t *testing.T, lib *layout.Library) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gds.Write(&buf, lib); err != nil {
		t.Fatalf("write %s: %v", lib.Name, err)
	}
	return buf.Bytes()
}

// TestRoundTripKLayout reads every shared GDS file (the five standard-cell
// libraries and the four designs) with gds.ReadFile, writes it with
// gds.WriteFile and has KLayout compare each original with our copy through
// a strict LayoutDiff (testdata/klayout/roundtrip.rb): cells, instances and
// arrays, shapes per layer, texts with their details, user properties,
// database unit and library meta information must all be equal.
//
// Our side must also be deterministic and stable: writing the same library
// again gives the same bytes, and reading our copy and writing it once more
// reproduces it byte for byte. What KLayout does not read (ELFLAGS, PLEX,
// absolute STRANS bits, text fonts, a text's PATHTYPE and WIDTH, BGNEXTN
// and ENDEXTN records as written) is checked on the records themselves:
// each cell of our copy holds, element for element, the very bytes of the
// original (see klRecordView).
//
// A synthetic library (klFeatureLibrary) adds what the shared files do not
// use (BOX, NODE, path types 1 and 4, element properties, odd layers), and
// deliberately altered copies of it, which KLayout must report as
// different, prove that the comparison is not blind to what it checks.
func TestRoundTripKLayout(t *testing.T) {
	klayout.Require(t)
	files := shareddata.PDKFiles(t)
	root := shareddata.Root()
	dir := t.TempDir()
	start := time.Now()

	var pairs []string
	elements := 0
	designs := klDesignCoverage{orientations: make(map[klOrientation]int)}
	for i, f := range files {
		label := klLabel(root, f)
		lib, err := gds.ReadFile(f, gds.ReadOptions{})
		if err != nil {
			t.Errorf("%s: %v", label, err)
			continue
		}
		if strings.HasPrefix(label, "pdk/designs/") {
			designs.add(lib)
		}
		out := filepath.Join(dir, fmt.Sprintf("%04d-%s", i, filepath.Base(f)))
		if err := gds.WriteFile(out, lib); err != nil {
			t.Errorf("%s: %v", label, err)
			continue
		}
		klCheckStable(t, label, lib, out)
		elements += klCompareRecords(t, label, f, out)
		pairs = append(pairs, label+"\t"+f+"\t"+out)
	}
	designs.check(t)

	// The synthetic library: written by us, read back, written again.
	feat := filepath.Join(dir, "features.gds")
	if err := gds.WriteFile(feat, klFeatureLibrary()); err != nil {
		t.Fatal(err)
	}
	lib, err := gds.ReadFile(feat, gds.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	featOut := filepath.Join(dir, "features-out.gds")
	if err := gds.WriteFile(featOut, lib); err != nil {
		t.Fatal(err)
	}
	klCheckStable(t, "synthetic/features", lib, featOut)
	klCompareRecords(t, "synthetic/features", feat, featOut)
	pairs = append(pairs, "synthetic/features\t"+feat+"\t"+featOut)

	// Altered copies that a strict comparison must tell apart.
	sentinels := make(map[string]bool)
	for _, m := range klMutations {
		lib := klFeatureLibrary()
		m.apply(lib)
		p := filepath.Join(dir, "mutated-"+m.name+".gds")
		if err := gds.WriteFile(p, lib); err != nil {
			t.Fatalf("mutation %s: %v", m.name, err)
		}
		label := "sentinel/" + m.name
		sentinels[label] = true
		pairs = append(pairs, label+"\t"+feat+"\t"+p)
	}
	t.Logf("read and wrote %d files in %.1fs; %d elements of the shared files byte for byte the same",
		len(files)+1, time.Since(start).Seconds(), elements)

	list := klWriteList(t, dir, "pairs.txt", pairs)
	out := klRun(t, "roundtrip.rb", map[string]string{"list": list})

	results := make(map[string]string)
	details := make(map[string]string)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), "\t", 3)
		if len(fields) < 2 || (fields[0] != "OK" && fields[0] != "DIFF" && fields[0] != "ERROR") {
			continue
		}
		if _, dup := results[fields[1]]; dup {
			t.Errorf("KLayout reported %s twice", fields[1])
		}
		results[fields[1]] = fields[0]
		if len(fields) == 3 {
			details[fields[1]] = fields[2]
		}
	}
	var differ []string
	ok := 0
	for _, p := range pairs {
		label := strings.SplitN(p, "\t", 2)[0]
		status, found := results[label]
		switch {
		case !found:
			t.Errorf("%s: KLayout printed no result", label)
		case sentinels[label]:
			if status != "DIFF" {
				t.Errorf("%s: LayoutDiff does not see this change (status %s): the comparison is not strict", label, status)
			} else {
				d := details[label]
				if len(d) > 160 {
					d = d[:160] + "..."
				}
				t.Logf("%s detected: %s", label, d)
			}
		case status == "OK":
			ok++
		default:
			differ = append(differ, label)
			t.Errorf("%s: %s %s", label, status, details[label])
		}
	}
	if len(differ) > 0 {
		t.Errorf("%d of %d files differ after a round trip through gds.ReadFile and gds.WriteFile: %s",
			len(differ), len(pairs)-len(sentinels), strings.Join(differ, ", "))
	}
	t.Logf("KLayout: %d of %d round trips identical; %d sentinels detected", ok, len(pairs)-len(sentinels), len(sentinels))
}

// klCheckStable checks that lib, already written to path, writes to the same
// bytes again, and that reading path and writing the result gives the same
// bytes once more (a fixed point).
func klCheckStable(t *testing.T, label string, lib *layout.Library, path string) {
	t.Helper()
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if again := klWrite(t, lib); !bytes.Equal(again, written) {
		t.Errorf("%s: writing the same library twice gives different bytes (%d and %d bytes, first difference at offset %d)",
			label, len(written), len(again), klFirstDiff(written, again))
	}
	back, err := gds.Read(bytes.NewReader(written), gds.ReadOptions{FileName: label + " (our copy)"})
	if err != nil {
		t.Errorf("%s: reading our own output: %v", label, err)
		return
	}
	if again := klWrite(t, back); !bytes.Equal(again, written) {
		t.Errorf("%s: read(write(lib)) writes different bytes (%d and %d bytes, first difference at offset %d)",
			label, len(written), len(again), klFirstDiff(written, again))
	}
}

// klRecordView splits a GDSII stream into the records outside elements, in
// order (library and structure headers), and per cell the sorted byte
// strings of its elements, each from its BOUNDARY, PATH, ... record to its
// ENDEL. gds.Write reorders elements (by layer, references last) and leaves
// out two records that state defaults; both are dropped here too: PATHTYPE 0
// in a PATH, and an STRANS of 0 that neither MAG nor ANGLE follows.
func klRecordView(t *testing.T, label string, b []byte) (outside []string, elems map[string][]string) {
	t.Helper()
	elems = make(map[string][]string)
	cell := ""
	var el []byte
	in := false
	for p := 0; p+4 <= len(b); {
		n := int(binary.BigEndian.Uint16(b[p:]))
		if n < 4 || p+n > len(b) {
			t.Fatalf("%s: bad record length %d at offset %d", label, n, p)
		}
		rt, rec := gds.RecordType(b[p+2]), b[p:p+n]
		p += n
		switch {
		case rt == gds.BOUNDARY || rt == gds.PATH || rt == gds.SREF || rt == gds.AREF || rt == gds.TEXT || rt == gds.BOX || rt == gds.NODE:
			in, el = true, append([]byte(nil), rec...)
		case rt == gds.ENDEL:
			in = false
			elems[cell] = append(elems[cell], string(append(el, rec...)))
		case in:
			zero := n == 6 && rec[4] == 0 && rec[5] == 0
			if rt == gds.PATHTYPE && zero && gds.RecordType(el[2]) == gds.PATH {
				continue
			}
			if rt == gds.STRANS && zero && p+4 <= len(b) {
				if next := gds.RecordType(b[p+2]); next != gds.MAG && next != gds.ANGLE {
					continue
				}
			}
			el = append(el, rec...)
		default:
			if rt == gds.STRNAME {
				cell = string(bytes.TrimRight(rec[4:], "\x00"))
			}
			outside = append(outside, string(rec))
			if rt == gds.ENDLIB {
				p = len(b)
			}
		}
	}
	for _, e := range elems {
		sort.Strings(e)
	}
	return outside, elems
}

// klCompareRecords checks that our copy of a file holds the same records as
// the original, up to the order of elements in a cell and the two default
// records gds.Write leaves out (see klRecordView). It returns the number of
// elements compared.
func klCompareRecords(t *testing.T, label, orig, ours string) int {
	t.Helper()
	a, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(ours)
	if err != nil {
		t.Fatal(err)
	}
	outA, elA := klRecordView(t, label, a)
	outB, elB := klRecordView(t, label, b)
	if !slices.Equal(outA, outB) {
		i := 0
		for i < min(len(outA), len(outB)) && outA[i] == outB[i] {
			i++
		}
		var ra, rb string
		if i < len(outA) {
			ra = outA[i]
		}
		if i < len(outB) {
			rb = outB[i]
		}
		t.Errorf("%s: library and structure records differ from record %d on (%d and %d such records): % x / % x",
			label, i, len(outA), len(outB), klHead(ra), klHead(rb))
		return 0
	}
	n := 0
	for cell, eb := range elB {
		if _, ok := elA[cell]; !ok {
			t.Errorf("%s: cell %s of our copy has %d elements, the original none", label, cell, len(eb))
		}
	}
	for cell, ea := range elA {
		n += len(ea)
		eb := elB[cell]
		if slices.Equal(ea, eb) {
			continue
		}
		missing, extra := klMultisetDiff(ea, eb)
		t.Errorf("%s: cell %s: %d elements of the original are not in our copy, %d of ours not in the original; first: % x / % x",
			label, cell, len(missing), len(extra), klHead(klFirst(missing)), klHead(klFirst(extra)))
	}
	return n
}

// klMultisetDiff returns the strings of sorted a missing from sorted b and
// those of b missing from a.
func klMultisetDiff(a, b []string) (onlyA, onlyB []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
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
	return onlyA, onlyB
}

func klFirst(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// klHead returns the first bytes of a record or element, for messages.
func klHead(s string) []byte {
	return []byte(s[:min(len(s), 48)])
}

func klFirstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// klOrientation is one of the eight orientations of a placement: mirrored
// about x (before rotation) and a counter-clockwise angle in degrees.
type klOrientation struct {
	mirror bool
	angle  float64
}

// klDesignCoverage records which features of the designs the round trip
// exercises.
type klDesignCoverage struct {
	designs, arefs, paths int
	orientations          map[klOrientation]int
}

func (c *klDesignCoverage) add(lib *layout.Library) {
	c.designs++
	for _, cell := range lib.Cells {
		for i := range cell.Refs {
			r := &cell.Refs[i]
			if r.IsArray {
				c.arefs++
			}
			c.orientations[klOrientation{r.Trans.Reflect, r.Trans.Angle}]++
		}
		for _, s := range cell.Layers {
			c.paths += len(s.Paths)
		}
	}
}

// check fails unless the four designs bring AREFs, paths and all eight
// orientations into the round trip.
func (c *klDesignCoverage) check(t *testing.T) {
	t.Helper()
	if c.designs != 4 {
		t.Errorf("round trip covers %d designs under pdk/designs, want 4", c.designs)
	}
	if c.arefs == 0 || c.paths == 0 {
		t.Errorf("the designs hold %d AREFs and %d paths; the round trip must exercise both", c.arefs, c.paths)
	}
	for _, m := range []bool{false, true} {
		for _, a := range []float64{0, 90, 180, 270} {
			if c.orientations[klOrientation{m, a}] == 0 {
				t.Errorf("no placement mirrored=%v at %g degrees in the designs: the round trip misses that orientation", m, a)
			}
		}
	}
	t.Logf("designs: %d AREFs, %d paths, placements per orientation %v", c.arefs, c.paths, c.orientations)
}

// klInfo is one JSON line of info.rb.
type klInfo struct {
	Label    string        `json:"label"`
	Error    string        `json:"error"`
	Cells    []string      `json:"cells"`
	TopCells []string      `json:"top_cells"`
	Layers   []klLayerInfo `json:"layers"`
}

// klLayerInfo counts the shapes of one layer by KLayout's kinds.
type klLayerInfo struct {
	Layer    uint16 `json:"layer"`
	Datatype uint16 `json:"datatype"`
	klKinds
}

type klKinds struct {
	Polygons int `json:"polygons"`
	Boxes    int `json:"boxes"`
	Paths    int `json:"paths"`
	Texts    int `json:"texts"`
	Other    int `json:"other"`
}

func (k klKinds) String() string {
	return fmt.Sprintf("polygons %d, boxes %d, paths %d, texts %d, other %d", k.Polygons, k.Boxes, k.Paths, k.Texts, k.Other)
}

// klIsBox reports whether KLayout reads the BOUNDARY that gds.Write makes
// of these (open) vertices as a box. KLayout makes a box of a BOUNDARY of 4
// points, or of 5 points whose last repeats the first, when its first four
// points have edges alternately vertical and horizontal (or horizontal and
// vertical), degenerate ones included. gds.Write adds the closing point, so
// that is 3 vertices (the fourth point is the first again) or 4. The reader
// drops the closing point, so for a closed BOUNDARY in the original file
// (the shared files hold no other) the answer is the same.
func klIsBox(p []layout.Point) bool {
	var q [4]layout.Point
	switch len(p) {
	case 3:
		q = [4]layout.Point{p[0], p[1], p[2], p[0]}
	case 4:
		q = [4]layout.Point(p)
	default:
		return false
	}
	return (q[0].X == q[1].X && q[2].X == q[3].X && q[1].Y == q[2].Y && q[0].Y == q[3].Y) ||
		(q[1].X == q[2].X && q[0].X == q[3].X && q[0].Y == q[1].Y && q[2].Y == q[3].Y)
}

// klExpected applies the kind mapping of the file comment to a library:
// what KLayout should count per layer. It also checks that the mapping
// accounts for every element that layout.Summarize counts.
func klExpected(t *testing.T, label string, lib *layout.Library) map[layout.LayerKey]klKinds {
	t.Helper()
	exp := make(map[layout.LayerKey]klKinds)
	dropped := make(map[layout.LayerKey]int) // BOUNDARYs of fewer than 3 points
	for _, c := range lib.Cells {
		for k, s := range c.Layers {
			e := exp[k]
			for i := 0; i < s.Polygons.Len(); i++ {
				p := s.Polygons.Polygon(i)
				switch {
				case len(p) < 3:
					dropped[k]++
				case klIsBox(p):
					e.Boxes++
				default:
					e.Polygons++
				}
			}
			e.Boxes += len(s.Boxes) // BOX elements; NODEs are dropped
			e.Paths += len(s.Paths)
			e.Texts += len(s.Texts)
			exp[k] = e
		}
	}
	// The same totals, seen through layout.Summarize.
	sum := layout.Summarize(lib)
	for _, ls := range sum.Layers {
		k := layout.LayerKey{Layer: ls.Layer, Datatype: ls.Datatype}
		e := exp[k]
		if e.Polygons+e.Boxes+dropped[k] != ls.Polygons+ls.Boxes || e.Paths != ls.Paths || e.Texts != ls.Texts {
			t.Errorf("%s: layer %s: the kind mapping (%v, %d dropped) does not add up to layout.Summarize (%+v)", label, k, e, dropped[k], ls.ShapeCount)
		}
	}
	for k, e := range exp {
		if e == (klKinds{}) {
			delete(exp, k)
		}
	}
	return exp
}

// TestInfoMatchesKLayout has KLayout read every shared GDS file (the five
// libraries and the designs) plus the synthetic library, and compares what
// it sees with layout.Summarize of our reading: cell names, top cell names,
// and per layer/datatype the shapes summed over all cells, kind by kind
// under the mapping documented at the top of this file (rectangular
// BOUNDARYs and BOX elements are KLayout boxes, NODEs and BOUNDARYs of fewer
// than 3 points vanish).
func TestInfoMatchesKLayout(t *testing.T) {
	klayout.Require(t)
	files := shareddata.PDKFiles(t)
	root := shareddata.Root()
	dir := t.TempDir()

	feat := filepath.Join(dir, "features.gds")
	if err := gds.WriteFile(feat, klFeatureLibrary()); err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{"synthetic/features": feat}
	lines := []string{"synthetic/features\t" + feat}
	for _, f := range files {
		label := klLabel(root, f)
		paths[label] = f
		lines = append(lines, label+"\t"+f)
	}
	list := klWriteList(t, dir, "files.txt", lines)
	out := klRun(t, "info.rb", map[string]string{"list": list})

	seen := make(map[string]bool)
	cells, total := 0, klKinds{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 16<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var kl klInfo
		if err := json.Unmarshal(line, &kl); err != nil {
			t.Fatalf("KLayout output %q: %v", line, err)
		}
		path, ok := paths[kl.Label]
		if !ok || seen[kl.Label] {
			t.Errorf("KLayout reported %q unexpectedly or twice", kl.Label)
			continue
		}
		seen[kl.Label] = true
		if kl.Error != "" {
			t.Errorf("%s: KLayout cannot read it: %s", kl.Label, kl.Error)
			continue
		}
		lib, err := gds.ReadFile(path, gds.ReadOptions{})
		if err != nil {
			t.Errorf("%s: %v", kl.Label, err)
			continue
		}
		klCompareInfo(t, kl, lib)
		cells += len(kl.Cells)
		for _, l := range kl.Layers {
			total.Polygons += l.Polygons
			total.Boxes += l.Boxes
			total.Paths += l.Paths
			total.Texts += l.Texts
			total.Other += l.Other
		}
	}
	for label := range paths {
		if !seen[label] {
			t.Errorf("%s: KLayout printed no result", label)
		}
	}
	t.Logf("compared %d files with KLayout: %d cells; %v", len(seen), cells, total)
}

func klCompareInfo(t *testing.T, kl klInfo, lib *layout.Library) {
	t.Helper()
	sum := layout.Summarize(lib)
	if !slices.Equal(sum.Cells, kl.Cells) {
		t.Errorf("%s: cells differ:\n  ours    %v\n  KLayout %v", kl.Label, sum.Cells, kl.Cells)
	}
	if !slices.Equal(sum.TopCells, kl.TopCells) {
		t.Errorf("%s: top cells differ: ours %v, KLayout %v", kl.Label, sum.TopCells, kl.TopCells)
	}
	exp := klExpected(t, kl.Label, lib)
	got := make(map[layout.LayerKey]klKinds, len(kl.Layers))
	for _, l := range kl.Layers {
		got[layout.LayerKey{Layer: l.Layer, Datatype: l.Datatype}] = l.klKinds
	}
	keys := make(map[layout.LayerKey]bool)
	for k := range exp {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	for _, k := range layout.SortedKeys(keys) {
		if exp[k] != got[k] {
			t.Errorf("%s: layer %s: ours (mapped) %v; KLayout %v", kl.Label, k, exp[k], got[k])
		}
	}
}

// klStaircase returns a simple polygon of exactly n vertices (n >= 4): a
// staircase of 10-unit steps, with a peak on its top edge when n is odd.
func klStaircase(n int) []layout.Point {
	steps := (n - 2) / 2
	pts := []layout.Point{{X: 0, Y: 0}}
	for i := 0; i < steps; i++ {
		pts = append(pts, layout.Point{X: int32(i+1) * 10, Y: int32(i) * 10}, layout.Point{X: int32(i+1) * 10, Y: int32(i+1) * 10})
	}
	top := int32(steps) * 10
	if n%2 == 1 {
		pts = append(pts, layout.Point{X: top / 2, Y: top + 7})
	}
	return append(pts, layout.Point{X: 0, Y: top})
}

// klSameCycle reports whether b is a, up to the starting vertex and the
// direction (KLayout normalises both).
func klSameCycle(a, b []layout.Point) bool {
	n := len(a)
	if n != len(b) {
		return false
	}
	if n == 0 {
		return true
	}
	for s := 0; s < n; s++ {
		if b[s] != a[0] {
			continue
		}
		fwd, bwd := true, true
		for i := 0; i < n && (fwd || bwd); i++ {
			fwd = fwd && b[(s+i)%n] == a[i]
			bwd = bwd && b[(s-i+n)%n] == a[i]
		}
		if fwd || bwd {
			return true
		}
	}
	return false
}

// klXYRecords counts, per BOUNDARY of a GDSII stream, its XY records.
func klXYRecords(t *testing.T, b []byte) []int {
	t.Helper()
	var counts []int
	in := false
	for p := 0; p+4 <= len(b); {
		n := int(binary.BigEndian.Uint16(b[p:]))
		if n < 4 {
			t.Fatalf("record length %d at offset %d", n, p)
		}
		switch gds.RecordType(b[p+2]) {
		case gds.BOUNDARY:
			in = true
			counts = append(counts, 0)
		case gds.XY:
			if in {
				counts[len(counts)-1]++
			}
		case gds.ENDEL:
			in = false
		}
		p += n
	}
	return counts
}

// klShape is one JSON line of polygon.rb.
type klShape struct {
	Error    string     `json:"error"`
	Cell     string     `json:"cell"`
	Layer    uint16     `json:"layer"`
	Datatype uint16     `json:"datatype"`
	Kind     string     `json:"kind"`
	Hull     [][2]int32 `json:"hull"`
	Holes    int        `json:"holes"`
}

// TestLargePolygonKLayout writes polygons of more vertices than one XY
// record holds (8191 points, the closing point included), so that gds.Write
// splits them over consecutive XY records of one BOUNDARY, and checks that
// KLayout reads each back as exactly one polygon with the same vertices, and
// that our reader reads back the very same vertex list. The sizes straddle
// the record limit: one full record, a second record of one or two points,
// two full records, and three records (the 20000-vertex staircase).
func TestLargePolygonKLayout(t *testing.T) {
	klayout.Require(t)
	sizes := []int{8190, 8191, 8192, 16382, 16383, 20000}
	lib := layout.NewLibrary("BIGPOLY")
	top := lib.AddCell(layout.NewCell("TOP"))
	want := make(map[layout.LayerKey][]layout.Point)
	for i, n := range sizes {
		k := layout.LayerKey{Layer: uint16(i + 1), Datatype: 0}
		pts := klStaircase(n)
		if len(pts) != n {
			t.Fatalf("staircase of %d vertices has %d", n, len(pts))
		}
		top.Shapes(k).Polygons.Add(pts, nil)
		want[k] = pts
	}
	data := klWrite(t, lib)

	// Points written = vertices + the closing point, 8191 per XY record.
	recs := klXYRecords(t, data)
	if len(recs) != len(sizes) {
		t.Fatalf("%d BOUNDARY elements written, want %d", len(recs), len(sizes))
	}
	for i, n := range sizes {
		if wantRecs := (n + 1 + 8190) / 8191; recs[i] != wantRecs {
			t.Errorf("polygon of %d vertices written in %d XY records, want %d", n, recs[i], wantRecs)
		}
	}

	// Our reader.
	back, err := gds.Read(bytes.NewReader(data), gds.ReadOptions{FileName: "bigpoly.gds"})
	if err != nil {
		t.Fatal(err)
	}
	bc := back.Cell("TOP")
	if bc == nil {
		t.Fatal("cell TOP not read back")
	}
	for i, n := range sizes {
		k := layout.LayerKey{Layer: uint16(i + 1), Datatype: 0}
		s := bc.Layers[k]
		if s == nil || s.Polygons.Len() != 1 || s.Count().Total() != 1 {
			t.Errorf("layer %s (%d vertices): our reader does not read back exactly one polygon", k, n)
			continue
		}
		if got := s.Polygons.Polygon(0); !slices.Equal(got, want[k]) {
			t.Errorf("layer %s: our reader reads %d vertices back, not the %d written", k, len(got), n)
		}
	}

	// KLayout.
	path := filepath.Join(t.TempDir(), "bigpoly.gds")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := klRun(t, "polygon.rb", map[string]string{"file": path})
	got := make(map[layout.LayerKey][]klShape)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 16<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var s klShape
		if err := json.Unmarshal(line, &s); err != nil {
			t.Fatalf("KLayout output: %v", err)
		}
		if s.Error != "" {
			t.Fatalf("KLayout cannot read polygons split over several XY records: %s", s.Error)
		}
		k := layout.LayerKey{Layer: s.Layer, Datatype: s.Datatype}
		got[k] = append(got[k], s)
	}
	if len(got) != len(sizes) {
		t.Errorf("KLayout reads shapes on %d layers, want %d", len(got), len(sizes))
	}
	for i, n := range sizes {
		k := layout.LayerKey{Layer: uint16(i + 1), Datatype: 0}
		shapes := got[k]
		if len(shapes) != 1 {
			t.Errorf("layer %s (%d vertices): KLayout reads %d shapes, want exactly one polygon", k, n, len(shapes))
			continue
		}
		s := shapes[0]
		if s.Kind != "polygon" || s.Holes != 0 || s.Cell != "TOP" {
			t.Errorf("layer %s: KLayout reads a %s with %d holes in cell %s, want a polygon without holes in TOP", k, s.Kind, s.Holes, s.Cell)
		}
		hull := make([]layout.Point, len(s.Hull))
		for j, p := range s.Hull {
			hull[j] = layout.Point{X: p[0], Y: p[1]}
		}
		if !klSameCycle(want[k], hull) {
			t.Errorf("layer %s: KLayout reads %d vertices that are not the %d written", k, len(hull), n)
		}
	}
}

// klFeatureLibrary builds a library that uses what the shared files do not:
// BOX and NODE elements, rectangles in both vertex orders and degenerate
// ones, BOUNDARYs of fewer than 3 points, all path types with extensions
// and a negative (absolute) width, texts with presentation, reflection,
// rotation and magnification, element and reference properties, ELFLAGS
// and PLEX, layers above 32767, a multi-XY polygon, references in all eight
// orientations, magnified and at an odd angle, and arrays (rotated, 1 x 1).
func klFeatureLibrary() *layout.Library {
	lib := layout.NewLibrary("FEATURES")
	lib.Modified = layout.Timestamp{2024, 5, 17, 10, 20, 30}
	lib.Accessed = layout.Timestamp{2024, 5, 18, 11, 21, 31}
	key := func(l, d uint16) layout.LayerKey { return layout.LayerKey{Layer: l, Datatype: d} }
	props := func(kv ...any) *layout.ElementInfo {
		in := &layout.ElementInfo{}
		for i := 0; i+1 < len(kv); i += 2 {
			in.Properties = append(in.Properties, layout.Property{Attr: int16(kv[i].(int)), Value: kv[i+1].(string)})
		}
		return in
	}

	leaf := lib.AddCell(layout.NewCell("LEAF"))
	leaf.Modified = layout.Timestamp{2024, 1, 2, 3, 4, 5}
	leaf.Accessed = layout.Timestamp{2024, 1, 2, 3, 4, 6}
	s := leaf.Shapes(key(1, 0))
	s.Polygons.Add(klPts(0, 0, 100, 0, 100, 50, 0, 50), nil)        // box, counter-clockwise
	s.Polygons.Add(klPts(200, 0, 200, 50, 300, 50, 300, 0), nil)    // box, clockwise
	s.Polygons.Add(klPts(0, 100, 50, 100, 50, 100, 0, 100), nil)    // stored as 3 vertices: a zero-height box
	s.Polygons.Add(klPts(0, 120, 0, 120, 50, 120, 50, 120), nil)    // 4 vertices, zero height: a box
	s.Polygons.Add(klPts(0, 200, 100, 200, 100, 250, 50, 280), nil) // polygon
	s.Polygons.Add(klPts(0, 300, 50, 300, 100, 300, 100, 350), nil) // polygon (collinear vertex)
	s.Polygons.Add(klPts(0, 400, 100, 500, 0, 600, -100, 500), props(1, "rotated square", 7, "x"))
	s.Polygons.Add(klPts(0, 700, 10, 710), nil) // 2 points: KLayout drops it
	s.Polygons.Add(klStaircase(9001), &layout.ElementInfo{ElFlags: 2, HasElFlags: true, Plex: 77, HasPlex: true})
	s.Paths = append(s.Paths,
		layout.Path{Points: klPts(0, 0, 500, 0, 500, 300), Width: 20},
		layout.Path{Points: klPts(0, 50, 500, 50), Width: 30, Type: layout.PathRound},
		layout.Path{Points: klPts(0, 100, 500, 100), Width: 40, Type: layout.PathExtended, Info: props(5, "net A")},
		layout.Path{Points: klPts(0, 150, 500, 150, 600, 250), Width: 50, Type: layout.PathCustom, BgnExtn: 7, EndExtn: -3, HasExtns: true},
		layout.Path{Points: klPts(0, 200, 500, 200), Width: -60},
		layout.Path{Points: klPts(0, 250, 500, 250), Width: 10, BgnExtn: 0, EndExtn: 0, HasExtns: true},
	)
	s.Texts = append(s.Texts,
		layout.Text{Pos: klPt(10, 20), String: "VDD", Trans: layout.Strans{Mag: 1}},
		layout.Text{Pos: klPt(30, 40), String: "A_in", Presentation: 0x1a, HasPresentation: true,
			Trans: layout.Strans{Reflect: true, Angle: 90, HasAngle: true, Mag: 2.5, HasMag: true}, Info: props(2, "pin")},
		layout.Text{Pos: klPt(-5, -6), String: "odd", HasPathType: true, PathType: 1, HasWidth: true, Width: 5,
			Trans: layout.Strans{AbsMag: true, AbsAngle: true, Mag: 1, Angle: 180, HasAngle: true}},
	)
	b := leaf.Shapes(key(2, 3))
	b.Boxes = append(b.Boxes, layout.BoxElement{Points: [5]layout.Point(klPts(0, 0, 10, 0, 10, 20, 0, 20, 0, 0)), Info: props(3, "box")})
	leaf.Shapes(key(3, 4)).Nodes = append(leaf.Shapes(key(3, 4)).Nodes, layout.Node{Points: klPts(0, 0, 5, 5, 9, 1)})
	hi := leaf.Shapes(key(40000, 65535))
	hi.Polygons.Add(klPts(0, 0, 7, 0, 7, 7, 0, 7), nil)
	hi.Texts = append(hi.Texts, layout.Text{Pos: klPt(1, 1), String: "high layer", Trans: layout.Strans{Mag: 1}})

	mid := lib.AddCell(layout.NewCell("MID"))
	mid.Shapes(key(5, 0)).Polygons.Add(klPts(-10, -10, 10, -10, 10, 10, -10, 10), nil)
	for i, a := range []float64{0, 90, 180, 270} {
		for j, m := range []bool{false, true} {
			r := layout.Ref{Cell: leaf, Origin: klPt(int32(i)*2000, int32(j)*2000),
				Trans: layout.Strans{Reflect: m, Angle: a, HasAngle: a != 0, Mag: 1}}
			if i == 1 && j == 1 {
				r.Info = props(1, "inst U1", 2, "second")
			}
			mid.Refs = append(mid.Refs, r)
		}
	}

	top := lib.AddCell(layout.NewCell("TOP"))
	top.Refs = append(top.Refs,
		layout.Ref{Cell: mid, Origin: klPt(0, 0), Trans: layout.Strans{Mag: 1}},
		layout.Ref{Cell: leaf, Origin: klPt(-5000, 100), Trans: layout.Strans{Mag: 2, HasMag: true, Angle: 30, HasAngle: true}},
		layout.Ref{Cell: leaf, Origin: klPt(20000, 0), IsArray: true, Cols: 3, Rows: 2, ColStep: klPt(1000, 0), RowStep: klPt(0, 1500),
			Trans: layout.Strans{Angle: 90, HasAngle: true, Mag: 1}, Info: props(9, "array")},
		layout.Ref{Cell: leaf, Origin: klPt(30000, 0), IsArray: true, Cols: 2, Rows: 3, ColStep: klPt(700, 100), RowStep: klPt(-100, 900),
			Trans: layout.Strans{Reflect: true, Mag: 1}},
		layout.Ref{Cell: mid, Origin: klPt(-30000, 0), IsArray: true, Cols: 1, Rows: 1, ColStep: klPt(5, 0), RowStep: klPt(0, 5),
			Trans: layout.Strans{Mag: 1}},
	)
	lib.AddCell(layout.NewCell("EMPTY")) // a second top cell, with nothing in it
	return lib
}

// klPt is a point; klPts makes points of coordinate pairs.
func klPt(x, y int32) layout.Point { return layout.Point{X: x, Y: y} }

func klPts(xy ...int32) []layout.Point {
	p := make([]layout.Point, len(xy)/2)
	for i := range p {
		p[i] = layout.Point{X: xy[2*i], Y: xy[2*i+1]}
	}
	return p
}

// klMutations are changes KLayout's strict LayoutDiff must report.
var klMutations = []struct {
	name  string
	apply func(lib *layout.Library)
}{
	{"vertex-moved", func(l *layout.Library) {
		// Polygon aliases the arena: this moves a vertex of the stored polygon.
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Polygons.Polygon(4)[2].X++
	}},
	{"box-dropped", func(l *layout.Library) { l.Cell("LEAF").Layers[layout.LayerKey{Layer: 2, Datatype: 3}].Boxes = nil }},
	{"shape-property-value", func(l *layout.Library) {
		s := l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}]
		s.Polygons.Info[6].Properties[1].Value = "y"
	}},
	{"shape-property-attr", func(l *layout.Library) {
		s := l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}]
		s.Polygons.Info[6].Properties[1].Attr = 8
	}},
	{"ref-property", func(l *layout.Library) { l.Cell("MID").Refs[3].Info.Properties[0].Value = "inst U2" }},
	{"text-rotated", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Texts[1].Trans.Angle = 180
	}},
	{"text-unmirrored", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Texts[1].Trans.Reflect = false
	}},
	{"text-size", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Texts[1].Trans.Mag = 3
	}},
	{"text-justification", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Texts[1].Presentation = 0x16 // middle right, was bottom right
	}},
	{"text-string", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Texts[0].String = "VSS"
	}},
	{"path-type", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Paths[1].Type = layout.PathExtended
	}},
	{"path-extension", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Paths[3].EndExtn = -4
	}},
	{"path-width", func(l *layout.Library) {
		l.Cell("LEAF").Layers[layout.LayerKey{Layer: 1, Datatype: 0}].Paths[0].Width = 22
	}},
	{"ref-mirrored", func(l *layout.Library) { l.Cell("MID").Refs[0].Trans.Reflect = true }},
	{"ref-magnification", func(l *layout.Library) { l.Cell("TOP").Refs[1].Trans.Mag = 2.5 }},
	{"ref-angle", func(l *layout.Library) { l.Cell("TOP").Refs[1].Trans.Angle = 31 }},
	{"array-pitch", func(l *layout.Library) { l.Cell("TOP").Refs[2].RowStep.Y = 1501 }},
	{"array-size", func(l *layout.Library) { l.Cell("TOP").Refs[3].Rows = 4 }},
	{"cell-renamed", func(l *layout.Library) { l.Cell("EMPTY").Name = "EMPTY2" }},
	{"layer-changed", func(l *layout.Library) {
		c := l.Cell("MID")
		c.Layers[layout.LayerKey{Layer: 5, Datatype: 1}] = c.Layers[layout.LayerKey{Layer: 5, Datatype: 0}]
		delete(c.Layers, layout.LayerKey{Layer: 5, Datatype: 0})
	}},
	{"library-name", func(l *layout.Library) { l.Name = "FEATURES2" }},
	{"library-timestamp", func(l *layout.Library) { l.Modified[5]++ }},
	{"dbu", func(l *layout.Library) { l.MetersPerDBU, l.UserUnit = 1e-10, 1e-4 }},
}
