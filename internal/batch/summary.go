package batch

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"text/tabwriter"

	"github.com/layoutmig/layoutmig/internal/atomicfile"
)

// Statuses of a cell.
const (
	StatusClean      = "clean"      // migrated, no violation left
	StatusViolations = "violations" // migrated, with violations left
	StatusFailed     = "failed"     // not migrated, or a check failed
)

// Row is the outcome of one cell, as the summary lists it.
type Row struct {
	// Cell is the item's name in the batch; Top the cell's name in Input
	// (when it differs from Cell).
	Cell  string `json:"cell"`
	Top   string `json:"top,omitempty"`
	Input string `json:"input"`
	// Status is clean, violations or failed; Error says why it failed.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// Violations is the number of violations left; Fixes the changes made
	// by kind and FixesTotal their sum.
	Violations int            `json:"violations"`
	Fixes      map[string]int `json:"fixes,omitempty"`
	FixesTotal int            `json:"fixes_total"`
	// AreaRatio is the cell's area after over its area before (0 when
	// unknown).
	AreaRatio float64 `json:"area_ratio"`
	// Elapsed is the time the cell took in seconds: the only field that
	// changes from run to run.
	Elapsed float64 `json:"elapsed_s"`
}

// Summary is the outcome of a batch: its rows sorted by cell name and
// their counts. Elapsed fields are the only ones that change between runs
// of the same inputs.
type Summary struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Job describes the work (the recipe, for the CLI).
	Job string `json:"job"`
	// Shard is "I/N" for one shard's run, absent for a whole set.
	Shard string `json:"shard,omitempty"`
	// Counts of cells by status, and of violations in all cells.
	Cells      int     `json:"cells"`
	Clean      int     `json:"clean"`
	Violating  int     `json:"with_violations"`
	Failed     int     `json:"failed"`
	Violations int     `json:"violations"`
	Rows       []Row   `json:"rows"`
	Elapsed    float64 `json:"elapsed_s"`
}

// Summary file names inside an output folder.
const (
	SummaryJSON = "summary.json"
	SummaryCSV  = "summary.csv"
)

// count sorts the rows and fills in the counts.
func (s *Summary) count() {
	sort.Slice(s.Rows, func(i, j int) bool { return s.Rows[i].Cell < s.Rows[j].Cell })
	s.Cells, s.Clean, s.Violating, s.Failed, s.Violations = len(s.Rows), 0, 0, 0, 0
	for _, r := range s.Rows {
		switch r.Status {
		case StatusClean:
			s.Clean++
		case StatusViolations:
			s.Violating++
		default:
			s.Failed++
		}
		s.Violations += r.Violations
	}
	if s.Rows == nil {
		s.Rows = []Row{}
	}
}

// AllClean says whether every cell is clean.
func (s *Summary) AllClean() bool { return s.Clean == s.Cells }

// WriteFiles writes summary.json and summary.csv into dir, atomically.
func (s *Summary) WriteFiles(dir string) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := writeBytes(filepath.Join(dir, SummaryJSON), append(data, '\n')); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, SummaryCSV), atomicfile.Options{}, s.WriteCSV)
}

// WriteCSV writes the rows as CSV with a header line.
func (s *Summary) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"cell", "input", "status", "violations", "fixes", "area_ratio", "elapsed_s", "error"})
	for _, r := range s.Rows {
		_ = cw.Write([]string{r.Cell, r.Input, r.Status, strconv.Itoa(r.Violations), strconv.Itoa(r.FixesTotal),
			strconv.FormatFloat(r.AreaRatio, 'f', 4, 64), strconv.FormatFloat(r.Elapsed, 'f', 3, 64), r.Error})
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable prints the rows as a table and a line of totals.
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "cell\tstatus\tviolations\tfixes\tarea ratio\ttime")
	for _, r := range s.Rows {
		ratio := "-"
		if r.AreaRatio > 0 {
			ratio = strconv.FormatFloat(r.AreaRatio, 'f', 3, 64)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%.2fs\n", r.Cell, r.Status, r.Violations, r.FixesTotal, ratio, r.Elapsed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d cells: %d clean, %d with violations (%d in all), %d failed\n",
		s.Cells, s.Clean, s.Violating, s.Violations, s.Failed)
	return err
}

// ReadSummary reads dir/summary.json.
func ReadSummary(dir string) (*Summary, error) {
	p := filepath.Join(dir, SummaryJSON)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var s Summary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &s, nil
}

// writeBytes writes data to path atomically.
func writeBytes(path string, data []byte) error {
	return atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
