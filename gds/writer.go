package gds

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/layoutmig/layoutmig/internal/atomicfile"
	"github.com/layoutmig/layoutmig/layout"
)

// WriteOptions tune WriteFileWith.
type WriteOptions struct {
	// Sync flushes the output to stable storage before it replaces the
	// destination (durability against power loss, at a cost in time).
	Sync bool
}

// WriteFile writes lib to path atomically: the stream goes to a temporary
// file in the same folder, which is renamed over path only when complete, so
// a failure never leaves a half-written file behind.
func WriteFile(path string, lib *layout.Library) error {
	return WriteFileWith(path, lib, WriteOptions{})
}

// WriteFileWith is WriteFile with options.
func WriteFileWith(path string, lib *layout.Library, opt WriteOptions) error {
	return atomicfile.Write(path, atomicfile.Options{Sync: opt.Sync}, func(w io.Writer) error {
		return Write(w, lib)
	})
}

// Write encodes lib as a GDSII stream. The output is deterministic. Encoding
// and writing run concurrently: the encoder fills blocks that another
// goroutine hands to w in order.
func Write(w io.Writer, lib *layout.Library) error {
	if err := lib.Validate(); err != nil {
		return err
	}
	full := make(chan []byte, 2)
	free := make(chan []byte, 3)
	for i := 0; i < 3; i++ {
		// Blocks start small and grow to blockSize as they are filled, so
		// that writing a small library does not cost 3 MiB.
		free <- make([]byte, 0, 64<<10)
	}
	done := make(chan error, 1)
	go func() {
		var err error
		for b := range full {
			if err == nil {
				_, err = w.Write(b)
			}
			free <- b[:0]
		}
		done <- err
	}()
	enc := &encoder{full: full, free: free, buf: <-free}
	enc.library(lib)
	if len(enc.buf) > 0 && enc.err == nil {
		full <- enc.buf
	}
	close(full)
	werr := <-done
	if enc.err != nil {
		return enc.err
	}
	return werr
}

// encoder appends records to a block and hands full blocks to the writing
// goroutine.
type encoder struct {
	full     chan<- []byte
	free     <-chan []byte
	buf      []byte
	err      error
	cellName string // the structure being written, for error messages
}

// fail records the first error: what GDSII cannot hold is never written.
func (e *encoder) fail(format string, args ...any) {
	if e.err != nil {
		return
	}
	if e.cellName != "" {
		format, args = "cell %s: "+format, append([]any{e.cellName}, args...)
	}
	e.err = fmt.Errorf(format, args...)
}

// pathType checks that t is one of the GDSII path types.
func (e *encoder) pathType(kind RecordType, t layout.PathType) {
	switch t {
	case layout.PathFlush, layout.PathRound, layout.PathExtended, layout.PathCustom:
	default:
		e.fail("%s of path type %d: GDSII defines 0, 1, 2 and 4", kind, t)
	}
}

// blockSize is the size of the blocks handed to the writer.
const blockSize = 1 << 20

func (e *encoder) flush() {
	e.full <- e.buf
	e.buf = <-e.free
}

func (e *encoder) header(rt RecordType, dt DataType, n int) {
	if len(e.buf) > blockSize {
		e.flush()
	}
	e.buf = binary.BigEndian.AppendUint16(e.buf, uint16(headerSize+n))
	e.buf = append(e.buf, byte(rt), byte(dt))
}

func (e *encoder) empty(rt RecordType) { e.header(rt, NoData, 0) }

func (e *encoder) int2(rt RecordType, vs ...int16) {
	e.header(rt, rt.ExpectedDataType(), 2*len(vs))
	for _, v := range vs {
		e.buf = binary.BigEndian.AppendUint16(e.buf, uint16(v))
	}
}

func (e *encoder) uint2(rt RecordType, v uint16) {
	e.header(rt, rt.ExpectedDataType(), 2)
	e.buf = binary.BigEndian.AppendUint16(e.buf, v)
}

func (e *encoder) int4(rt RecordType, v int32) {
	e.header(rt, Int4, 4)
	e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(v))
}

func (e *encoder) real8(rt RecordType, v float64) {
	bits, err := EncodeReal8(v)
	if err != nil {
		e.fail("%s %g: %w", rt, v, err)
	}
	e.header(rt, Real8, 8)
	e.buf = binary.BigEndian.AppendUint64(e.buf, bits)
}

func (e *encoder) str(rt RecordType, s string) {
	n := len(s)
	if n%2 == 1 {
		n++
	}
	if n > maxRecordLength-headerSize {
		e.fail("%s of %d bytes does not fit a record", rt, len(s))
		return
	}
	e.header(rt, ASCII, n)
	e.buf = append(e.buf, s...)
	if len(s)%2 == 1 {
		e.buf = append(e.buf, 0)
	}
}

func (e *encoder) timestamps(rt RecordType, a, b layout.Timestamp) {
	e.header(rt, Int2, 24)
	for _, t := range [2]layout.Timestamp{a, b} {
		for _, v := range t {
			e.buf = binary.BigEndian.AppendUint16(e.buf, uint16(v))
		}
	}
}

// xy writes points as XY records of at most maxXYPoints points each; closed
// adds the first point again at the end (BOUNDARY).
func (e *encoder) xy(pts []layout.Point, closed bool) {
	if len(pts) == 0 {
		e.fail("element without points")
		return
	}
	total := len(pts)
	if closed {
		total++
	}
	for i := 0; i < total; {
		n := total - i
		if n > maxXYPoints {
			n = maxXYPoints
		}
		e.header(XY, Int4, 8*n)
		for j := i; j < i+n; j++ {
			p := pts[j%len(pts)]
			e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(p.X))
			e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(p.Y))
		}
		i += n
	}
}

// rawLibraryRecords are the library-level records kept verbatim.
var rawLibraryRecords = setOf(REFLIBS, FONTS, ATTRTABLE, GENERATIONS, FORMAT, MASK, ENDMASKS, LIBDIRSIZE, SRFNAME, LIBSECUR)

func (e *encoder) raw(r layout.RawRecord, allowed recordSet) {
	rt, dt, n := RecordType(r.Type), DataType(r.DataType), len(r.Data)
	switch want := rt.ExpectedDataType(); {
	case !allowed.has(rt):
		e.fail("%s record cannot be kept here", rt)
		return
	case dt != want && !(isWord(dt) && isWord(want)):
		e.fail("%s record of data type %d, want %d", rt, dt, want)
		return
	case n > maxRecordLength-headerSize:
		e.fail("%s record of %d bytes does not fit a record", rt, n)
		return
	case n%2 != 0 || n&dataMask[want] != 0:
		e.fail("%s record of an odd or partial length (%d bytes)", rt, n)
		return
	}
	e.header(RecordType(r.Type), DataType(r.DataType), len(r.Data))
	e.buf = append(e.buf, r.Data...)
}

func (e *encoder) info(in *layout.ElementInfo) {
	if in != nil && in.HasElFlags {
		e.uint2(ELFLAGS, in.ElFlags)
	}
	if in != nil && in.HasPlex {
		e.int4(PLEX, in.Plex)
	}
}

func (e *encoder) props(in *layout.ElementInfo) {
	if in == nil {
		return
	}
	for _, p := range in.Properties {
		e.int2(PROPATTR, p.Attr)
		e.str(PROPVALUE, p.Value)
	}
}

func (e *encoder) layer(k layout.LayerKey, typeRec RecordType) {
	e.uint2(LAYER, k.Layer)
	e.uint2(typeRec, k.Datatype)
}

func (e *encoder) strans(s layout.Strans) {
	if !(s.Reflect || s.AbsMag || s.AbsAngle || s.HasMag || s.HasAngle || (s.Mag != 1 && s.Mag != 0) || s.Angle != 0) {
		return
	}
	var bits uint16
	if s.Reflect {
		bits |= 0x8000
	}
	if s.AbsMag {
		bits |= 0x0004
	}
	if s.AbsAngle {
		bits |= 0x0002
	}
	e.uint2(STRANS, bits)
	if s.HasMag || (s.Mag != 1 && s.Mag != 0) {
		if !(s.Mag > 0) {
			e.fail("magnification %g must be positive", s.Mag)
		}
		e.real8(MAG, s.Mag)
	}
	if s.HasAngle || s.Angle != 0 {
		if math.Abs(s.Angle) > 1e9 {
			e.fail("ANGLE %g degrees is out of range", s.Angle)
		}
		e.real8(ANGLE, s.Angle)
	}
}

// libraryRecordsFirst are the library records the standard puts before
// LIBNAME; the others follow it.
var libraryRecordsFirst = map[RecordType]bool{LIBDIRSIZE: true, SRFNAME: true, LIBSECUR: true}

func (e *encoder) library(lib *layout.Library) {
	e.int2(HEADER, lib.Version)
	e.timestamps(BGNLIB, lib.Modified, lib.Accessed)
	for _, r := range lib.Extra {
		if libraryRecordsFirst[RecordType(r.Type)] {
			e.raw(r, rawLibraryRecords)
		}
	}
	e.str(LIBNAME, lib.Name)
	for _, r := range lib.Extra {
		if !libraryRecordsFirst[RecordType(r.Type)] {
			e.raw(r, rawLibraryRecords)
		}
	}
	if !(lib.UserUnit > 0) || !(lib.MetersPerDBU > 0) {
		e.fail("UNITS must be positive, got user unit %g and %g m per database unit", lib.UserUnit, lib.MetersPerDBU)
	}
	e.header(UNITS, Real8, 16)
	if DecodeReal8(lib.UnitsRaw[0]) == lib.UserUnit && DecodeReal8(lib.UnitsRaw[1]) == lib.MetersPerDBU && lib.UnitsRaw[1] != 0 {
		e.buf = binary.BigEndian.AppendUint64(e.buf, lib.UnitsRaw[0])
		e.buf = binary.BigEndian.AppendUint64(e.buf, lib.UnitsRaw[1])
	} else {
		for _, v := range [2]float64{lib.UserUnit, lib.MetersPerDBU} {
			bits, err := EncodeReal8(v)
			if err != nil {
				e.fail("UNITS %g: %w", v, err)
			}
			e.buf = binary.BigEndian.AppendUint64(e.buf, bits)
		}
	}
	for _, c := range lib.Cells {
		e.cell(c)
		if e.err != nil {
			return
		}
	}
	e.empty(ENDLIB)
}

func (e *encoder) cell(c *layout.Cell) {
	e.cellName = c.Name
	defer func() { e.cellName = "" }()
	if c.Name == "" {
		e.fail("structure with an empty name")
	}
	e.timestamps(BGNSTR, c.Modified, c.Accessed)
	e.str(STRNAME, c.Name)
	for _, r := range c.Extra {
		e.raw(r, setOf(STRCLASS))
	}
	for _, k := range c.LayerKeys() {
		s := c.Layers[k]
		for i := 0; i < s.Polygons.Len(); i++ {
			e.empty(BOUNDARY)
			in := s.Polygons.Info[i]
			e.info(in)
			e.layer(k, DATATYPE)
			e.xy(s.Polygons.Polygon(i), true)
			e.props(in)
			e.empty(ENDEL)
		}
		for i := range s.Paths {
			p := &s.Paths[i]
			e.pathType(PATH, p.Type)
			e.empty(PATH)
			e.info(p.Info)
			e.layer(k, DATATYPE)
			if p.Type != layout.PathFlush {
				e.int2(PATHTYPE, int16(p.Type))
			}
			e.int4(WIDTH, p.Width)
			if p.Type == layout.PathCustom || p.HasExtns {
				e.int4(BGNEXTN, p.BgnExtn)
				e.int4(ENDEXTN, p.EndExtn)
			}
			e.xy(p.Points, false)
			e.props(p.Info)
			e.empty(ENDEL)
		}
		for i := range s.Boxes {
			b := &s.Boxes[i]
			e.empty(BOX)
			e.info(b.Info)
			e.layer(k, BOXTYPE)
			e.xy(b.Points[:], false)
			e.props(b.Info)
			e.empty(ENDEL)
		}
		for i := range s.Nodes {
			n := &s.Nodes[i]
			if len(n.Points) < 1 || len(n.Points) > 50 {
				e.fail("NODE with %d points: GDSII allows 1 to 50", len(n.Points))
			}
			e.empty(NODE)
			e.info(n.Info)
			e.layer(k, NODETYPE)
			e.xy(n.Points, false)
			e.props(n.Info)
			e.empty(ENDEL)
		}
		for i := range s.Texts {
			t := &s.Texts[i]
			e.empty(TEXT)
			e.info(t.Info)
			e.layer(k, TEXTTYPE)
			if t.HasPresentation {
				e.uint2(PRESENTATION, uint16(t.Presentation))
			}
			if t.HasPathType {
				e.pathType(TEXT, t.PathType)
				e.int2(PATHTYPE, int16(t.PathType))
			}
			if t.HasWidth {
				e.int4(WIDTH, t.Width)
			}
			e.strans(t.Trans)
			e.xy([]layout.Point{t.Pos}, false)
			e.str(STRING, t.String)
			e.props(t.Info)
			e.empty(ENDEL)
		}
	}
	for i := range c.Refs {
		r := &c.Refs[i]
		if r.IsArray {
			e.empty(AREF)
		} else {
			e.empty(SREF)
		}
		e.info(r.Info)
		e.str(SNAME, r.Cell.Name)
		e.strans(r.Trans)
		if r.IsArray {
			if r.Cols > math.MaxInt16 || r.Rows > math.MaxInt16 {
				e.fail("AREF of %s: %d columns and %d rows, GDSII holds at most 32767 of each", r.Cell.Name, r.Cols, r.Rows)
			}
			e.int2(COLROW, int16(r.Cols), int16(r.Rows))
			pts := r.ArrayPoints()
			// The corner points are clamped to 32 bits; a reader must
			// still find the same pitches in them.
			cs, _, _ := step(pts[0], pts[1], r.Cols)
			rs, _, _ := step(pts[0], pts[2], r.Rows)
			if cs != r.ColStep || rs != r.RowStep {
				e.fail("AREF of %s: the array's corner points do not fit 32-bit coordinates", r.Cell.Name)
			}
			e.xy(pts[:], false)
		} else {
			e.xy([]layout.Point{r.Origin}, false)
		}
		e.props(r.Info)
		e.empty(ENDEL)
	}
	e.empty(ENDSTR)
}
