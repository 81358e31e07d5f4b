package batch

import (
	"sync"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// libCache reads each input file once and holds its library while cells of
// it remain to be done, so a library file with many top cells is read once,
// not once per cell. The library is shared by the cells' workers, which
// must not change it.
type libCache struct {
	mu    sync.Mutex
	files map[string]*cachedLib
}

type cachedLib struct {
	once sync.Once
	lib  *layout.Library
	err  error
	left int // cells of the file not done yet
}

// newLibCache expects each item to be got at most once and done once.
func newLibCache(items []Item) *libCache {
	c := &libCache{files: map[string]*cachedLib{}}
	for _, it := range items {
		e := c.files[it.File]
		if e == nil {
			e = &cachedLib{}
			c.files[it.File] = e
		}
		e.left++
	}
	return c
}

// get returns the library of file, reading it on first use.
func (c *libCache) get(file string) (*layout.Library, error) {
	c.mu.Lock()
	e := c.files[file]
	c.mu.Unlock()
	if e == nil { // not announced: read it for this cell alone
		return gds.ReadFile(file, gds.ReadOptions{FileName: file, Workers: 1})
	}
	e.once.Do(func() {
		e.lib, e.err = gds.ReadFile(file, gds.ReadOptions{FileName: file, Workers: 1})
	})
	return e.lib, e.err
}

// done says one cell of file is done; the last one lets its library go.
func (c *libCache) done(file string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.files[file]; e != nil {
		if e.left--; e.left <= 0 {
			delete(c.files, file)
		}
	}
}

// cached says how many files are held (for tests).
func (c *libCache) cached() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.files {
		if e.lib != nil {
			n++
		}
	}
	return n
}
