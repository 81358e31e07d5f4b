package drc

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/rules"
	"github.com/layoutmig/layoutmig/techfiles"
)

// sameResult reports the first difference between two reports' rules and
// violations (times aside).
func sameResult(a, b *Report) string {
	if len(a.Rules) != len(b.Rules) {
		return fmt.Sprintf("%d rules vs %d", len(a.Rules), len(b.Rules))
	}
	for i := range a.Rules {
		if a.Rules[i].ID != b.Rules[i].ID || a.Rules[i].Count != b.Rules[i].Count {
			return fmt.Sprintf("rule %s: %d vs %s: %d", a.Rules[i].ID, a.Rules[i].Count, b.Rules[i].ID, b.Rules[i].Count)
		}
	}
	if a.Total != b.Total || len(a.Violations) != len(b.Violations) {
		return fmt.Sprintf("%d violations vs %d", a.Total, b.Total)
	}
	for i := range a.Violations {
		if !reflect.DeepEqual(a.Violations[i], b.Violations[i]) {
			return fmt.Sprintf("violation %d: %+v vs %+v", i, a.Violations[i], b.Violations[i])
		}
	}
	return ""
}

// TestRunDoesNotDependOnThreadsOrTiles checks the sky130 library sheet
// shrunk to 0.9 (hundreds of thousands of violations, every rule kind of
// the sky130 deck and of the test technology) with one thread and no
// tiles, and again with other thread counts and tile sizes down to 3 µm
// (tiles much smaller than many polygons): the reports must be identical,
// violation for violation and in the same order.
func TestRunDoesNotDependOnThreadsOrTiles(t *testing.T) {
	if testing.Short() {
		t.Skip("checks a whole library several times")
	}
	shareddata.Require(t)
	files := shareddata.LibraryFiles(t, "sky130/sky130_fd_sc_hd")
	lib0, top0, _ := buildSheet(t, files, 2)
	lib, top := scaledFlat(lib0, top0, 0.9, 0)
	for _, name := range []string{"sky130", "testdata/allkinds.yaml"} {
		tech, err := techfiles.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(tech.Name, func(t *testing.T) {
			ref, err := Run(t.Context(), lib, top, tech, Options{Threads: 1, TileSize: -1})
			if err != nil {
				t.Fatal(err)
			}
			if ref.Total < 10000 {
				t.Fatalf("only %d violations: the comparison would prove little", ref.Total)
			}
			for _, opt := range []Options{
				{Threads: 2},
				{Threads: 4, TileSize: 20000},
				{Threads: 3, TileSize: 3000},
				{Threads: 1, TileSize: 7777},
			} {
				got, err := Run(t.Context(), lib, top, tech, opt)
				if err != nil {
					t.Fatal(err)
				}
				if d := sameResult(ref, got); d != "" {
					t.Errorf("threads %d, tile size %d: %s", opt.Threads, opt.TileSize, d)
				}
			}
			t.Logf("%d violations, identical with 1 to 4 threads and tiles of 3 to 20 µm", ref.Total)
		})
	}
}

// smallLayout is a cell with a few shapes on sky130 layers (µm boxes).
func smallLayout(boxes map[layout.LayerKey][][4]int32) (*layout.Library, *layout.Cell) {
	lib := layout.NewLibrary("SMALL")
	c := layout.NewCell("TOP")
	for k, bs := range boxes {
		for _, b := range bs {
			c.Shapes(k).Polygons.Add([]layout.Point{{X: b[0], Y: b[1]}, {X: b[0], Y: b[3]}, {X: b[2], Y: b[3]}, {X: b[2], Y: b[1]}}, nil)
		}
	}
	lib.AddCell(c)
	return lib, c
}

var met1 = layout.LayerKey{Layer: 68, Datatype: 20}
var mcon = layout.LayerKey{Layer: 67, Datatype: 44}

func sky130(t *testing.T) *rules.Tech {
	t.Helper()
	tech, err := techfiles.Load("sky130")
	if err != nil {
		t.Fatal(err)
	}
	return tech
}

// TestRunRuleSemantics runs a few sky130 rules on hand-made shapes whose
// violations are known.
func TestRunRuleSemantics(t *testing.T) {
	tech := sky130(t)
	tests := []struct {
		name  string
		rules []string
		boxes map[layout.LayerKey][][4]int32
		want  []string // MarkerValue of each violation, in report order
	}{
		{"m1.1: a 0.13 µm wide met1 line", []string{"m1.1"},
			map[layout.LayerKey][][4]int32{met1: {{0, 0, 130, 2000}}},
			[]string{"edge-pair: (0,0;0,2)|(0.13,2;0.13,0)"}},
		{"m1.2: two met1 lines 0.13 µm apart", []string{"m1.2"},
			map[layout.LayerKey][][4]int32{met1: {{0, 0, 200, 2000}, {330, 0, 530, 2000}}},
			[]string{"edge-pair: (0.33,0;0.33,2)|(0.2,2;0.2,0)"}},
		{"m1.6: a small met1 island", []string{"m1.6"},
			map[layout.LayerKey][][4]int32{met1: {{0, 0, 200, 200}}},
			[]string{"polygon: (0,0;0,0.2;0.2,0.2;0.2,0)"}},
		{"m1.4: mcon enclosed by 0.02 µm on the left, and an mcon off met1", []string{"m1.4"},
			map[layout.LayerKey][][4]int32{met1: {{0, 0, 1000, 1000}}, mcon: {{20, 400, 190, 570}, {2000, 0, 2170, 170}}},
			[]string{"edge-pair: (0,0.378;0,0.592)/(0.02,0.4;0.02,0.57)", "polygon: (2,0;2,0.17;2.17,0.17;2.17,0)"}},
		{"clean", []string{"m1.1", "m1.2", "m1.4", "m1.5", "m1.6"}, map[layout.LayerKey][][4]int32{met1: {{0, 0, 1000, 1000}}, mcon: {{400, 400, 570, 570}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib, top := smallLayout(tt.boxes)
			rep, err := Run(context.Background(), lib, top, tech, Options{Rules: tt.rules})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i := range rep.Violations {
				got = append(got, rep.Violations[i].MarkerValue())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("violations\n got %q\nwant %q", got, tt.want)
			}
			if rep.Total != len(tt.want) || rep.Top != "TOP" || rep.Tech != "sky130" {
				t.Errorf("report header %+v", rep)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	tech := sky130(t)
	lib, top := smallLayout(nil)
	if _, err := Run(context.Background(), lib, top, tech, Options{Rules: []string{"m1.1", "nosuch.1"}}); err == nil || !strings.Contains(err.Error(), "nosuch.1") {
		t.Errorf("unknown rule: error %v", err)
	}
	// A rule of a kind the checker does not know is an error before
	// anything runs, never skipped.
	bad, err := rules.Parse("bad.yaml", []byte(`name: bad
dbu: 0.001
grid: 0.005
layers: {m1: 1/0}
rules:
  - {id: W, check: width, layer: m1, value: 0.1, description: width}
`))
	if err != nil {
		t.Fatal(err)
	}
	bad.Rules[0].Check = "curvature"
	if _, err := Run(context.Background(), lib, top, bad, Options{}); err == nil || !strings.Contains(err.Error(), "curvature") && !strings.Contains(err.Error(), "unknown check") {
		t.Errorf("unknown check kind: error %v", err)
	}
	bad.Rules[0].Check = rules.Width
	bad.Rules[0].Orthogonal = true
	if err := Validate(bad); err == nil {
		t.Errorf("orthogonal on a width rule: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, lib, top, tech, Options{}); err == nil {
		t.Errorf("cancelled context: no error")
	}
}

func TestEmbeddedTechnologiesAreSupported(t *testing.T) {
	for _, name := range techfiles.Names() {
		tech, err := techfiles.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(tech); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	tech, err := techfiles.Load("testdata/allkinds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[rules.CheckKind]bool{}
	for _, r := range tech.Rules {
		seen[r.Check] = true
	}
	for _, k := range rules.CheckKinds {
		if !seen[k] {
			t.Errorf("testdata/allkinds.yaml has no %s rule", k)
		}
	}
}

func TestReportWriters(t *testing.T) {
	tech := sky130(t)
	lib, top := smallLayout(map[layout.LayerKey][][4]int32{met1: {{0, 0, 130, 2000}, {0, 5000, 200, 5200}}, mcon: {{3000, 0, 3170, 170}}})
	rep, err := Run(context.Background(), lib, top, tech, Options{Rules: []string{"m1.1", "m1.4", "m1.6"}, Input: "small.gds", Version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 3 {
		t.Fatalf("%d violations, want 3: %+v", rep.Total, rep.Violations)
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"tool": "layoutmig"`, `"version": "1.2.3"`, `"input": "small.gds"`, `"tech": "sky130"`, `"top": "TOP"`,
		`{"id": "m1.1", "description": "Min width of met1", "count": 1, "elapsed_s": `,
		`{"rule": "m1.1", "cell": "TOP", "kind": "edge-pair", "coords_um": [[0, 0, 0, 2], [0.13, 2, 0.13, 0]]}`,
		`{"rule": "m1.4", "cell": "TOP", "kind": "polygon", "coords_um": [[3, 0, 3, 0.17, 3.17, 0.17, 3.17, 0]]}`,
		`"total": 3`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, js.String())
		}
	}
	keys := []string{`"tool"`, `"version"`, `"input"`, `"tech"`, `"top"`, `"elapsed_s"`, `"rules"`, `"violations"`, `"total"`}
	last := -1
	for _, k := range keys {
		i := strings.Index(js.String(), k)
		if i <= last {
			t.Errorf("key %s out of order", k)
		}
		last = i
	}
	back, err := ReadJSON(bytes.NewReader(js.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Total != rep.Total || len(back.Violations) != len(rep.Violations) || back.Rules[1].Count != rep.Rules[1].Count {
		t.Errorf("read back %+v", back)
	}
	for i := range back.Violations {
		if back.Violations[i].Key() != rep.Violations[i].Key() {
			t.Errorf("violation %d: key %q read back as %q", i, rep.Violations[i].Key(), back.Violations[i].Key())
		}
	}

	var rdb bytes.Buffer
	if err := rep.WriteLyrdb(&rdb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<name>m1.4</name>", "<description>Min width of met1</description>", "<category>'m1.1'</category>",
		"<cell>TOP</cell>", "<value>edge-pair: (0,0;0,2)|(0.13,2;0.13,0)</value>", "<value>polygon: (3,0;3,0.17;3.17,0.17;3.17,0)</value>",
		"<top-cell>TOP</top-cell>"} {
		if !strings.Contains(rdb.String(), want) {
			t.Errorf("lyrdb lacks %s", want)
		}
	}

	var txt bytes.Buffer
	if err := rep.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"technology: sky130", "m1.4", "Min enclosure of mcon by met1", "total: 3 violations"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("text summary lacks %q:\n%s", want, txt.String())
		}
	}

	// Baseline: the same report has nothing new; a report with one
	// violation more has exactly that one.
	again, _ := ReadJSON(bytes.NewReader(js.Bytes()))
	if n := again.SubtractBaseline(back); n != 3 || again.Total != 0 || again.Rules[0].Count != 0 {
		t.Errorf("subtracting itself: removed %d, left %d", n, again.Total)
	}
	lib2, top2 := smallLayout(map[layout.LayerKey][][4]int32{met1: {{0, 0, 130, 2000}, {0, 5000, 200, 5200}, {9000, 0, 9100, 100}}, mcon: {{3000, 0, 3170, 170}}})
	rep2, err := Run(context.Background(), lib2, top2, tech, Options{Rules: []string{"m1.1", "m1.4", "m1.6"}})
	if err != nil {
		t.Fatal(err)
	}
	rep2.SubtractBaseline(back)
	if rep2.Total != 3 || rep2.Rules[0].Count != 2 || rep2.Rules[2].Count != 1 {
		t.Errorf("new against the baseline: %d (%+v)", rep2.Total, rep2.Rules)
	}
}
