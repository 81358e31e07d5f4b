// Package demo holds the embedded demo layout that the command line offers
// as the input name "@demo", and a small hand-drawn layout for tests
// (Sketch).
//
// The demo is a gf180mcu-style standard-cell library of three top cells,
// INV_X1, NAND2_X1 and BUF_X8 (a flip-flop-sized buffer with columns of
// contacts on wide diffusion), drawn like the cells of
// gf180mcu_fd_sc_mcu7t5v0 and clean under the gf180mcu technology. It is the
// GDSII file demo.gds beside this file, embedded in the binary; the program
// that draws it lives in testdata/democells at the root of the repository
// (go generate in this folder runs it), and the tests check that the file
// is what that program draws, that it is DRC-clean and that its cells keep
// their nets when migrated. Package demo owns these layouts and nothing
// else.
package demo

//go:generate go run ../../testdata/democells -o demo.gds

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// GDS is the demo library as GDSII bytes (demo.gds).
//
//go:embed demo.gds
var GDS []byte

// Name is the library name of the demo layout.
const Name = "LAYOUTMIG_DEMO"

// Cells are the demo's cells, all top cells, in file order.
var Cells = []string{"INV_X1", "NAND2_X1", "BUF_X8"}

// Library returns a new copy of the demo library, read from the embedded
// GDSII; callers may change it.
func Library() *layout.Library {
	lib, err := gds.Read(bytes.NewReader(GDS), gds.ReadOptions{FileName: "@demo"})
	if err != nil {
		// The file is embedded at build time and checked by the tests.
		panic(fmt.Sprintf("demo: the embedded demo.gds does not read: %v", err))
	}
	return lib
}
