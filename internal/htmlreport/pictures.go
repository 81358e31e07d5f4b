package htmlreport

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/layoutmig/layoutmig/drc"
	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
	"github.com/layoutmig/layoutmig/render"
	"github.com/layoutmig/layoutmig/rules"
)

// picture is one image of the page: its file (relative to the page) or why
// there is none.
type picture struct {
	Src, Alt, Error string
	Markers         int
}

// job is one picture to draw.
type job struct {
	gdsPath, cell, file string
	tech                *rules.Tech
	markers             *drc.Report
	out                 *picture
}

// unsafeName matches what may not appear in a picture's file name.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// pictureFile names the picture of cell i: the index keeps names unique
// whatever the cell names are.
func pictureFile(i int, cell, side string) string {
	name := unsafeName.ReplaceAllString(cell, "_")
	if len(name) > 80 {
		name = name[:80]
	}
	return fmt.Sprintf("img/%03d-%s-%s.png", i+1, name, side)
}

// libraries reads each GDS file once, however many cells it holds.
type libraries struct {
	mu   sync.Mutex
	libs map[string]*libEntry
}

type libEntry struct {
	once sync.Once
	lib  *layout.Library
	err  error
}

func (l *libraries) get(path string) (*layout.Library, error) {
	l.mu.Lock()
	e := l.libs[path]
	if e == nil {
		e = &libEntry{}
		l.libs[path] = e
	}
	l.mu.Unlock()
	e.once.Do(func() { e.lib, e.err = gds.ReadFile(path, gds.ReadOptions{FileName: path}) })
	return e.lib, e.err
}

// pair is the two pictures of a cell, drawn at one scale.
type pair struct{ source, migrated *job }

// drawAll draws the pictures, a few cells at once, into dir: each cell's
// two pictures at one scale, the one at which the larger fits PictureSize,
// so that the migration's shrink shows. A picture that cannot be drawn gets
// its error instead; only a file that cannot be written or a cancelled ctx
// fail the whole.
func drawAll(ctx context.Context, dir string, pairs []pair) error {
	libs := &libraries{libs: map[string]*libEntry{}}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, pr := range pairs {
		g.Go(func() error {
			var pics []*render.Picture
			var jobs []*job
			for _, j := range []*job{pr.source, pr.migrated} {
				if err := ctx.Err(); err != nil {
					return err
				}
				if j == nil {
					continue
				}
				if pic := prepare(libs, j); pic != nil {
					pics, jobs = append(pics, pic), append(jobs, j)
				}
			}
			if len(pics) == 2 {
				scale := math.Min(pics[0].View.PixelsPerMicron(), pics[1].View.PixelsPerMicron())
				for _, pic := range pics {
					if err := pic.SetScale(scale); err != nil {
						return err // smaller than they are: cannot fail
					}
				}
			}
			for i, pic := range pics {
				j := jobs[i]
				if err := pic.WriteFile(filepath.Join(dir, filepath.FromSlash(j.file))); err != nil {
					return err
				}
				j.out.Src, j.out.Markers = j.file, pic.Markers()
			}
			return nil
		})
	}
	return g.Wait()
}

// prepare reads and lays out one picture, or records why it cannot.
func prepare(libs *libraries, j *job) *render.Picture {
	lib, err := libs.get(j.gdsPath)
	if err != nil {
		j.out.Error = err.Error()
		return nil
	}
	opt := render.Options{Cell: j.cell, Markers: j.markers, Size: PictureSize}
	if j.tech != nil {
		opt.Layers = render.FromTech(j.tech)
	}
	pic, err := render.New(lib, opt)
	if err != nil {
		j.out.Error = err.Error()
		return nil
	}
	return pic
}
