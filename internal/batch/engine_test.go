package batch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runFolder discovers the cells of dir and runs them into out.
func runFolder(t *testing.T, ctx context.Context, dir, out string, opt Options) (*Summary, Stats, error) {
	t.Helper()
	files, err := Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	items, err := Discover(context.Background(), files, 2)
	if err != nil {
		t.Fatal(err)
	}
	opt.Out = out
	if opt.Key == "" {
		opt.Key = "key-1"
	}
	opt.Tool, opt.Version, opt.Job = "layoutmig", "test", "fake"
	return Run(ctx, items, opt)
}

func TestRunStatuses(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"A", "B_DIRTY", "C_FAIL", "D_PANIC"} {
		writeLib(t, dir, name+".gds", cellLib(name, 50, name))
	}
	if err := os.WriteFile(filepath.Join(dir, "E_BROKEN.gds"), []byte("not a GDS file"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var fw fakeWork
	sum, st, err := runFolder(t, context.Background(), dir, out, Options{Jobs: 3, Work: fw.work})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		cell, status string
		violations   int
		gds          bool
	}{
		{"A", StatusClean, 0, true},
		{"B_DIRTY", StatusViolations, 3, true},
		{"C_FAIL", StatusFailed, 0, false},
		{"D_PANIC", StatusFailed, 0, false},
		{"E_BROKEN", StatusFailed, 0, false},
	}
	if len(sum.Rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(sum.Rows), len(want), sum.Rows)
	}
	for i, w := range want {
		r := sum.Rows[i]
		if r.Cell != w.cell || r.Status != w.status || r.Violations != w.violations {
			t.Errorf("row %d = %s %s %d, want %s %s %d", i, r.Cell, r.Status, r.Violations, w.cell, w.status, w.violations)
		}
		if (r.Status == StatusFailed) != (r.Error != "") {
			t.Errorf("%s: status %s with error %q", r.Cell, r.Status, r.Error)
		}
		if _, err := os.Stat(cellPath(out, w.cell)); (err == nil) != w.gds {
			t.Errorf("%s: GDS output exists = %v, want %v", w.cell, err == nil, w.gds)
		}
		if _, err := ReadCellReport(out, w.cell); err != nil {
			t.Errorf("%s: report: %v", w.cell, err)
		}
	}
	if !strings.Contains(sum.Rows[3].Error, "internal error") {
		t.Errorf("the panicking cell's error %q does not say so", sum.Rows[3].Error)
	}
	if sum.Clean != 1 || sum.Violating != 1 || sum.Failed != 3 || sum.Violations != 3 || sum.AllClean() {
		t.Errorf("counts %d clean, %d violating, %d failed, %d violations", sum.Clean, sum.Violating, sum.Failed, sum.Violations)
	}
	if st.Computed != 5 || st.Skipped != 0 || fw.calls.Load() != 4 {
		t.Errorf("stats %+v, %d calls; want 5 computed, 4 calls (the broken file never reaches the work)", st, fw.calls.Load())
	}
	back, err := ReadSummary(out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Cells != 5 || back.Rows[1].Fixes["width"] != len("B_DIRTY") || back.Rows[1].FixesTotal != len("B_DIRTY") {
		t.Errorf("summary.json read back: %+v", back)
	}
}

// TestResumeAfterKill stops a run part-way (the context ends after some
// cells), resumes it, and compares every output with a run that was never
// stopped; the cells done before the stop are not done again.
func TestResumeAfterKill(t *testing.T) {
	dir := library(t, 30)
	whole := t.TempDir()
	var fw fakeWork
	if _, _, err := runFolder(t, context.Background(), dir, whole, Options{Jobs: 2, Work: fw.work}); err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	killed := fakeWork{cancelAfter: 12, cancel: cancel}
	_, _, err := runFolder(t, ctx, dir, out, Options{Jobs: 2, Work: killed.work})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: err = %v, want context.Canceled", err)
	}
	done, _ := filepath.Glob(filepath.Join(out, ReportsDir, "*.json"))
	if len(done) == 0 || len(done) > 12 {
		t.Fatalf("%d reports after the stop, want 1 to 12", len(done))
	}
	if _, err := os.Stat(filepath.Join(out, SummaryJSON)); err == nil {
		t.Error("a stopped run wrote a summary")
	}

	// What a kill during a write leaves behind.
	stale := filepath.Join(out, CellsDir, ".C029.gds.tmp-123")
	if err := os.WriteFile(stale, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	var again fakeWork
	sum, st, err := runFolder(t, context.Background(), dir, out, Options{Jobs: 2, Resume: true, Work: again.work})
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != len(done) || st.Computed != 30-len(done) || int(again.calls.Load()) != 30-len(done) {
		t.Errorf("resume: %+v, %d calls; want %d skipped and %d computed", st, again.calls.Load(), len(done), 30-len(done))
	}
	if sum.Cells != 30 {
		t.Errorf("resumed summary has %d cells, want 30", sum.Cells)
	}
	sameFolders(t, whole, out)
}

// TestResumeWhatChanged: resume recomputes exactly the cells whose input,
// setup or outputs changed.
func TestResumeWhatChanged(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, dir, out string) // between the two runs
		key    string
		resume bool
		want   int // cells computed by the second run
	}{
		{"nothing", func(*testing.T, string, string) {}, "key-1", true, 0},
		{"no --resume", func(*testing.T, string, string) {}, "key-1", false, 6},
		{"recipe or version", func(*testing.T, string, string) {}, "key-2", true, 6},
		{"one input file", func(t *testing.T, dir, _ string) {
			writeLib(t, dir, "C002.gds", cellLib("C002", 60, "C002"))
		}, "key-1", true, 1},
		{"a GDS output deleted", func(t *testing.T, _, out string) {
			if err := os.Remove(cellPath(out, "C004")); err != nil {
				t.Fatal(err)
			}
		}, "key-1", true, 1},
		{"a report garbled", func(t *testing.T, _, out string) {
			if err := os.WriteFile(reportPath(out, "C001"), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "key-1", true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, out := library(t, 6), t.TempDir()
			var first, second fakeWork
			if _, _, err := runFolder(t, context.Background(), dir, out, Options{Jobs: 2, Work: first.work}); err != nil {
				t.Fatal(err)
			}
			tc.change(t, dir, out)
			_, st, err := runFolder(t, context.Background(), dir, out, Options{Jobs: 2, Resume: tc.resume, Key: tc.key, Work: second.work})
			if err != nil {
				t.Fatal(err)
			}
			if st.Computed != tc.want || st.Skipped != 6-tc.want || int(second.calls.Load()) != tc.want {
				t.Errorf("second run: %+v, %d calls; want %d computed", st, second.calls.Load(), tc.want)
			}
		})
	}
}

func TestRunWithoutWork(t *testing.T) {
	if _, _, err := Run(context.Background(), nil, Options{Out: t.TempDir()}); err == nil {
		t.Error("Run without a work function: no error")
	}
}

func TestCompareFolders(t *testing.T) {
	dir := library(t, 3)
	a, b := t.TempDir(), t.TempDir()
	var fw fakeWork
	for _, out := range []string{a, b} {
		if _, _, err := runFolder(t, context.Background(), dir, out, Options{Work: fw.work}); err != nil {
			t.Fatal(err)
		}
	}
	if diffs, err := CompareFolders(a, b); err != nil || len(diffs) != 0 {
		t.Fatalf("two runs of the same inputs: %v %v", diffs, err)
	}
	rep, err := os.ReadFile(reportPath(b, "C001"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(rep), `"violations": 0`, `"violations": 1`, 1)
	if err := os.WriteFile(reportPath(b, "C001"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(cellPath(a, "C002")); err != nil {
		t.Fatal(err)
	}
	diffs, err := CompareFolders(a, b)
	want := []string{"cells/C002.gds: only in " + b, "reports/C001.json: differs"}
	if err != nil || strings.Join(diffs, "|") != strings.Join(want, "|") {
		t.Errorf("diffs %v (%v), want %v", diffs, err, want)
	}
	if diffs, _ := CompareFolders(a, b, CellsDir, filepath.Join(ReportsDir, "C001.json")); len(diffs) != 0 {
		t.Errorf("with cells/ and reports/C001.json skipped: %v", diffs)
	}
}
