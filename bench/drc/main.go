// Command drc times `layoutmig drc` beside KLayout running the same rules on
// the same file, in one run, and prints medians, ratios, peak memory and the
// counts per rule of both tools (which must be equal).
//
// The KLayout deck is the one `layoutmig tech export-klayout T` writes,
// restricted to the benchmarked rules and the layers they read, with
// threads(N) added; it runs flat (the deck's mode; -klayout-flat=false
// skips it) and, with -deep, also in KLayout's deep (hierarchical) mode.
// layoutmig checks hierarchically where that pays (its default); -flat also
// times `layoutmig drc --flat`. For each of -n rounds the tools run
// one after the other, so that machine noise hits both alike. Wall time and
// peak memory (max RSS) are measured for each whole process. Run it through
// bench/drc.sh, which builds what it needs.
package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/layoutmig/layoutmig/gds"
)

// benchRules are the rules of the benchmark (see the DRC issue).
const benchRules = "difftap.1,difftap.3,poly.1a,poly.2,li.1,li.3,li.6,m1.1,m1.2,m1.6,licon.2,ct.2,m1.4,via.4a,m2.1,m2.2"

type sample struct {
	Wall   float64 `json:"wall_s"`
	MaxRSS float64 `json:"max_rss_mb"`
}

type result struct {
	Name    string         `json:"name"`
	Command string         `json:"command"`
	Samples []sample       `json:"samples"`
	Counts  map[string]int `json:"counts"`
}

func main() {
	file := flag.String("file", "bench/out/sheet_flat.gds", "GDS file to check")
	bin := flag.String("layoutmig", "bench/out/layoutmig", "layoutmig binary")
	tech := flag.String("tech", "sky130", "technology")
	ruleList := flag.String("rules", benchRules, "rules to check (comma-separated ids)")
	threads := flag.Int("threads", 2, "threads for both tools")
	n := flag.Int("n", 3, "rounds")
	deep := flag.Bool("deep", false, "also run KLayout in deep mode")
	klayoutFlat := flag.Bool("klayout-flat", true, "run KLayout in flat mode")
	ourFlat := flag.Bool("flat", false, "also run layoutmig drc --flat")
	out := flag.String("json", "bench/out/drc.json", "where to write the samples as JSON")
	flag.Parse()
	modes := map[string]bool{"flat": *klayoutFlat, "deep": *deep}
	if err := run(*file, *bin, *tech, *ruleList, *threads, *n, modes, *ourFlat, *out); err != nil {
		fmt.Fprintln(os.Stderr, "drc bench:", err)
		os.Exit(1)
	}
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func run(file, bin, tech, ruleList string, threads, n int, modes map[string]bool, ourFlat bool, jsonOut string) error {
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("%w (build it with bench/drc.sh)", err)
	}
	size := float64(st.Size()) / (1 << 20)
	klayoutBin, err := exec.LookPath("klayout")
	if err != nil {
		return fmt.Errorf("klayout not found: %w", err)
	}
	// Absolute paths: KLayout resolves a relative report path against the
	// input's folder.
	if file, err = filepath.Abs(file); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(file), "drc-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ids := strings.Split(ruleList, ",")
	full, err := exec.Command(bin, "tech", "export-klayout", tech).Output()
	if err != nil {
		return fmt.Errorf("export the %s deck: %w", tech, err)
	}
	decks := map[string]string{}
	for _, mode := range []string{"flat", "deep"} {
		if modes[mode] {
			if decks[mode], err = restrictDeck(string(full), ids, threads, mode); err != nil {
				return err
			}
		}
	}
	ourReport := filepath.Join(tmp, "ours.json")
	type job struct {
		name   string
		cmd    []string
		env    []string
		report string
		deep   bool // KLayout deep mode: markers per cell, counted once per placement
	}
	jobs := []job{{"layoutmig", []string{bin, "drc", file, "--tech", tech, "--rules", ruleList,
		"--threads", fmt.Sprint(threads), "--report", ourReport, "--quiet"}, nil, ourReport, false}}
	if ourFlat {
		flatReport := filepath.Join(tmp, "ours_flat.json")
		jobs = append(jobs, job{"layoutmig flat", []string{bin, "drc", file, "--tech", tech, "--rules", ruleList,
			"--threads", fmt.Sprint(threads), "--report", flatReport, "--quiet", "--flat"}, nil, flatReport, false})
	}
	for _, mode := range []string{"flat", "deep"} {
		deck, ok := decks[mode]
		if !ok {
			continue
		}
		path := filepath.Join(tmp, mode+".drc")
		if err := os.WriteFile(path, []byte(deck), 0o644); err != nil {
			return err
		}
		report := filepath.Join(tmp, mode+".lyrdb")
		jobs = append(jobs, job{"KLayout " + mode, []string{klayoutBin, "-b", "-r", path, "-rd", "input=" + file, "-rd", "report=" + report},
			[]string{"QT_QPA_PLATFORM=offscreen"}, report, mode == "deep"})
	}
	loadBefore := loadavg()
	results := make([]result, len(jobs))
	for round := 0; round < n; round++ {
		for i, j := range jobs {
			s, err := measure(j.cmd, j.env)
			if err != nil {
				return fmt.Errorf("%s: %w", j.name, err)
			}
			fmt.Fprintf(os.Stderr, "round %d: %-14s %8.2f s %7.0f MB\n", round+1, j.name, s.Wall, s.MaxRSS)
			results[i].Name, results[i].Command = j.name, strings.Join(j.cmd, " ")
			results[i].Samples = append(results[i].Samples, s)
			if round == 0 {
				var perCell map[string]int
				if j.deep {
					if perCell, err = placements(file); err != nil {
						return err
					}
				}
				if results[i].Counts, err = counts(j.report, perCell); err != nil {
					return fmt.Errorf("%s: %w", j.name, err)
				}
			}
		}
	}
	loadAfter := loadavg()

	med := func(r result, f func(sample) float64) float64 {
		v := make([]float64, len(r.Samples))
		for i, s := range r.Samples {
			v[i] = f(s)
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	wall := func(s sample) float64 { return s.Wall }
	rss := func(s sample) float64 { return s.MaxRSS }
	fmt.Printf("file %s: %.1f MB; technology %s, %d rules, %d threads; %d rounds, medians\n", file, size*1.048576, tech, len(ids), threads, n)
	fmt.Printf("load average before %s, after %s\n\n", loadBefore, loadAfter)
	fmt.Printf("%-16s %10s %10s %12s %12s\n", "", "wall s", "peak MB", "wall ratio", "peak / file")
	for _, r := range results {
		fmt.Printf("%-16s %10.2f %10.0f %11.1fx %12.2f\n", r.Name, med(r, wall), med(r, rss), med(r, wall)/med(results[0], wall), med(r, rss)/size)
	}
	fmt.Printf("\n%-12s %10s", "rule", "layoutmig")
	for _, r := range results[1:] {
		fmt.Printf(" %14s", r.Name)
	}
	fmt.Println()
	same := true
	for _, id := range ids {
		fmt.Printf("%-12s %10d", id, results[0].Counts[id])
		for _, r := range results[1:] {
			fmt.Printf(" %14d", r.Counts[id])
			if r.Counts[id] != results[0].Counts[id] {
				same = false
			}
		}
		fmt.Println()
	}
	if same {
		fmt.Println("counts: equal")
	} else {
		fmt.Println("counts: DIFFERENT")
	}
	data, _ := json.MarshalIndent(map[string]any{"file": file, "file_mb": size, "tech": tech, "rules": ids, "threads": threads,
		"load_before": loadBefore, "load_after": loadAfter, "results": results}, "", "  ")
	if err := os.WriteFile(jsonOut, data, 0o644); err != nil {
		return err
	}
	if !same {
		return errors.New("the tools found different counts")
	}
	return nil
}

var (
	layerLine = regexp.MustCompile(`^([ld]_\w+) = `)
	variable  = regexp.MustCompile(`\b[ld]_\w+\b`)
	ruleHead  = regexp.MustCompile(`^# (\S+) \(\w+, line \d+\)$`)
)

// restrictDeck keeps, of an exported deck, the rules named and the layers
// they read (derived layers with what they are computed from), and sets
// the mode ("flat" or "deep") and the number of threads.
func restrictDeck(deck string, ids []string, threads int, mode string) (string, error) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	lines := strings.Split(deck, "\n")
	defs := map[string]string{} // variable -> its line
	var header, ruleLines []string
	found := map[string]bool{}
	inRules := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case l == "# Rules":
			inRules = true
		case inRules:
			if m := ruleHead.FindStringSubmatch(l); m != nil && want[m[1]] && i+1 < len(lines) {
				ruleLines = append(ruleLines, l, lines[i+1])
				found[m[1]] = true
				i++
			}
		case layerLine.MatchString(l):
			defs[layerLine.FindStringSubmatch(l)[1]] = l
		case strings.HasPrefix(l, "# Drawn layers") || strings.HasPrefix(l, "# Derived layers"):
		case l == "flat":
			header = append(header, mode, fmt.Sprintf("threads(%d)", threads))
		default:
			header = append(header, l)
		}
	}
	for _, id := range ids {
		if !found[id] {
			return "", fmt.Errorf("the exported deck has no rule %s", id)
		}
	}
	// The layers the kept rules read, and recursively what those are
	// computed from, in the deck's order.
	need := map[string]bool{}
	var mark func(line string)
	mark = func(line string) {
		for _, v := range variable.FindAllString(line, -1) {
			if !need[v] {
				need[v] = true
				if d, ok := defs[v]; ok {
					mark(d[strings.Index(d, "=")+1:])
				}
			}
		}
	}
	for _, l := range ruleLines {
		mark(l)
	}
	var layerDefs []string
	for _, l := range lines {
		if m := layerLine.FindStringSubmatch(l); m != nil && need[m[1]] {
			layerDefs = append(layerDefs, l)
		}
	}
	out := append(header, "# Layers the benchmarked rules read")
	out = append(out, layerDefs...)
	out = append(out, "", "# Rules")
	out = append(out, ruleLines...)
	return strings.Join(out, "\n") + "\n", nil
}

// counts returns the violations per rule of a report: our JSON or
// KLayout's marker database. KLayout's deep mode writes a cell's markers
// once, in the cell; perCell (nil for flat reports) gives how many times
// each cell is placed under the top cell, so that every marker counts once
// per placement, as in a flat report.
func counts(path string, perCell map[string]int) (map[string]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	if strings.HasSuffix(path, ".json") {
		var r struct {
			Rules []struct {
				ID    string `json:"id"`
				Count int    `json:"count"`
			} `json:"rules"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, err
		}
		for _, x := range r.Rules {
			out[x.ID] = x.Count
		}
		return out, nil
	}
	var db struct {
		Items []struct {
			Category string `xml:"category"`
			Cell     string `xml:"cell"`
		} `xml:"items>item"`
	}
	if err := xml.Unmarshal(data, &db); err != nil {
		return nil, err
	}
	for _, it := range db.Items {
		n := 1
		if perCell != nil {
			var ok bool
			if n, ok = perCell[it.Cell]; !ok {
				return nil, fmt.Errorf("%s: a marker in cell %q, which the layout does not place", path, it.Cell)
			}
		}
		out[strings.Trim(it.Category, "'")] += n
	}
	return out, nil
}

// placements returns, for each cell of a GDS file's only top cell's
// hierarchy, how many times it is placed under the top (1 for the top).
func placements(file string) (map[string]int, error) {
	lib, err := gds.ReadFile(file, gds.ReadOptions{})
	if err != nil {
		return nil, err
	}
	tops := lib.TopCells()
	if len(tops) != 1 {
		return nil, fmt.Errorf("%s: %d top cells, want one", file, len(tops))
	}
	out := map[string]int{}
	for inst := range lib.Instances(tops[0]) {
		out[inst.Cell.Name]++
	}
	return out, nil
}

// measure runs a command and returns its wall time and peak memory. Exit
// status 2 (violations found) counts as success.
func measure(args, env []string) (sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var outBuf strings.Builder
	cmd.Stdout = &outBuf
	cmd.Stderr = &outBuf
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 2) {
		return sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, outBuf.String())
	}
	s := sample{Wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.MaxRSS = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return s, nil
}
