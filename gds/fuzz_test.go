package gds

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
)

// fuzzReadOptions read small inputs in one block, as the default 2 MiB
// blocks would, without allocating 2 MiB for each of them.
var fuzzReadOptions = ReadOptions{Workers: 1, BlockSize: 8 << 10}

// checkRoundTrip writes lib, reads the bytes back and checks that the
// library read is the one written: structurally equal, and writing it again
// gives the same bytes.
func checkRoundTrip(t testing.TB, lib *layout.Library) {
	t.Helper()
	var first bytes.Buffer
	if err := Write(&first, lib); err != nil {
		t.Fatalf("Write of a library Read accepted: %v", err)
	}
	back, err := Read(bytes.NewReader(first.Bytes()), fuzzReadOptions)
	if err != nil {
		t.Fatalf("Read of Write's output: %v", err)
	}
	if d := diffLibraries(lib, back); d != "" {
		// The writer canonicalises a few things the reader keeps as read
		// (record order of library extras); the bytes must still agree.
		t.Logf("read back differs structurally: %s", d)
	}
	var second bytes.Buffer
	if err := Write(&second, back); err != nil {
		t.Fatalf("second Write: %v", err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("write, read, write is not stable: %d bytes then %d", first.Len(), second.Len())
	}
}

// fuzzSeedFiles are a few small real libraries of different origins.
var fuzzSeedFiles = []string{
	"sky130/sky130_fd_sc_hd/sky130_fd_sc_hd__fill_1.gds",
	"sky130/sky130_fd_sc_hd/sky130_fd_sc_hd__inv_1.gds",
	"gf180mcu/gf180mcu_fd_sc_mcu7t5v0/gf180mcu_fd_sc_mcu7t5v0__antenna.gds",
	"gf180mcu/gf180mcu_fd_sc_mcu7t5v0/gf180mcu_fd_sc_mcu7t5v0__inv_1.gds",
}

// FuzzRead feeds arbitrary bytes to the reader. Read must never panic; what
// it accepts must be written, read back and written again to the same bytes;
// and cutting the input into small blocks decoded by several workers must
// give the same library or the same error.
func FuzzRead(f *testing.F) {
	if root := shareddata.Root(); root != "" {
		for _, name := range fuzzSeedFiles {
			if data, err := os.ReadFile(root + "/pdk/" + name); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add(smallValidFile())
	f.Add(writeBytesF(f, everyKindLibrary()))
	for _, tc := range hostileCases {
		g := &gdsBuilder{}
		tc.build(g)
		f.Add(g.b)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, data) })
}

// fuzzCheck is FuzzRead's property, shared with the named regression rows:
// it reports whether the input was read.
func fuzzCheck(t testing.TB, data []byte) bool {
	t.Helper()
	lib, err := Read(bytes.NewReader(data), fuzzReadOptions)
	alt, altErr := Read(bytes.NewReader(data), ReadOptions{Workers: 3, BlockSize: 64})
	if (err == nil) != (altErr == nil) {
		t.Fatalf("one worker, one block: %v; three workers, 64-byte blocks: %v", err, altErr)
	}
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("error %v (%T) is not a *FormatError", err, err)
		}
		if fe.Offset < 0 || fe.Offset > int64(len(data)) {
			t.Fatalf("error offset 0x%x outside the %d-byte input: %v", fe.Offset, len(data), err)
		}
		if err.Error() != altErr.Error() {
			t.Fatalf("the error depends on the block size:\n%v\n%v", err, altErr)
		}
		return false
	}
	if d := diffLibraries(lib, alt); d != "" {
		t.Fatalf("the library depends on the block size: %s", d)
	}
	checkRoundTrip(t, lib)
	return true
}

func writeBytesF(f *testing.F, lib *layout.Library) []byte {
	var buf bytes.Buffer
	if err := Write(&buf, lib); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}
