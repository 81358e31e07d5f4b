package gds

import (
	"bytes"
	"io"
	"os"
	"sync"
	"testing"
)

// The benchmarks read the flat benchmark sheet that `go run ./bench/mksheet`
// writes to bench/out (about 415 MB, 5.6 M shapes); they are skipped without
// it. BenchmarkReadPDK runs on the shared libraries instead.

var sheetOnce struct {
	sync.Once
	data []byte
}

func sheetBytes(b *testing.B) []byte {
	sheetOnce.Do(func() {
		sheetOnce.data, _ = os.ReadFile("../bench/out/sheet_flat.gds")
	})
	if sheetOnce.data == nil {
		b.Skip("bench/out/sheet_flat.gds not built (go run ./bench/mksheet)")
	}
	return sheetOnce.data
}

func BenchmarkReadSheet(b *testing.B) {
	data := sheetBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(data), ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadSheetOneWorker(b *testing.B) {
	data := sheetBytes(b)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(data), ReadOptions{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteSheet(b *testing.B) {
	data := sheetBytes(b)
	lib, err := Read(bytes.NewReader(data), ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := Write(io.Discard, lib); err != nil {
			b.Fatal(err)
		}
	}
}
