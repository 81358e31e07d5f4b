package batch

import (
	"fmt"
	"io"
	"sync"

	"github.com/schollz/progressbar/v3"
)

// NewBar returns a Progress that draws a bar with the count, the time
// spent and the time left on w (a terminal); the bar is cleared when all
// cells are done.
func NewBar(w io.Writer) Progress { return &bar{w: w} }

type bar struct {
	w   io.Writer
	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

func (b *bar) Start(total int) {
	b.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription("batch"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	)
}

func (b *bar) Done(r Row, skipped bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.bar.Add(1)
}

func (b *bar) Finish() {
	_ = b.bar.Finish()
}

// NewLines returns a Progress that prints one plain line per cell on w
// (for logs, off a terminal).
func NewLines(w io.Writer) Progress { return &lines{w: w} }

type lines struct {
	w           io.Writer
	mu          sync.Mutex
	done, total int
}

func (l *lines) Start(total int) { l.total = total }

func (l *lines) Done(r Row, skipped bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done++
	what := fmt.Sprintf("%s, %d violations, %.2fs", r.Status, r.Violations, r.Elapsed)
	if skipped {
		what = "up to date, skipped (" + r.Status + ")"
	}
	if r.Error != "" && !skipped {
		what += ": " + r.Error
	}
	fmt.Fprintf(l.w, "batch: [%d/%d] %s: %s\n", l.done, l.total, r.Cell, what)
}

func (l *lines) Finish() {}
