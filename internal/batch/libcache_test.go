package batch

import (
	"path/filepath"
	"sync"
	"testing"
)

func TestLibCacheReadsEachFileOnce(t *testing.T) {
	dir := t.TempDir()
	multi := writeLib(t, dir, "multi.gds", cellLib("multi", 50, "A", "B", "C"))
	single := writeLib(t, dir, "single.gds", cellLib("single", 50, "D"))
	items := []Item{{Name: "A", File: multi}, {Name: "B", File: multi}, {Name: "C", File: multi}, {Name: "D", File: single}}
	c := newLibCache(items)

	got := make([]any, 3)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			lib, err := c.get(multi)
			if err != nil {
				t.Error(err)
			}
			got[i] = lib
		})
	}
	wg.Wait()
	if got[0] == nil || got[0] != got[1] || got[1] != got[2] {
		t.Fatalf("three cells of one file got %p %p %p, want one library", got[0], got[1], got[2])
	}
	if n := c.cached(); n != 1 {
		t.Errorf("%d files held, want 1", n)
	}
	c.done(multi)
	c.done(multi)
	if n := c.cached(); n != 1 {
		t.Errorf("with a cell of it left: %d files held, want 1", n)
	}
	c.done(multi)
	if n := c.cached(); n != 0 {
		t.Errorf("all its cells done: %d files held, want 0", n)
	}
	if _, err := c.get(filepath.Join(dir, "none.gds")); err == nil {
		t.Error("a missing file: no error")
	}
	if lib, err := c.get(single); err != nil || lib.Cell("D") == nil {
		t.Errorf("single.gds: %v", err)
	}
}
