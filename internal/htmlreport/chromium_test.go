package htmlreport

import (
	"context"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// chromium returns the headless browser, or skips (fails under CI, where
// .ci/run installs it) when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (.ci/run installs it)")
	}
	t.Skip("chromium is not installed; skipping the browser test (apt-get install chromium)")
	return ""
}

// runChromium runs headless Chromium on the page with extra arguments and
// returns its standard output. The window is 1400 x 2000 pixels for the
// layout (--dump-dom) and the screenshot alike.
func runChromium(t *testing.T, bin, page string, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--force-device-scale-factor=1", "--window-size=1400,2000", "--virtual-time-budget=10000",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(context.Background(), bin, append(append(base, args...), "file://"+page)...)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr)
	}
	return out
}

// TestPageInChromium opens the page in headless Chromium: every picture
// loads (the page's script counts them into data-images-loaded and notes
// where each lies), and the screenshot shows drawings there: the pictures'
// black background and layer colours, not the page's.
func TestPageInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := Write(context.Background(), site, migratedPage(t, dir)); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(site, "index.html")
	dom := string(runChromium(t, bin, index, "--dump-dom"))
	want := regexp.MustCompile(`data-images="(\d+)"`).FindStringSubmatch(dom)
	loaded := regexp.MustCompile(`data-images-loaded="(\d+)"`).FindStringSubmatch(dom)
	if want == nil || loaded == nil {
		t.Fatalf("the page's script did not run (no data-images-loaded):\n%.2000s", dom)
	}
	if loaded[1] != want[1] || want[1] == "0" {
		t.Fatalf("%s of %s pictures loaded", loaded[1], want[1])
	}
	shot := filepath.Join(dir, "page.png")
	runChromium(t, bin, index, "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if os.Getenv("LAYOUTMIG_KEEP_SCREENSHOT") != "" {
		data, _ := os.ReadFile(shot)
		_ = os.WriteFile(os.Getenv("LAYOUTMIG_KEEP_SCREENSHOT"), data, 0o644)
	}
	rects := regexp.MustCompile(`<img [^>]*data-rect="(-?\d+),(-?\d+),(\d+),(\d+)"`).FindAllStringSubmatch(dom, -1)
	if len(rects) == 0 {
		t.Fatal("no picture positions in the page")
	}
	seen := 0
	for i, r := range rects {
		x, _ := strconv.Atoi(r[1])
		y, _ := strconv.Atoi(r[2])
		w, _ := strconv.Atoi(r[3])
		h, _ := strconv.Atoi(r[4])
		if y+h > img.Bounds().Dy() || w < 50 || h < 50 {
			continue // below the screenshot
		}
		seen++
		black, colourful, n := 0, 0, 0
		for py := y + 2; py < y+h-2; py += 2 {
			for px := x + 2; px < x+w-2; px += 2 {
				c := color.RGBAModel.Convert(img.At(px, py)).(color.RGBA)
				n++
				if c.R < 8 && c.G < 8 && c.B < 8 {
					black++
				}
				if int(max(c.R, c.G, c.B))-int(min(c.R, c.G, c.B)) > 80 {
					colourful++
				}
			}
		}
		t.Logf("picture %d at %d,%d %dx%d: %d%% black, %d%% coloured", i+1, x, y, w, h, 100*black/n, 100*colourful/n)
		if black < n/50 || colourful < n/10 {
			t.Errorf("picture %d at %d,%d (%dx%d) shows no drawing in the screenshot: %d of %d pixels black, %d coloured",
				i+1, x, y, w, h, black, n, colourful)
		}
	}
	if seen == 0 {
		t.Fatal("no picture lies inside the screenshot")
	}
}
