// Package atomicfile writes files so that readers see either the old content
// or the complete new content, never a half-written file: the data goes to a
// temporary file in the destination's folder, which is renamed over the
// destination only after everything was written and closed.
//
// We write our own instead of using github.com/google/renameio because
// renameio always calls fsync, which costs a large share of the time of
// writing a big layout and which KLayout and most EDA tools do not pay;
// Sync makes it a choice. Without Sync the file is still never half-written
// after a crash of the process; Sync adds durability against power loss.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Options tune Write.
type Options struct {
	// Sync flushes the file to stable storage before the rename.
	Sync bool
	// Perm is the mode of a new file (default 0644, less the umask as
	// os.OpenFile applies it); an existing file keeps its mode.
	Perm os.FileMode
}

// Write creates or replaces path with what fill writes. If fill or any step
// fails, path is untouched and the temporary file is removed.
func Write(path string, opt Options, fill func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	perm := opt.Perm
	if perm == 0 {
		perm = 0o644
	}
	if st, err := os.Stat(path); err == nil {
		perm = st.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = fill(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if opt.Sync {
		if err = f.Sync(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if opt.Sync {
		if d, derr := os.Open(dir); derr == nil {
			d.Sync()
			d.Close()
		}
	}
	return nil
}
