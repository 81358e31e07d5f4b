// Command codec times layoutmig's GDSII reader and round trip beside
// KLayout's on the same file, in one run, and prints medians and ratios.
//
// For each of -n rounds it runs, interleaved so that machine noise hits both
// tools alike:
//
//	read:       layoutmig info --verbose FILE     vs  klayout -b -r bench/klayout_read.rb
//	round trip: layoutmig convert FILE OUT        vs  strm2gds FILE OUT
//
// Wall time and peak memory (max RSS) are measured for each whole process;
// the read is also measured inside each process (our --verbose read time,
// KLayout's script timer), which leaves out KLayout's start-up of about a
// second. Before each command the page cache's dirty pages are written back
// (sync), so that no command pays for the previous one's output. Run it
// through bench/codec.sh, which builds what it needs.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type sample struct {
	Wall    float64 `json:"wall_s"`
	Inner   float64 `json:"inner_s,omitempty"`
	MaxRSS  float64 `json:"max_rss_mb"`
	Command string  `json:"command"`
}

type result struct {
	Name    string   `json:"name"`
	Samples []sample `json:"samples"`
}

func main() {
	file := flag.String("file", "bench/out/sheet_flat.gds", "GDS file to read")
	bin := flag.String("layoutmig", "bench/out/layoutmig", "layoutmig binary")
	n := flag.Int("n", 5, "rounds")
	out := flag.String("json", "bench/out/codec.json", "where to write the samples as JSON")
	flag.Parse()
	if err := run(*file, *bin, *n, *out); err != nil {
		fmt.Fprintln(os.Stderr, "codec:", err)
		os.Exit(1)
	}
}

var (
	ourRead = regexp.MustCompile(`read .* in ([0-9.]+[µmn]?s)`)
	klRead  = regexp.MustCompile(`klayout_read_s ([0-9.]+)`)
)

func run(file, bin string, n int, jsonOut string) error {
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("%w (build it with bench/codec.sh)", err)
	}
	size := float64(st.Size()) / (1 << 20)
	klayoutBin, err := exec.LookPath("klayout")
	if err != nil {
		return fmt.Errorf("klayout not found: %w", err)
	}
	strm2gds, env := findStrm2gds()
	tmp, err := os.MkdirTemp(filepath.Dir(file), "codec-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	script, _ := filepath.Abs("bench/klayout_read.rb")
	jobs := []struct {
		name  string
		cmd   []string
		env   []string
		inner *regexp.Regexp
	}{
		{"ours read", []string{bin, "info", "--verbose", file}, nil, ourRead},
		{"KLayout read", []string{klayoutBin, "-b", "-r", script, "-rd", "file=" + file}, []string{"QT_QPA_PLATFORM=offscreen"}, klRead},
		{"ours round trip", []string{bin, "convert", file, filepath.Join(tmp, "ours.gds")}, nil, nil},
		{"strm2gds round trip", []string{strm2gds, file, filepath.Join(tmp, "klayout.gds")}, env, nil},
	}
	results := make([]result, len(jobs))
	for round := 0; round < n; round++ {
		for i, j := range jobs {
			s, err := measure(j.cmd, j.env, j.inner)
			if err != nil {
				return fmt.Errorf("%s: %w", j.name, err)
			}
			results[i].Name = j.name
			results[i].Samples = append(results[i].Samples, s)
		}
	}
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
	inner := func(s sample) float64 { return s.Inner }
	rss := func(s sample) float64 { return s.MaxRSS }
	fmt.Printf("file %s: %.1f MB, %d rounds, medians\n\n", file, size*1.048576, n)
	fmt.Printf("%-22s %10s %10s %12s %14s\n", "", "wall s", "read s", "peak MB", "peak / file")
	for _, r := range results {
		in := ""
		if r.Samples[0].Inner > 0 {
			in = fmt.Sprintf("%.3f", med(r, inner))
		}
		fmt.Printf("%-22s %10.3f %10s %12.0f %14.2f\n", r.Name, med(r, wall), in, med(r, rss), med(r, rss)/size)
	}
	fmt.Printf("\nread, in process:   KLayout / ours = %.2fx\n", med(results[1], inner)/med(results[0], inner))
	fmt.Printf("read, whole command: KLayout / ours = %.2fx\n", med(results[1], wall)/med(results[0], wall))
	fmt.Printf("round trip:          strm2gds / ours = %.2fx\n", med(results[3], wall)/med(results[2], wall))
	fmt.Printf("peak memory of our read: %.2fx the file size\n", med(results[0], rss)/size)
	data, _ := json.MarshalIndent(map[string]any{"file": file, "file_mb": size, "results": results}, "", "  ")
	return os.WriteFile(jsonOut, data, 0o644)
}

// findStrm2gds returns KLayout's strm2gds and the environment it needs
// (Debian installs it under /usr/lib/klayout without a PATH entry).
func findStrm2gds() (string, []string) {
	if p, err := exec.LookPath("strm2gds"); err == nil {
		return p, nil
	}
	return "/usr/lib/klayout/strm2gds", []string{"LD_LIBRARY_PATH=/usr/lib/klayout"}
}

func measure(args, env []string, inner *regexp.Regexp) (sample, error) {
	// Start every command from the same state: no writeback of the previous
	// command's 400 MB output pending, which would throttle this one's writes.
	syscall.Sync()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var outBuf strings.Builder
	cmd.Stdout = &outBuf
	cmd.Stderr = &outBuf
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, outBuf.String())
	}
	s := sample{Wall: wall, Command: strings.Join(args, " ")}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.MaxRSS = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	if inner != nil {
		m := inner.FindStringSubmatch(outBuf.String())
		if m == nil {
			return s, fmt.Errorf("no timing in the output of %s:\n%s", args[0], outBuf.String())
		}
		if d, err := time.ParseDuration(m[1]); err == nil {
			s.Inner = d.Seconds()
		} else if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			s.Inner = v
		}
	}
	return s, nil
}
