package render

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/layoutmig/layoutmig/internal/atomicfile"
)

// WriteFile writes the picture to path as PNG or SVG, by the extension
// (.png, .svg), atomically: readers see the old file or the whole new one.
func (p *Picture) WriteFile(path string) error {
	var write func(io.Writer) error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		write = p.WritePNG
	case ".svg":
		write = p.WriteSVG
	default:
		return fmt.Errorf("render: %s: unknown picture format %q (want .png or .svg)", path, filepath.Ext(path))
	}
	err := atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("render: writing %s: %w", path, err)
	}
	return nil
}
