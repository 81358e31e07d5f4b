package batch

import (
	"bytes"
	"strings"
	"testing"
)

func testSummary() *Summary {
	s := &Summary{Tool: "layoutmig", Version: "test", Job: "fake", Rows: []Row{
		{Cell: "NAND2", Input: "lib/nand2.gds", Status: StatusViolations, Violations: 4, FixesTotal: 2, AreaRatio: 0.5, Elapsed: 0.25},
		{Cell: "INV, \"big\"", Input: "lib/inv.gds", Status: StatusClean, AreaRatio: 0.4821},
		{Cell: "BUF", Input: "lib/buf.gds", Status: StatusFailed, Error: "lib/buf.gds: no top cell"},
	}}
	s.count()
	return s
}

func TestSummaryCounts(t *testing.T) {
	s := testSummary()
	if s.Rows[0].Cell != "BUF" || s.Rows[2].Cell != "NAND2" {
		t.Errorf("rows not sorted by cell: %v", s.Rows)
	}
	if s.Cells != 3 || s.Clean != 1 || s.Violating != 1 || s.Failed != 1 || s.Violations != 4 || s.AllClean() {
		t.Errorf("counts %+v", s)
	}
}

func TestSummaryCSV(t *testing.T) {
	var b bytes.Buffer
	if err := testSummary().WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := `cell,input,status,violations,fixes,area_ratio,elapsed_s,error
BUF,lib/buf.gds,failed,0,0,0.0000,0.000,lib/buf.gds: no top cell
"INV, ""big""",lib/inv.gds,clean,0,0,0.4821,0.000,
NAND2,lib/nand2.gds,violations,4,2,0.5000,0.250,
`
	if b.String() != want {
		t.Errorf("CSV\n%s\nwant\n%s", b.String(), want)
	}
}

func TestSummaryTable(t *testing.T) {
	var b bytes.Buffer
	if err := testSummary().WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want a header, 3 rows and a total:\n%s", len(lines), b.String())
	}
	for i, want := range []string{"cell", "BUF", "INV", "NAND2", "3 cells: 1 clean, 1 with violations (4 in all), 1 failed"} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want it to start with %q", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[3], "violations  4") || !strings.Contains(lines[3], "0.500") {
		t.Errorf("NAND2 line %q lacks its status, count or ratio", lines[3])
	}
}

func TestProgressLines(t *testing.T) {
	var b bytes.Buffer
	p := NewLines(&b)
	p.Start(2)
	p.Done(Row{Cell: "INV", Status: StatusClean, Elapsed: 0.5}, false)
	p.Done(Row{Cell: "BUF", Status: StatusViolations, Violations: 3}, true)
	p.Finish()
	want := "batch: [1/2] INV: clean, 0 violations, 0.50s\nbatch: [2/2] BUF: up to date, skipped (violations)\n"
	if b.String() != want {
		t.Errorf("lines\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWithoutTimes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"r.json", `{"cell":"INV","elapsed_s":1.5,"detail":{"rules":[{"id":"m1","elapsed_s":0.2}]}}`,
			`{"cell":"INV","detail":{"rules":[{"id":"m1"}]}}`},
		{"summary.csv", "cell,status,elapsed_s\nINV,clean,0.250\n", "cell,status,\nINV,clean,\n"},
		{"cell.gds", "\x00\x06\x00\x02", "\x00\x06\x00\x02"},
	}
	for _, tc := range tests {
		got, err := WithoutTimes(tc.name, []byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("WithoutTimes(%s) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := WithoutTimes("bad.json", []byte("{")); err == nil {
		t.Error("a broken JSON file: no error")
	}
}

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := NewBar(&b)
	p.Start(3)
	for _, c := range []string{"INV", "BUF", "NAND2"} {
		p.Done(Row{Cell: c, Status: StatusClean}, false)
	}
	out := b.String()
	p.Finish()
	if !strings.Contains(out, "batch") || !strings.Contains(out, "(2/3)") {
		t.Errorf("the bar does not show the count of cells done:\n%q", out)
	}
}
