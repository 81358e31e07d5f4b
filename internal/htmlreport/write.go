package htmlreport

import (
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/layoutmig/layoutmig/internal/atomicfile"
)

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"pct": func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) },
}).Parse(pageHTML))

// cellView is a cell as the template shows it.
type cellView struct {
	Cell
	Anchor           string
	FixesText        string
	FixesTotal       int
	Source, Migrated picture
	Rules            []ruleView
	StatusClass      string
	HasAreaRatio     bool
}

// ruleView is a rule with violations in a cell.
type ruleView struct {
	ID, Description string
	Count           int
}

// pageView is the page as the template shows it.
type pageView struct {
	Page
	GeneratedText string
	Cells         []*cellView
	Clean, Total  int
	Images        int
}

func write(ctx context.Context, dir string, p Page) error {
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		return fmt.Errorf("htmlreport: %w", err)
	}
	pv := pageView{Page: p, Total: len(p.Cells)}
	if !p.Generated.IsZero() {
		pv.GeneratedText = p.Generated.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	var pairs []pair
	for i, c := range p.Cells {
		cv := &cellView{Cell: c, Anchor: fmt.Sprintf("cell-%d", i+1), StatusClass: statusClass(c.Status),
			HasAreaRatio: c.AreaRatio > 0}
		if cv.StatusClass == "clean" {
			pv.Clean++
		}
		cv.FixesText, cv.FixesTotal = fixesText(c.Fixes)
		if c.Report != nil {
			for _, r := range c.Report.Rules {
				if r.Count > 0 {
					cv.Rules = append(cv.Rules, ruleView{ID: r.ID, Description: r.Description, Count: r.Count})
				}
			}
		}
		var pr pair
		if c.SourceGDS != "" {
			pr.source = &job{gdsPath: c.SourceGDS, cell: c.Name, file: pictureFile(i, c.Name, "source"),
				tech: c.SourceTech, out: &cv.Source}
		} else {
			cv.Source.Error = "no source file"
		}
		if c.MigratedGDS != "" {
			pr.migrated = &job{gdsPath: c.MigratedGDS, cell: c.Name, file: pictureFile(i, c.Name, "migrated"),
				tech: c.TargetTech, markers: c.Report, out: &cv.Migrated}
		} else {
			cv.Migrated.Error = "no migrated file"
		}
		pairs = append(pairs, pr)
		cv.Source.Alt = c.Name + " before migration"
		cv.Migrated.Alt = c.Name + " after migration"
		pv.Cells = append(pv.Cells, cv)
	}
	if err := drawAll(ctx, dir, pairs); err != nil {
		return fmt.Errorf("htmlreport: %w", err)
	}
	for _, cv := range pv.Cells {
		for _, pic := range []picture{cv.Source, cv.Migrated} {
			if pic.Src != "" {
				pv.Images++
			}
		}
	}
	path := filepath.Join(dir, "index.html")
	err := atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		return pageTemplate.Execute(w, pv)
	})
	if err != nil {
		return fmt.Errorf("htmlreport: writing %s: %w", path, err)
	}
	return nil
}

// statusClass maps a status to the CSS class that colours it.
func statusClass(s string) string {
	switch strings.ToLower(s) {
	case "clean", "ok", "pass", "passed":
		return "clean"
	case "error", "failed", "fail":
		return "error"
	}
	return "violations"
}

// fixesText lists fixes by kind ("width 3, space 1"), kinds sorted, and
// their total.
func fixesText(f map[string]int) (string, int) {
	kinds := make([]string, 0, len(f))
	total := 0
	for k, n := range f {
		if n != 0 {
			kinds = append(kinds, k)
			total += n
		}
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, f[k])
	}
	return strings.Join(parts, ", "), total
}
