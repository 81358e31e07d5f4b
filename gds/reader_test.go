package gds

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/internal/shareddata"
	"github.com/layoutmig/layoutmig/layout"
)

// gdsBuilder writes GDSII records by hand, including malformed ones, so that
// every hostile input of the tests below is visible in code.
type gdsBuilder struct{ b []byte }

// off is the offset the next record will have.
func (g *gdsBuilder) off() int64 { return int64(len(g.b)) }

// rec appends a record with an honest length.
func (g *gdsBuilder) rec(rt RecordType, dt DataType, data []byte) {
	g.b = binary.BigEndian.AppendUint16(g.b, uint16(headerSize+len(data)))
	g.b = append(g.b, byte(rt), byte(dt))
	g.b = append(g.b, data...)
}

// header appends a bare record header with whatever length it is told.
func (g *gdsBuilder) header(length int, rt RecordType, dt DataType) {
	g.b = binary.BigEndian.AppendUint16(g.b, uint16(length))
	g.b = append(g.b, byte(rt), byte(dt))
}

func (g *gdsBuilder) empty(rt RecordType) { g.rec(rt, NoData, nil) }

func (g *gdsBuilder) i2(rt RecordType, vs ...int16) {
	var d []byte
	for _, v := range vs {
		d = binary.BigEndian.AppendUint16(d, uint16(v))
	}
	g.rec(rt, Int2, d)
}

func (g *gdsBuilder) i4(rt RecordType, vs ...int32) {
	var d []byte
	for _, v := range vs {
		d = binary.BigEndian.AppendUint32(d, uint32(v))
	}
	g.rec(rt, Int4, d)
}

func (g *gdsBuilder) r8(rt RecordType, vs ...float64) {
	var d []byte
	for _, v := range vs {
		bits, err := EncodeReal8(v)
		if err != nil {
			panic(err)
		}
		d = binary.BigEndian.AppendUint64(d, bits)
	}
	g.rec(rt, Real8, d)
}

func (g *gdsBuilder) str(rt RecordType, s string) {
	d := []byte(s)
	if len(d)%2 == 1 {
		d = append(d, 0)
	}
	g.rec(rt, ASCII, d)
}

// lib starts a library: HEADER, BGNLIB, LIBNAME, UNITS (1 nm in µm).
func (g *gdsBuilder) lib() {
	g.i2(HEADER, 600)
	g.i2(BGNLIB, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
	g.str(LIBNAME, "LIB")
	g.r8(UNITS, 0.001, 1e-9)
}

func (g *gdsBuilder) bgnstr(name string) {
	g.i2(BGNSTR, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
	g.str(STRNAME, name)
}

func (g *gdsBuilder) endstr() { g.empty(ENDSTR) }
func (g *gdsBuilder) endlib() { g.empty(ENDLIB) }

// rect appends a BOUNDARY rectangle on layer/datatype.
func (g *gdsBuilder) rect(layer, dtype int16, x0, y0, x1, y1 int32) {
	g.empty(BOUNDARY)
	g.i2(LAYER, layer)
	g.i2(DATATYPE, dtype)
	g.i4(XY, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
	g.empty(ENDEL)
}

func (g *gdsBuilder) sref(name string, x, y int32) {
	g.empty(SREF)
	g.str(SNAME, name)
	g.i4(XY, x, y)
	g.empty(ENDEL)
}

// cell appends a whole structure with one rectangle and the given
// references.
func (g *gdsBuilder) cell(name string, refs ...string) {
	g.bgnstr(name)
	g.rect(1, 0, 0, 0, 100, 100)
	for _, r := range refs {
		g.sref(r, 0, 0)
	}
	g.endstr()
}

// smallValidFile is a library of two cells with one element of every kind.
func smallValidFile() []byte {
	g := &gdsBuilder{}
	g.lib()
	g.bgnstr("LEAF")
	g.rect(1, 0, 0, 0, 100, 200)
	g.empty(PATH)
	g.i2(LAYER, 2)
	g.i2(DATATYPE, 0)
	g.i2(PATHTYPE, 4)
	g.i4(WIDTH, 20)
	g.i4(BGNEXTN, 5)
	g.i4(ENDEXTN, 7)
	g.i4(XY, 0, 0, 100, 0, 100, 100)
	g.empty(ENDEL)
	g.empty(TEXT)
	g.i2(LAYER, 3)
	g.i2(TEXTTYPE, 0)
	g.i4(XY, 50, 50)
	g.str(STRING, "VDD")
	g.empty(ENDEL)
	g.empty(BOX)
	g.i2(LAYER, 4)
	g.i2(BOXTYPE, 1)
	g.i4(XY, 0, 0, 10, 0, 10, 10, 0, 10, 0, 0)
	g.empty(ENDEL)
	g.empty(NODE)
	g.i2(LAYER, 5)
	g.i2(NODETYPE, 2)
	g.i4(XY, 1, 1)
	g.empty(ENDEL)
	g.endstr()
	g.bgnstr("TOP")
	g.sref("LEAF", 0, 0)
	g.empty(AREF)
	g.str(SNAME, "LEAF")
	g.i2(COLROW, 2, 3)
	g.i4(XY, 0, 0, 400, 0, 0, 900)
	g.empty(ENDEL)
	g.endstr()
	g.endlib()
	return g.b
}

// wantErr is what a hostile input must produce.
type wantErr struct {
	off    int64
	rec    RecordType
	hasRec bool
	cell   string
	msg    string // a fragment of the message
}

// checkFormatError checks that err is a *FormatError matching w.
func checkFormatError(t *testing.T, err error, w wantErr) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *FormatError", err, err)
	}
	if fe.Offset != w.off || fe.Record != w.rec || fe.HasRecord != w.hasRec || fe.Cell != w.cell || !strings.Contains(fe.Msg, w.msg) {
		t.Errorf("got  offset 0x%x, record %v (has %v), cell %q, %q\nwant offset 0x%x, record %v (has %v), cell %q, message containing %q",
			fe.Offset, fe.Record, fe.HasRecord, fe.Cell, fe.Msg, w.off, w.rec, w.hasRec, w.cell, w.msg)
	}
	if fe.File != "hostile.gds" {
		t.Errorf("FormatError.File = %q, want the file name given in ReadOptions", fe.File)
	}
	if !strings.HasPrefix(fe.Error(), "hostile.gds: ") {
		t.Errorf("message %q does not start with the file name", fe.Error())
	}
}

// hostileCases are malformed inputs, one row per fault a CAD engineer would
// name. build writes the input and returns the error it must give.
var hostileCases = []struct {
	name  string
	build func(g *gdsBuilder) wantErr
}{
	{"empty input", func(g *gdsBuilder) wantErr {
		return wantErr{0, 0, false, "", "empty input"}
	}},
	{"text file, not GDS", func(g *gdsBuilder) wantErr {
		g.b = []byte("module foo(input a, output y);\nendmodule\n")
		return wantErr{0, 0x64, true, "", "not a GDSII stream"}
	}},
	{"PDF file, not GDS", func(g *gdsBuilder) wantErr {
		g.b = []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
		return wantErr{0, 0x44, true, "", "not a GDSII stream"}
	}},
	{"zeros, not GDS", func(g *gdsBuilder) wantErr {
		g.b = make([]byte, 64)
		return wantErr{0, 0, false, "", "not a GDSII stream"}
	}},
	{"stream starting with BGNLIB", func(g *gdsBuilder) wantErr {
		g.i2(BGNLIB, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
		return wantErr{0, BGNLIB, true, "", "must start with HEADER"}
	}},
	{"HEADER without version", func(g *gdsBuilder) wantErr {
		g.rec(HEADER, Int2, nil)
		return wantErr{0, HEADER, true, "", "HEADER without version"}
	}},
	{"second HEADER", func(g *gdsBuilder) wantErr {
		g.lib()
		at := g.off()
		g.i2(HEADER, 600)
		return wantErr{at, HEADER, true, "", "second HEADER"}
	}},
	{"BGNLIB with one timestamp", func(g *gdsBuilder) wantErr {
		g.i2(HEADER, 600)
		g.i2(BGNLIB, 2024, 1, 2, 3, 4, 5)
		return wantErr{6, BGNLIB, true, "", "want 24"}
	}},
	{"UNITS with a zero database unit", func(g *gdsBuilder) wantErr {
		g.i2(HEADER, 600)
		g.i2(BGNLIB, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.r8(UNITS, 0.001, 0)
		return wantErr{at, UNITS, true, "", "UNITS must be positive"}
	}},
	{"UNITS with a negative user unit", func(g *gdsBuilder) wantErr {
		g.i2(HEADER, 600)
		g.i2(BGNLIB, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.r8(UNITS, -0.001, 1e-9)
		return wantErr{at, UNITS, true, "", "UNITS must be positive"}
	}},
	{"UNITS with one real", func(g *gdsBuilder) wantErr {
		g.i2(HEADER, 600)
		g.i2(BGNLIB, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.r8(UNITS, 0.001)
		return wantErr{at, UNITS, true, "", "want 16"}
	}},
	{"structure before UNITS", func(g *gdsBuilder) wantErr {
		g.i2(HEADER, 600)
		g.i2(BGNLIB, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.bgnstr("A")
		return wantErr{at, BGNSTR, true, "", "before BGNLIB and UNITS"}
	}},
	{"odd record length", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.header(7, LAYER, Int2)
		g.b = append(g.b, 0, 1, 2)
		return wantErr{at, LAYER, false, "TOP", "odd record length 7"}
	}},
	{"record length 2, shorter than its header", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.header(2, BOUNDARY, NoData)
		g.rect(1, 0, 0, 0, 1, 1)
		return wantErr{at, BOUNDARY, false, "TOP", "shorter than its 4-byte header"}
	}},
	{"record length 0 inside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.header(0, 0, 0)
		g.b = append(g.b, make([]byte, 16)...)
		return wantErr{at, 0, false, "TOP", "shorter than its 4-byte header"}
	}},
	{"unknown record type 0x3c", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.rec(0x3C, Int2, []byte{0, 0})
		return wantErr{at, 0x3C, false, "TOP", "unknown record type 0x3c"}
	}},
	{"unknown record type 0xff in an element", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(BOUNDARY)
		at := g.off()
		g.rec(0xFF, NoData, nil)
		return wantErr{at, 0xFF, false, "TOP", "unknown record type 0xff"}
	}},
	{"LAYER as a 4-byte integer", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(BOUNDARY)
		at := g.off()
		g.i4(LAYER, 1)
		return wantErr{at, LAYER, true, "TOP", "data type 3, want 2"}
	}},
	{"XY as 2-byte integers", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		at := g.off()
		g.i2(XY, 0, 0, 1, 1)
		return wantErr{at, XY, true, "TOP", "data type 2, want 3"}
	}},
	{"STRNAME as a real", func(g *gdsBuilder) wantErr {
		g.lib()
		g.i2(BGNSTR, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.r8(STRNAME, 1)
		return wantErr{at, STRNAME, true, "", "data type 5, want 6"}
	}},
	{"ENDEL carrying data", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		g.i4(XY, 0, 0, 1, 0, 0, 1, 0, 0)
		at := g.off()
		g.rec(ENDEL, NoData, []byte{0, 0})
		return wantErr{at, ENDEL, true, "TOP", "carries 2 data bytes"}
	}},
	{"XY of 6 bytes", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(BOUNDARY)
		at := g.off()
		g.rec(XY, Int4, make([]byte, 6))
		return wantErr{at, XY, true, "TOP", "not a whole number of 4-byte values"}
	}},
	{"XY of one and a half points", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		xy := g.off()
		g.i4(XY, 0, 0, 1)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		_ = at
		return wantErr{xy, XY, true, "TOP", "not a whole number of points"}
	}},
	{"SREF with 2 points", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		at := g.off()
		g.empty(SREF)
		g.str(SNAME, "A")
		g.i4(XY, 0, 0, 10, 10)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, SREF, true, "TOP", "SREF with 2 points, want 1"}
	}},
	{"SREF without SNAME", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(SREF)
		g.i4(XY, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, SREF, true, "TOP", "SREF without SNAME"}
	}},
	{"SREF with an empty SNAME", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(SREF)
		at := g.off()
		g.str(SNAME, "")
		g.i4(XY, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, SNAME, true, "TOP", "empty structure name"}
	}},
	{"SREF with COLROW", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		g.empty(SREF)
		g.str(SNAME, "A")
		at := g.off()
		g.i2(COLROW, 2, 2)
		g.i4(XY, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, COLROW, true, "TOP", "COLROW does not belong in a SREF"}
	}},
	{"BOX with 4 points", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(BOX)
		g.i2(LAYER, 1)
		g.i2(BOXTYPE, 0)
		g.i4(XY, 0, 0, 1, 0, 1, 1, 0, 1)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, BOX, true, "TOP", "BOX with 4 points, want 5"}
	}},
	{"TEXT without STRING", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(TEXT)
		g.i2(LAYER, 1)
		g.i2(TEXTTYPE, 0)
		g.i4(XY, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, TEXT, true, "TOP", "TEXT without STRING"}
	}},
	{"TEXT with 2 points", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(TEXT)
		g.i2(LAYER, 1)
		g.i2(TEXTTYPE, 0)
		g.i4(XY, 0, 0, 5, 5)
		g.str(STRING, "A")
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, TEXT, true, "TOP", "TEXT with 2 points, want 1"}
	}},
	{"TEXT with two XY records", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(TEXT)
		g.i2(LAYER, 1)
		g.i2(TEXTTYPE, 0)
		g.i4(XY, 0, 0)
		at := g.off()
		g.i4(XY, 0, 0)
		g.str(STRING, "A")
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, XY, true, "TOP", "second XY record in a TEXT"}
	}},
	{"NODE with 51 points", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(NODE)
		g.i2(LAYER, 1)
		g.i2(NODETYPE, 0)
		g.i4(XY, make([]int32, 102)...)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, NODE, true, "TOP", "NODE with 51 points"}
	}},
	{"AREF with 2 points", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		at := g.off()
		g.empty(AREF)
		g.str(SNAME, "A")
		g.i2(COLROW, 2, 2)
		g.i4(XY, 0, 0, 10, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, AREF, true, "TOP", "AREF with 2 points, want 3"}
	}},
	{"AREF without COLROW", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		at := g.off()
		g.empty(AREF)
		g.str(SNAME, "A")
		g.i4(XY, 0, 0, 10, 0, 0, 10)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, AREF, true, "TOP", "AREF without COLROW"}
	}},
	{"AREF with 0 columns", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		g.empty(AREF)
		g.str(SNAME, "A")
		at := g.off()
		g.i2(COLROW, 0, 3)
		g.i4(XY, 0, 0, 0, 0, 0, 30)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, COLROW, true, "TOP", "0 columns and 3 rows"}
	}},
	{"AREF with -5 rows", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		g.empty(AREF)
		g.str(SNAME, "A")
		at := g.off()
		g.i2(COLROW, 1, -5)
		g.i4(XY, 0, 0, 10, 0, 0, 30)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, COLROW, true, "TOP", "-5 rows"}
	}},
	{"AREF whose column pitch overflows 32 bits", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		at := g.off()
		g.empty(AREF)
		g.str(SNAME, "A")
		g.i2(COLROW, 1, 1)
		g.i4(XY, math.MaxInt32, 0, math.MinInt32, 0, math.MaxInt32, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, AREF, true, "TOP", "does not fit"}
	}},
	{"PATH of path type 3", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(PATH)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		at := g.off()
		g.i2(PATHTYPE, 3)
		g.i4(XY, 0, 0, 10, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, PATHTYPE, true, "TOP", "path type 3"}
	}},
	{"BOUNDARY without LAYER", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(BOUNDARY)
		g.i2(DATATYPE, 0)
		g.i4(XY, 0, 0, 1, 0, 0, 1, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, BOUNDARY, true, "TOP", "without LAYER"}
	}},
	{"BOUNDARY without XY", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, BOUNDARY, true, "TOP", "element without XY"}
	}},
	{"BOUNDARY with an empty XY", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		g.i4(XY)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, BOUNDARY, true, "TOP", "BOUNDARY without points"}
	}},
	{"magnification 0", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		g.empty(SREF)
		g.str(SNAME, "A")
		g.rec(STRANS, BitArray, []byte{0, 0})
		at := g.off()
		g.r8(MAG, 0)
		g.i4(XY, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, MAG, true, "TOP", "magnification 0 must be positive"}
	}},
	{"magnification 16^63, beyond what GDSII can write back", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		g.empty(SREF)
		g.str(SNAME, "A")
		at := g.off()
		g.rec(MAG, Real8, []byte{0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})
		g.i4(XY, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, MAG, true, "TOP", "magnification"}
	}},
	{"angle 1e300 degrees", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		g.empty(SREF)
		g.str(SNAME, "A")
		at := g.off()
		g.rec(ANGLE, Real8, []byte{0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0})
		g.i4(XY, 0, 0)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, ANGLE, true, "TOP", "out of range"}
	}},
	{"PROPVALUE without PROPATTR", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		g.i4(XY, 0, 0, 1, 0, 0, 1, 0, 0)
		at := g.off()
		g.str(PROPVALUE, "net")
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, PROPVALUE, true, "TOP", "PROPVALUE without PROPATTR"}
	}},
	{"PROPATTR left without PROPVALUE", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		g.i4(XY, 0, 0, 1, 0, 0, 1, 0, 0)
		g.i2(PROPATTR, 1)
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return wantErr{at, BOUNDARY, true, "TOP", "PROPATTR without PROPVALUE"}
	}},
	{"element not closed by ENDEL", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		g.i4(XY, 0, 0, 1, 0, 0, 1, 0, 0)
		at := g.off()
		g.endstr()
		g.endlib()
		return wantErr{at, ENDSTR, true, "TOP", "not closed by ENDEL"}
	}},
	{"element followed by another element without ENDEL", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		start := g.off()
		g.empty(PATH)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		at := g.off()
		g.rect(1, 0, 0, 0, 1, 1)
		return wantErr{at, BOUNDARY, true, "TOP", fmt.Sprintf("element started at offset 0x%x", start)}
	}},
	{"ENDEL outside an element", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.empty(ENDEL)
		return wantErr{at, ENDEL, true, "TOP", "unexpected ENDEL outside an element"}
	}},
	{"LAYER outside an element", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.i2(LAYER, 1)
		return wantErr{at, LAYER, true, "TOP", "unexpected LAYER"}
	}},
	{"element outside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		at := g.off()
		g.rect(1, 0, 0, 0, 1, 1)
		return wantErr{at, BOUNDARY, true, "", "element outside a structure"}
	}},
	{"element before STRNAME", func(g *gdsBuilder) wantErr {
		g.lib()
		g.i2(BGNSTR, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.rect(1, 0, 0, 0, 1, 1)
		return wantErr{at, BOUNDARY, true, "", "element before STRNAME"}
	}},
	{"structure without STRNAME", func(g *gdsBuilder) wantErr {
		g.lib()
		g.i2(BGNSTR, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.endstr()
		return wantErr{at, ENDSTR, true, "", "structure without STRNAME"}
	}},
	{"empty STRNAME", func(g *gdsBuilder) wantErr {
		g.lib()
		g.i2(BGNSTR, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.str(STRNAME, "")
		return wantErr{at, STRNAME, true, "", "empty structure name"}
	}},
	{"LIBNAME inside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		at := g.off()
		g.str(LIBNAME, "OTHER")
		g.rect(1, 0, 0, 0, 1, 1)
		g.endstr()
		g.endlib()
		return wantErr{at, LIBNAME, true, "TOP", "library record inside a structure"}
	}},
	{"UNITS inside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.rect(1, 0, 0, 0, 1, 1)
		at := g.off()
		g.r8(UNITS, 1, 1e-6)
		g.endstr()
		g.endlib()
		return wantErr{at, UNITS, true, "TOP", "library record inside a structure"}
	}},
	{"ENDSTR missing before the next BGNSTR", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("A")
		g.rect(1, 0, 0, 0, 1, 1)
		at := g.off()
		g.cell("B")
		g.endlib()
		return wantErr{at, BGNSTR, true, "A", "BGNSTR before ENDSTR"}
	}},
	{"ENDSTR missing before ENDLIB", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("A")
		g.rect(1, 0, 0, 0, 1, 1)
		at := g.off()
		g.endlib()
		return wantErr{at, ENDLIB, true, "A", "missing ENDSTR"}
	}},
	{"ENDSTR outside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		at := g.off()
		g.endstr()
		return wantErr{at, ENDSTR, true, "", "ENDSTR outside a structure"}
	}},
	{"ENDLIB missing", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		return wantErr{g.off(), 0, false, "", "input ends without ENDLIB"}
	}},
	{"input ends inside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("A")
		g.rect(1, 0, 0, 0, 1, 1)
		return wantErr{g.off(), 0, false, "A", "input ends without ENDLIB"}
	}},
	{"ENDLIB before BGNLIB", func(g *gdsBuilder) wantErr {
		g.i2(HEADER, 600)
		at := g.off()
		g.endlib()
		return wantErr{at, ENDLIB, true, "", "library without BGNLIB or UNITS"}
	}},
	{"header cut in half at the end", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		at := g.off()
		g.b = append(g.b, 0, 4)
		return wantErr{at, 0, false, "", "truncated record header (2 bytes"}
	}},
	{"record claiming 65534 bytes at the end of a short file", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("A")
		g.empty(BOUNDARY)
		at := g.off()
		g.header(65534, PROPVALUE, ASCII)
		g.b = append(g.b, "net1"...)
		return wantErr{at, PROPVALUE, true, "A", "record of 65534 bytes truncated"}
	}},
	{"reference to an undefined cell", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		g.rect(1, 0, 0, 0, 1, 1)
		at := g.off()
		g.sref("NOPE", 0, 0)
		g.endstr()
		g.endlib()
		return wantErr{at, SREF, true, "TOP", `undefined cell "NOPE"`}
	}},
	{"array of an undefined cell", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("TOP")
		g.sref("TOP2", 0, 0)
		at := g.off()
		g.empty(AREF)
		g.str(SNAME, "NOPE")
		g.i2(COLROW, 2, 2)
		g.i4(XY, 0, 0, 20, 0, 0, 20)
		g.empty(ENDEL)
		g.endstr()
		g.cell("TOP2")
		g.endlib()
		return wantErr{at, AREF, true, "TOP", `undefined cell "NOPE"`}
	}},
	{"cell defined twice", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("A")
		g.cell("B")
		g.i2(BGNSTR, 2024, 1, 2, 3, 4, 5, 2024, 1, 2, 3, 4, 5)
		at := g.off()
		g.str(STRNAME, "A")
		g.endstr()
		g.endlib()
		return wantErr{at, STRNAME, true, "A", `structure "A" defined twice`}
	}},
	{"second STRNAME in a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("A")
		at := g.off()
		g.str(STRNAME, "B")
		return wantErr{at, STRNAME, true, "A", "second STRNAME"}
	}},
	{"cycle A -> B -> A", func(g *gdsBuilder) wantErr {
		g.lib()
		at := g.off()
		g.cell("A", "B")
		g.cell("B", "A")
		g.endlib()
		return wantErr{at, BGNSTR, true, "A", "cycle in the cell hierarchy: A -> B -> A"}
	}},
	{"cycle below a top cell", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("TOP", "B")
		at := g.off()
		g.cell("B", "C")
		g.cell("C", "D")
		g.cell("D", "B")
		g.endlib()
		return wantErr{at, BGNSTR, true, "B", "B -> C -> D -> B"}
	}},
	{"cell placing itself", func(g *gdsBuilder) wantErr {
		g.lib()
		g.cell("LEAF")
		at := g.off()
		g.cell("SELF", "LEAF", "SELF")
		g.endlib()
		return wantErr{at, BGNSTR, true, "SELF", "SELF -> SELF"}
	}},
	{"library record inside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		g.bgnstr("A")
		at := g.off()
		g.str(REFLIBS, "X")
		return wantErr{at, REFLIBS, true, "A", "library record inside a structure"}
	}},
	{"STRCLASS outside a structure", func(g *gdsBuilder) wantErr {
		g.lib()
		at := g.off()
		g.rec(STRCLASS, BitArray, []byte{0, 1})
		return wantErr{at, STRCLASS, true, "", "STRCLASS outside a structure"}
	}},
}

func TestReadHostile(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			g := &gdsBuilder{}
			w := tc.build(g)
			for _, opt := range []ReadOptions{{}, {Workers: 1, BlockSize: 64}, {Workers: 3, BlockSize: 100}} {
				opt.FileName = "hostile.gds"
				lib, err := Read(bytes.NewReader(g.b), opt)
				if err == nil {
					t.Fatalf("%+v: read %d cells without error", opt, len(lib.Cells))
				}
				checkFormatError(t, err, w)
			}
		})
	}
}

// Every proper prefix of a valid file is an error, never a panic nor a
// silently shorter library; the whole file reads.
func TestReadTruncatedAtEveryByte(t *testing.T) {
	data := smallValidFile()
	if _, err := Read(bytes.NewReader(data), ReadOptions{}); err != nil {
		t.Fatalf("the whole file: %v", err)
	}
	for n := 0; n < len(data); n++ {
		for _, opt := range []ReadOptions{{Workers: 1}, {Workers: 2, BlockSize: 64}} {
			opt.FileName = "cut.gds"
			_, err := Read(bytes.NewReader(data[:n]), opt)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("cut at %d of %d, %+v: got %v, want a *FormatError", n, len(data), opt, err)
			}
			if fe.Offset > int64(n) {
				t.Errorf("cut at %d: error offset 0x%x lies beyond the input", n, fe.Offset)
			}
		}
	}
}

// Padding after ENDLIB is read over; anything else is a warning.
func TestReadAfterENDLIB(t *testing.T) {
	data := smallValidFile()
	padded := append(append([]byte(nil), data...), make([]byte, 2048-len(data)%2048)...)
	lib, err := Read(bytes.NewReader(padded), ReadOptions{})
	if err != nil || len(lib.Warnings) != 0 {
		t.Fatalf("zero padding: %v, warnings %q", err, lib.Warnings)
	}
	junk := append(append([]byte(nil), data...), "junk"...)
	lib, err = Read(bytes.NewReader(junk), ReadOptions{})
	if err != nil || len(lib.Warnings) != 1 || !strings.Contains(lib.Warnings[0], "4 non-zero bytes after ENDLIB") {
		t.Fatalf("junk after ENDLIB: %v, warnings %q", err, lib.Warnings)
	}
}

// A STRCLASS after the elements of a structure must not make the reader
// drop those elements.
func TestReadSTRCLASSAfterElements(t *testing.T) {
	g := &gdsBuilder{}
	g.lib()
	g.bgnstr("A")
	g.rect(1, 0, 0, 0, 10, 10)
	g.rect(1, 0, 20, 0, 30, 10)
	g.rec(STRCLASS, BitArray, []byte{0, 1})
	g.rect(2, 0, 0, 0, 10, 10)
	g.endstr()
	g.endlib()
	for _, opt := range []ReadOptions{{}, {Workers: 2, BlockSize: 64}} {
		lib, err := Read(bytes.NewReader(g.b), opt)
		if err != nil {
			t.Fatal(err)
		}
		c := lib.Cells[0]
		if got := c.Count().Polygons; got != 3 {
			t.Errorf("%+v: %d polygons, want 3", opt, got)
		}
		if len(c.Extra) != 1 || c.Extra[0].Type != uint8(STRCLASS) {
			t.Errorf("%+v: STRCLASS not kept: %+v", opt, c.Extra)
		}
	}
}

// Arrays stay arrays: a 32767 x 32767 AREF (a billion instances) costs one
// reference.
func TestReadHugeArrayStaysArray(t *testing.T) {
	g := &gdsBuilder{}
	g.lib()
	g.cell("A")
	g.bgnstr("TOP")
	g.empty(AREF)
	g.str(SNAME, "A")
	g.i2(COLROW, 32767, 32767)
	g.i4(XY, 0, 0, 32767*100, 0, 0, 32767*200)
	g.empty(ENDEL)
	g.endstr()
	g.endlib()
	var lib *layout.Library
	var err error
	allocs := testing.AllocsPerRun(5, func() {
		lib, err = Read(bytes.NewReader(g.b), ReadOptions{Workers: 2})
	})
	if err != nil {
		t.Fatal(err)
	}
	r := lib.Cell("TOP").Refs[0]
	if !r.IsArray || r.Cols != 32767 || r.Rows != 32767 || r.ColStep != (layout.Point{X: 100}) || r.RowStep != (layout.Point{Y: 200}) {
		t.Errorf("array read as %+v", r)
	}
	if allocs > 200 {
		t.Errorf("%v allocations to read one array: it must not be expanded", allocs)
	}
	var buf bytes.Buffer
	if err := Write(&buf, lib); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), g.b[:len(buf.Bytes())]) && buf.Len() > 2*len(g.b) {
		t.Errorf("the array wrote %d bytes", buf.Len())
	}
}

// absurdInputs are 1 MB inputs built to make a careless reader allocate far
// more than it read.
var absurdInputs = []struct {
	name  string
	build func(size int) []byte
	ok    bool // whether the input is valid GDSII
}{
	{"one BOUNDARY of a million XY records", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.bgnstr("A")
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		for len(g.b) < size {
			g.i4(XY, 1, 2)
		}
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return g.b
	}, true},
	{"an element never closed, of empty XY records", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.bgnstr("A")
		g.empty(BOUNDARY)
		for len(g.b) < size {
			g.i4(XY)
		}
		return g.b
	}, false},
	{"an element never closed, of 64 KB records", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.bgnstr("A")
		g.empty(BOUNDARY)
		for len(g.b) < size {
			g.rec(PROPVALUE, ASCII, make([]byte, 65530))
		}
		return g.b
	}, false},
	{"obsolete records in one element", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.bgnstr("A")
		g.empty(BOUNDARY)
		g.i2(LAYER, 1)
		g.i2(DATATYPE, 0)
		g.i4(XY, 0, 0, 1, 0, 0, 1, 0, 0)
		for len(g.b) < size {
			g.empty(TEXTNODE)
		}
		g.empty(ENDEL)
		g.endstr()
		g.endlib()
		return g.b
	}, true},
	{"tiny SREFs", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		for len(g.b) < size {
			g.sref("A", 1, 2)
		}
		g.endstr()
		g.endlib()
		return g.b
	}, true},
	{"tiny TEXTs", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.bgnstr("TOP")
		for len(g.b) < size {
			g.empty(TEXT)
			g.i2(LAYER, 1)
			g.i2(TEXTTYPE, 0)
			g.i4(XY, 1, 2)
			g.str(STRING, "A")
			g.empty(ENDEL)
		}
		g.endstr()
		g.endlib()
		return g.b
	}, true},
	{"one-point PATHs", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.bgnstr("TOP")
		for len(g.b) < size {
			g.empty(PATH)
			g.i2(LAYER, 1)
			g.i2(DATATYPE, 0)
			g.i4(XY, 1, 2)
			g.empty(ENDEL)
		}
		g.endstr()
		g.endlib()
		return g.b
	}, true},
	{"one-point BOUNDARYs", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.bgnstr("TOP")
		for len(g.b) < size {
			g.empty(BOUNDARY)
			g.i2(LAYER, 1)
			g.i2(DATATYPE, 0)
			g.i4(XY, 1, 2)
			g.empty(ENDEL)
		}
		g.endstr()
		g.endlib()
		return g.b
	}, true},
	{"empty structures", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		for i := 0; len(g.b) < size; i++ {
			g.bgnstr(fmt.Sprintf("%x", i))
			g.endstr()
		}
		g.endlib()
		return g.b
	}, true},
	{"inexact AREFs, each a warning", func(size int) []byte {
		g := &gdsBuilder{}
		g.lib()
		g.cell("A")
		g.bgnstr("TOP")
		for len(g.b) < size {
			g.empty(AREF)
			g.str(SNAME, "A")
			g.i2(COLROW, 3, 3)
			g.i4(XY, 0, 0, 10, 0, 0, 10)
			g.empty(ENDEL)
		}
		g.endstr()
		g.endlib()
		return g.b
	}, true},
}

// Memory stays within a small multiple of the input, whatever the input:
// everything allocated during the read (an upper bound of the peak) and what
// the library keeps afterwards. The model itself costs up to about 4x the
// bytes of the tiniest elements (a 26-byte SREF becomes a 96-byte Ref), and
// slices grow by doubling, so the bound on all allocation is 24x and on what
// stays live 8x; a reader that expanded arrays, buffered a whole stream per
// warning or kept a block per element would exceed them by far.
func TestReadMemoryBounded(t *testing.T) {
	if raceEnabled() {
		t.Skip("the race detector changes what allocates")
	}
	const size = 1 << 20
	const totalFactor, liveFactor = 24, 8
	for _, tc := range absurdInputs {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.build(size)
			for _, opt := range []ReadOptions{{Workers: 2}, {Workers: 1, BlockSize: 64 << 10}, {Workers: 4, BlockSize: 4096}} {
				// Two collections: pooled buffers survive the first.
				runtime.GC()
				runtime.GC()
				var before, after, kept runtime.MemStats
				runtime.ReadMemStats(&before)
				lib, err := Read(bytes.NewReader(data), opt)
				runtime.ReadMemStats(&after)
				runtime.GC()
				runtime.GC()
				runtime.ReadMemStats(&kept)
				if (err == nil) != tc.ok {
					t.Fatalf("%+v: error %v, want ok=%v", opt, err, tc.ok)
				}
				total := after.TotalAlloc - before.TotalAlloc
				live := int64(kept.HeapAlloc) - int64(before.HeapAlloc)
				t.Logf("%+v: %d bytes in, %d allocated (%.1fx), %d kept (%.1fx)", opt, len(data),
					total, float64(total)/float64(len(data)), live, float64(live)/float64(len(data)))
				if total > totalFactor*uint64(len(data)) {
					t.Errorf("%+v: allocated %d bytes for %d bytes of input, more than %dx", opt, total, len(data), totalFactor)
				}
				if live > liveFactor*int64(len(data)) {
					t.Errorf("%+v: the library keeps %d bytes for %d bytes of input, more than %dx", opt, live, len(data), liveFactor)
				}
				runtime.KeepAlive(lib)
			}
		})
	}
}

func raceEnabled() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return true
			}
		}
	}
	return false
}

// writeBytes writes lib and returns the bytes.
func writeBytes(t testing.TB, lib *layout.Library) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, lib); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// readOptionGrid is every block size and worker count the parallel reader
// must agree on.
var readOptionGrid = func() []ReadOptions {
	var out []ReadOptions
	for _, bs := range []int{64, 1000, 4096, 0} {
		for _, w := range []int{1, 2, 4} {
			out = append(out, ReadOptions{BlockSize: bs, Workers: w})
		}
	}
	return out
}()

// The library must not depend on how the input is cut into blocks or how
// many workers decode it.
func TestReadOptionsAgreeOnPDK(t *testing.T) {
	files := shareddata.PDKFiles(t)
	if testing.Short() {
		var some []string
		for i, f := range files {
			if i%25 == 0 || strings.Contains(f, "designs") {
				some = append(some, f)
			}
		}
		files = some
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		var want []byte
		for _, opt := range readOptionGrid {
			if opt.BlockSize == 64 && len(data) > 1<<20 && testing.Short() {
				continue
			}
			lib, err := Read(bytes.NewReader(data), opt)
			if err != nil {
				t.Fatalf("%s %+v: %v", name, opt, err)
			}
			got := writeBytes(t, lib)
			if want == nil {
				want = got
				continue
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: %+v writes %d bytes that differ from the first option's %d", name, opt, len(got), len(want))
			}
		}
	}
}

// A file with several faults reports the first one in file order, whatever
// the block size and worker count.
func TestReadReportsFirstErrorDeterministically(t *testing.T) {
	g := &gdsBuilder{}
	g.lib()
	g.bgnstr("A")
	for i := 0; i < 200; i++ {
		g.rect(1, 0, 0, 0, int32(i), 10)
	}
	first := g.off()
	g.empty(BOX) // an element fault: 4 points
	g.i2(LAYER, 1)
	g.i2(BOXTYPE, 0)
	g.i4(XY, 0, 0, 1, 0, 1, 1, 0, 1)
	g.empty(ENDEL)
	for i := 0; i < 200; i++ {
		g.rect(1, 0, 0, 0, int32(i), 10)
	}
	g.empty(TEXT) // a second element fault
	g.i2(LAYER, 1)
	g.i2(TEXTTYPE, 0)
	g.i4(XY, 0, 0)
	g.empty(ENDEL)
	g.rect(1, 0, 0, 0, 5, 5)
	g.header(5, LAYER, Int2) // a record fault the splitter sees
	g.b = append(g.b, 0)
	for _, opt := range readOptionGrid {
		for rep := 0; rep < 5; rep++ {
			opt.FileName = "hostile.gds"
			_, err := Read(bytes.NewReader(g.b), opt)
			checkFormatError(t, err, wantErr{first, BOX, true, "A", "BOX with 4 points"})
		}
	}
}

// An inexact array at the edge of the coordinate range reads, and writes
// back to an array with the same pitch.
func TestReadArrayAtCoordinateLimit(t *testing.T) {
	g := &gdsBuilder{}
	g.lib()
	g.cell("A")
	g.bgnstr("TOP")
	g.empty(AREF)
	g.str(SNAME, "A")
	g.i2(COLROW, 3, 2)
	g.i4(XY, math.MaxInt32-2, math.MinInt32+1, math.MaxInt32, math.MinInt32+1, math.MaxInt32-2, math.MinInt32)
	g.empty(ENDEL)
	g.endstr()
	g.endlib()
	lib, err := Read(bytes.NewReader(g.b), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := lib.Cell("TOP").Refs[0]
	if r.ColStep != (layout.Point{X: 1}) || r.RowStep != (layout.Point{Y: -1}) || len(lib.Warnings) != 1 {
		t.Fatalf("array read as %+v, warnings %q", r, lib.Warnings)
	}
	checkRoundTrip(t, lib)
}

// Regression inputs the fuzzer found, each kept as a corpus file under
// testdata/fuzz/FuzzRead (which `go test` also runs through FuzzRead).
// Each row names the fault; fuzzCheck is FuzzRead's own property.
var fuzzRegressions = []struct {
	name   string
	corpus string // file name under testdata/fuzz/FuzzRead
	ok     bool
}{
	{"element fault before a record fault: the error must not depend on the block size", "77021ff7f9a0c9b2", false},
}

// readCorpusFile decodes a `go test fuzz v1` file holding one []byte.
func readCorpusFile(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzRead", name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(strings.TrimSpace(string(raw)), "\n", 2)
	if len(lines) != 2 || lines[0] != "go test fuzz v1" {
		t.Fatalf("%s: not a fuzz corpus file", name)
	}
	lit := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
	s, err := strconv.Unquote(lit)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return []byte(s)
}

func TestReadFuzzRegressions(t *testing.T) {
	for _, tc := range fuzzRegressions {
		t.Run(tc.name, func(t *testing.T) {
			data := readCorpusFile(t, tc.corpus)
			for i := 0; i < 20; i++ { // the faults were timing-dependent
				if ok := fuzzCheck(t, data); ok != tc.ok {
					t.Fatalf("read = %v, want %v", ok, tc.ok)
				}
			}
		})
	}
}
