package gds

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sync"

	"github.com/layoutmig/layoutmig/layout"
)

// ReadOptions tune Read. The zero value reads with all cores.
type ReadOptions struct {
	// FileName is used in error messages.
	FileName string
	// Workers is the number of goroutines decoding elements; 0 means
	// runtime.GOMAXPROCS(0). The result does not depend on it.
	Workers int
	// BlockSize is the size of the blocks the input is read in; 0 means
	// 2 MiB. Tests use small blocks to exercise the splitting.
	BlockSize int
}

// ReadFile reads a GDSII file.
func ReadFile(path string, opt ReadOptions) (*layout.Library, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if opt.FileName == "" {
		opt.FileName = path
	}
	// A small file needs no block larger than itself.
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && opt.BlockSize == 0 && st.Size() < defaultBlockSize {
		opt.BlockSize = int(st.Size()) + 64
	}
	return Read(f, opt)
}

// defaultBlockSize is the size of the blocks the input is read in.
const defaultBlockSize = 2 << 20

// Read decodes a GDSII stream into a library. The hierarchy is checked:
// references to undefined cells, cells defined twice and cycles are
// *FormatError values.
func Read(r io.Reader, opt ReadOptions) (*layout.Library, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.BlockSize <= 0 {
		opt.BlockSize = defaultBlockSize
	}
	if opt.BlockSize < 64 {
		opt.BlockSize = 64
	}
	rd := &reader{opt: opt, lib: &layout.Library{}, cellIndex: make(map[string]int)}
	rd.decoders.New = func() any { return newDecoder(rd) }
	return rd.run(r)
}

// segment is a run of complete elements of one cell inside a chunk.
type segment struct {
	cell       *layout.Cell
	idx        int
	start, end int
}

// chunk is a block of the input handed to a decoding worker.
type chunk struct {
	seq  int
	buf  []byte
	base int64
	segs []segment
}

// cellFrag is what a worker decoded of one segment.
type cellFrag struct {
	cell       *layout.Cell
	idx        int
	layers     map[layout.LayerKey]*layout.Shapes
	refs       []layout.Ref
	refNames   []string
	refOffsets []int64
}

// fragment is the decoded form of a chunk.
type fragment struct {
	seq      int
	cells    []cellFrag
	warnings []string // at most maxWarnings
	more     int      // warnings beyond those
}

type reader struct {
	opt          ReadOptions
	lib          *layout.Library
	cellIndex    map[string]int
	cellStart    []int64
	bufPool      sync.Pool
	decoders     sync.Pool
	parts        []*cellParts
	fragWarnings []string
	moreWarnings int // warnings counted but not listed
}

func (rd *reader) errAt(off int64, rt RecordType, hasRec bool, cell string, format string, args ...any) *FormatError {
	return &FormatError{File: rd.opt.FileName, Offset: off, Record: rt, HasRecord: hasRec, Cell: cell, Msg: fmt.Sprintf(format, args...)}
}

func (rd *reader) getBuf(min int) []byte {
	if min <= rd.opt.BlockSize {
		if b, ok := rd.bufPool.Get().(*[]byte); ok {
			return (*b)[:cap(*b)]
		}
		return make([]byte, rd.opt.BlockSize)
	}
	return make([]byte, min)
}

func (rd *reader) putBuf(b []byte) {
	if cap(b) == rd.opt.BlockSize {
		b = b[:cap(b)]
		rd.bufPool.Put(&b)
	}
}

func (rd *reader) run(r io.Reader) (*layout.Library, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	chunks := make(chan *chunk, rd.opt.Workers)
	frags := make(chan *fragment, rd.opt.Workers)
	tokens := make(chan struct{}, 2*rd.opt.Workers+2)
	// A fault stops the splitter, but every chunk already cut is still
	// decoded, so that the fault reported (the first in file order) does
	// not depend on the block size, the worker count or timing.
	var first firstError
	fail := func(err error) { first.add(err); cancel() }

	splitDone := make(chan struct{})
	go func() {
		defer close(splitDone)
		defer close(chunks)
		if err := rd.split(ctx, r, chunks, tokens); err != nil {
			fail(err)
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < rd.opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				f, err := rd.decodeChunk(c)
				rd.putBuf(c.buf)
				if err != nil {
					fail(err)
					continue
				}
				frags <- f
			}
		}()
	}
	go func() { wg.Wait(); close(frags) }()

	pending := make(map[int]*fragment)
	next := 0
	for f := range frags {
		pending[f.seq] = f
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			rd.merge(p)
			<-tokens
			next++
		}
	}
	<-splitDone
	if err := first.get(); err != nil {
		return nil, err
	}
	if rd.moreWarnings > 0 {
		rd.fragWarnings = append(rd.fragWarnings, fmt.Sprintf("%s: %d more warnings not listed", rd.opt.FileName, rd.moreWarnings))
	}
	rd.lib.Warnings = append(rd.fragWarnings, rd.lib.Warnings...)
	if err := rd.finish(); err != nil {
		return nil, err
	}
	if err := rd.resolve(); err != nil {
		return nil, err
	}
	return rd.lib, nil
}

// firstError keeps, of the errors reported to it, the one at the lowest
// offset.
type firstError struct {
	mu  sync.Mutex
	err error
	off int64
}

func (f *firstError) add(err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	off := int64(math.MaxInt64)
	var fe *FormatError
	if errors.As(err, &fe) {
		off = fe.Offset
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil || off < f.off {
		f.err, f.off = err, off
	}
}

func (f *firstError) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// maxWarnings is the number of warnings listed; the others are counted.
const maxWarnings = 1000

// split reads the stream block by block, handles library and structure
// records itself and cuts the element runs into chunks for the workers.
func (rd *reader) split(ctx context.Context, r io.Reader, out chan<- *chunk, tokens chan struct{}) (err error) {
	var (
		buf       = rd.getBuf(0)
		n         int   // valid bytes in buf
		pos       int   // next record
		base      int64 // file offset of buf[0]
		seq       int
		eof       bool
		cur       = -1 // current cell index
		inElem    bool
		elemStart int
		segStart  int
		segs      []segment
		seenHdr   bool
		seenLib   bool
		seenUnits bool
		ended     bool
		endOff    int64 // offset of ENDLIB
	)
	cellName := func() string {
		if cur >= 0 {
			return rd.lib.Cells[cur].Name
		}
		return ""
	}
	// flush hands buf[:cut] to a worker and keeps buf[cut:n] for the next
	// block.
	flush := func(cut int, need int) error {
		if cur >= 0 && segStart < cut {
			segs = append(segs, segment{rd.lib.Cells[cur], cur, segStart, cut})
		}
		tail := n - cut
		size := rd.opt.BlockSize
		if tail+need > size {
			size = 2 * (tail + need)
		}
		nb := rd.getBuf(size)
		copy(nb, buf[cut:n])
		if len(segs) > 0 {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			c := &chunk{seq: seq, buf: buf, base: base, segs: segs}
			seq++
			select {
			case out <- c:
			case <-ctx.Done():
				return ctx.Err()
			}
			segs = nil
		} else {
			rd.putBuf(buf)
		}
		buf = nb
		base += int64(cut)
		pos -= cut
		elemStart -= cut
		n = tail
		segStart = 0
		return nil
	}
	// fill makes sure buf[pos:pos+need] is valid, cutting a chunk first if
	// the block is full. It reports false at the end of the input.
	fill := func(need int) (bool, error) {
		for n-pos < need {
			if eof {
				return false, nil
			}
			if pos+need > len(buf) {
				cut := pos
				if inElem {
					cut = elemStart
				}
				if err := flush(cut, need); err != nil {
					return false, err
				}
				if pos+need > len(buf) {
					continue
				}
			}
			m, err := io.ReadAtLeast(r, buf[n:], pos+need-n)
			n += m
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				eof = true
			} else if err != nil {
				return false, fmt.Errorf("%s: %w", rd.opt.FileName, err)
			}
		}
		return true, nil
	}
	// On a fault, the complete elements before it are still decoded: a
	// fault inside them comes first in the file and is the one reported.
	defer func() {
		var fe *FormatError
		if !errors.As(err, &fe) || ctx.Err() != nil {
			return
		}
		cut := pos
		if inElem {
			cut = elemStart
		}
		if cur >= 0 && segStart < cut {
			segs = append(segs, segment{rd.lib.Cells[cur], cur, segStart, cut})
		}
		if len(segs) == 0 {
			return
		}
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			return
		}
		select {
		case out <- &chunk{seq: seq, buf: buf, base: base, segs: segs}:
		case <-ctx.Done():
		}
	}()

	for !ended {
		// Fast path: a record wholly in the buffer inside an element; the
		// splitter only needs to find the element's ENDEL.
		if inElem && n-pos >= headerSize {
			length := int(buf[pos])<<8 | int(buf[pos+1])
			rt := RecordType(buf[pos+2])
			if length >= headerSize && n-pos >= length && rt < numRecordTypes && headerFits(length, rt, DataType(buf[pos+3])) && !elementBreak.has(rt) {
				if rt == ENDEL {
					inElem = false
				}
				pos += length
				continue
			}
		}
		ok, err := fill(headerSize)
		if err != nil {
			return err
		}
		off := base + int64(pos)
		if !ok {
			if n-pos > 0 {
				return rd.errAt(off, 0, false, cellName(), "truncated record header (%d bytes before the end of the input)", n-pos)
			}
			if !seenHdr {
				return rd.errAt(off, 0, false, "", "empty input: not a GDSII stream")
			}
			return rd.errAt(off, 0, false, cellName(), "input ends without ENDLIB")
		}
		length := int(binary.BigEndian.Uint16(buf[pos:]))
		rt := RecordType(buf[pos+2])
		dt := DataType(buf[pos+3])
		if !seenHdr && length == 0 {
			return rd.errAt(off, rt, false, "", "record length 0 at the start: not a GDSII stream")
		}
		if !seenHdr && rt != HEADER {
			return rd.errAt(off, rt, true, "", "the stream must start with HEADER: not a GDSII stream")
		}
		if err := rd.checkHeader(off, length, rt, dt, cellName()); err != nil {
			return err
		}
		if ok, err = fill(length); err != nil {
			return err
		} else if !ok {
			return rd.errAt(off, rt, true, cellName(), "record of %d bytes truncated: the input ends after %d", length, n-pos)
		}
		data := buf[pos+headerSize : pos+length]

		if inElem {
			switch rt {
			case ENDEL:
				inElem = false
			case HEADER, BGNLIB, LIBNAME, UNITS, ENDLIB, BGNSTR, STRNAME, ENDSTR,
				BOUNDARY, PATH, SREF, AREF, TEXT, NODE, BOX:
				return rd.errAt(off, rt, true, cellName(), "element started at offset 0x%x is not closed by ENDEL", base+int64(elemStart))
			}
			pos += length
			continue
		}
		if !seenHdr && rt != HEADER {
			return rd.errAt(off, rt, true, "", "the stream must start with HEADER: not a GDSII stream")
		}
		switch rt {
		case HEADER:
			if seenHdr {
				return rd.errAt(off, rt, true, "", "second HEADER record")
			}
			if len(data) < 2 {
				return rd.errAt(off, rt, true, "", "HEADER without version")
			}
			seenHdr = true
			rd.lib.Version = int16(binary.BigEndian.Uint16(data))
		case BGNLIB:
			if seenLib {
				return rd.errAt(off, rt, true, "", "second BGNLIB record")
			}
			if len(data) != 24 {
				return rd.errAt(off, rt, true, "", "BGNLIB holds %d bytes, want 24 (two timestamps)", len(data))
			}
			seenLib = true
			rd.lib.Modified, rd.lib.Accessed = timestamps(data)
		case LIBNAME, UNITS:
			if cur >= 0 {
				return rd.errAt(off, rt, true, cellName(), "library record inside a structure")
			}
			if rt == LIBNAME {
				rd.lib.Name = asciiString(data)
				break
			}
			if len(data) != 16 {
				return rd.errAt(off, rt, true, "", "UNITS holds %d bytes, want 16 (two 8-byte reals)", len(data))
			}
			seenUnits = true
			a, b := binary.BigEndian.Uint64(data), binary.BigEndian.Uint64(data[8:])
			rd.lib.UnitsRaw = [2]uint64{a, b}
			rd.lib.UserUnit, rd.lib.MetersPerDBU = DecodeReal8(a), DecodeReal8(b)
			if !(rd.lib.MetersPerDBU > 0) || !(rd.lib.UserUnit > 0) {
				return rd.errAt(off, rt, true, "", "UNITS must be positive, got user unit %g and %g m per database unit", rd.lib.UserUnit, rd.lib.MetersPerDBU)
			}
		case REFLIBS, FONTS, ATTRTABLE, GENERATIONS, FORMAT, MASK, ENDMASKS, LIBDIRSIZE, SRFNAME, LIBSECUR:
			if cur >= 0 {
				return rd.errAt(off, rt, true, cellName(), "library record inside a structure")
			}
			rd.lib.Extra = append(rd.lib.Extra, layout.RawRecord{Type: uint8(rt), DataType: uint8(dt), Data: append([]byte(nil), data...)})
		case BGNSTR:
			if cur >= 0 {
				return rd.errAt(off, rt, true, cellName(), "BGNSTR before ENDSTR of the previous structure")
			}
			if !seenLib || !seenUnits {
				return rd.errAt(off, rt, true, "", "structure before BGNLIB and UNITS")
			}
			if len(data) != 24 {
				return rd.errAt(off, rt, true, "", "BGNSTR holds %d bytes, want 24 (two timestamps)", len(data))
			}
			c := &layout.Cell{Layers: make(map[layout.LayerKey]*layout.Shapes)}
			c.Modified, c.Accessed = timestamps(data)
			rd.lib.Cells = append(rd.lib.Cells, c)
			rd.cellStart = append(rd.cellStart, off)
			cur = len(rd.lib.Cells) - 1
			segStart = pos + length
		case STRNAME:
			if cur < 0 {
				return rd.errAt(off, rt, true, "", "STRNAME outside a structure")
			}
			c := rd.lib.Cells[cur]
			if c.Name != "" {
				return rd.errAt(off, rt, true, c.Name, "second STRNAME in one structure")
			}
			name := asciiString(data)
			if name == "" {
				return rd.errAt(off, rt, true, "", "empty structure name")
			}
			if _, dup := rd.cellIndex[name]; dup {
				return rd.errAt(off, rt, true, name, "structure %q defined twice", name)
			}
			c.Name = name
			rd.cellIndex[name] = cur
			segStart = pos + length
		case STRCLASS:
			if cur < 0 {
				return rd.errAt(off, rt, true, "", "STRCLASS outside a structure")
			}
			c := rd.lib.Cells[cur]
			c.Extra = append(c.Extra, layout.RawRecord{Type: uint8(rt), DataType: uint8(dt), Data: append([]byte(nil), data...)})
			if segStart < pos {
				segs = append(segs, segment{c, cur, segStart, pos})
			}
			segStart = pos + length
		case ENDSTR:
			if cur < 0 {
				return rd.errAt(off, rt, true, "", "ENDSTR outside a structure")
			}
			if rd.lib.Cells[cur].Name == "" {
				return rd.errAt(off, rt, true, "", "structure without STRNAME")
			}
			if segStart < pos {
				segs = append(segs, segment{rd.lib.Cells[cur], cur, segStart, pos})
			}
			cur = -1
		case BOUNDARY, PATH, SREF, AREF, TEXT, NODE, BOX:
			if cur < 0 {
				return rd.errAt(off, rt, true, "", "element outside a structure")
			}
			if rd.lib.Cells[cur].Name == "" {
				return rd.errAt(off, rt, true, "", "element before STRNAME")
			}
			inElem = true
			elemStart = pos
		case ENDLIB:
			if cur >= 0 {
				return rd.errAt(off, rt, true, cellName(), "ENDLIB inside a structure (missing ENDSTR)")
			}
			ended, endOff = true, off
		default:
			return rd.errAt(off, rt, true, cellName(), "unexpected %s outside an element", rt)
		}
		pos += length
	}
	if !seenLib || !seenUnits {
		return rd.errAt(endOff, ENDLIB, true, "", "library without BGNLIB or UNITS")
	}
	// Dispatch what is left.
	if len(segs) > 0 {
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case out <- &chunk{seq: seq, buf: buf, base: base, segs: segs}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// Anything after ENDLIB other than padding is worth a warning.
	if rest, err := trailingBytes(buf[pos:n], r); err != nil {
		return fmt.Errorf("%s: %w", rd.opt.FileName, err)
	} else if rest > 0 {
		rd.lib.Warnings = append(rd.lib.Warnings, fmt.Sprintf("%d non-zero bytes after ENDLIB ignored", rest))
	}
	return nil
}

// trailingBytes counts non-zero bytes after ENDLIB (tape padding is zeros),
// reading at most 1 MiB more.
func trailingBytes(inBuf []byte, r io.Reader) (int, error) {
	count := 0
	for _, b := range inBuf {
		if b != 0 {
			count++
		}
	}
	rest, err := io.ReadAll(io.LimitReader(bufio.NewReader(r), 1<<20))
	if err != nil {
		return count, err
	}
	for _, b := range rest {
		if b != 0 {
			count++
		}
	}
	return count, nil
}

// elementBreak are the records that cannot stand inside an element.
var elementBreak = setOf(HEADER, BGNLIB, LIBNAME, UNITS, ENDLIB, BGNSTR, STRNAME, ENDSTR,
	BOUNDARY, PATH, SREF, AREF, TEXT, NODE, BOX)

// headerFits is the fast form of checkHeader for a known record type: true
// when the length and data type are valid.
func headerFits(length int, rt RecordType, dt DataType) bool {
	want := recordDataTypes[rt]
	if length&1 != 0 || (dt != want && !(isWord(dt) && isWord(want))) || (want == NoData && length != headerSize) {
		return false
	}
	return (length-headerSize)&dataMask[want] == 0
}

// dataMask[d] is the data type's value size minus one (sizes are powers of
// two), 0 for ASCII and no data.
var dataMask = [8]int{Int2: 1, BitArray: 1, Int4: 3, Real4: 3, Real8: 7}

// checkHeader validates a record header: even length of at least 4, a known
// record type and a data type that fits it.
func (rd *reader) checkHeader(off int64, length int, rt RecordType, dt DataType, cell string) error {
	if length < headerSize {
		return rd.errAt(off, rt, false, cell, "record length %d is shorter than its 4-byte header", length)
	}
	if length%2 != 0 {
		return rd.errAt(off, rt, false, cell, "odd record length %d", length)
	}
	if !rt.Known() {
		return rd.errAt(off, rt, false, cell, "unknown record type 0x%02x", uint8(rt))
	}
	want := rt.ExpectedDataType()
	if dt != want && !(isWord(dt) && isWord(want)) {
		return rd.errAt(off, rt, true, cell, "data type %d, want %d", dt, want)
	}
	if want == NoData && length != headerSize {
		return rd.errAt(off, rt, true, cell, "%s carries %d data bytes, want none", rt, length-headerSize)
	}
	if size := want.elementSize(); want != NoData && want != ASCII && (length-headerSize)%size != 0 {
		return rd.errAt(off, rt, true, cell, "%d data bytes is not a whole number of %d-byte values", length-headerSize, size)
	}
	return nil
}

func isWord(d DataType) bool { return d == BitArray || d == Int2 }

func timestamps(d []byte) (layout.Timestamp, layout.Timestamp) {
	var a, b layout.Timestamp
	for i := 0; i < 6; i++ {
		a[i] = int16(binary.BigEndian.Uint16(d[2*i:]))
		b[i] = int16(binary.BigEndian.Uint16(d[12+2*i:]))
	}
	return a, b
}

// asciiString returns the string of an ASCII record without its NUL padding.
func asciiString(d []byte) string {
	for len(d) > 0 && d[len(d)-1] == 0 {
		d = d[:len(d)-1]
	}
	return string(d)
}

// merge records a fragment's parts in file order. The parts are joined
// into their cells by finish, once all are known, so that every slice is
// allocated once at its final size.
func (rd *reader) merge(f *fragment) {
	for _, w := range f.warnings {
		if len(rd.fragWarnings) < maxWarnings {
			rd.fragWarnings = append(rd.fragWarnings, w)
		} else {
			rd.moreWarnings++
		}
	}
	rd.moreWarnings += f.more
	for i := range f.cells {
		cf := &f.cells[i]
		for len(rd.parts) <= cf.idx {
			rd.parts = append(rd.parts, nil)
		}
		p := rd.parts[cf.idx]
		if p == nil {
			p = &cellParts{layers: make(map[layout.LayerKey][]*layout.Shapes)}
			rd.parts[cf.idx] = p
		}
		for k, s := range cf.layers {
			p.layers[k] = append(p.layers[k], s)
		}
		if len(cf.refs) > 0 {
			p.refs = append(p.refs, pendingRefs{cf.refs, cf.refNames, cf.refOffsets})
		}
	}
}

// cellParts are the decoded pieces of one cell, in file order.
type cellParts struct {
	layers map[layout.LayerKey][]*layout.Shapes
	refs   []pendingRefs
}

type pendingRefs struct {
	refs    []layout.Ref
	names   []string
	offsets []int64
}

// finish joins the parts of every cell and links references to their
// cells.
func (rd *reader) finish() error {
	for idx, p := range rd.parts {
		if p == nil {
			continue
		}
		c := rd.lib.Cells[idx]
		for k, parts := range p.layers {
			c.Layers[k] = joinShapes(parts)
		}
		n := 0
		for _, pr := range p.refs {
			n += len(pr.refs)
		}
		c.Refs = make([]layout.Ref, 0, n)
		for _, pr := range p.refs {
			for i := range pr.refs {
				target, ok := rd.cellIndex[pr.names[i]]
				if !ok {
					rt := SREF
					if pr.refs[i].IsArray {
						rt = AREF
					}
					return rd.errAt(pr.offsets[i], rt, true, c.Name, "reference to undefined cell %q", pr.names[i])
				}
				r := pr.refs[i]
				r.Cell = rd.lib.Cells[target]
				c.Refs = append(c.Refs, r)
			}
		}
		rd.parts[idx] = nil
	}
	return nil
}

// joinShapes concatenates the parts of one layer: polygon arenas are shared,
// the other slices copied once into slices of their final size.
func joinShapes(parts []*layout.Shapes) *layout.Shapes {
	if len(parts) == 1 {
		return parts[0]
	}
	out := &layout.Shapes{}
	var np, nb, nn, nt int
	for _, s := range parts {
		np += len(s.Paths)
		nb += len(s.Boxes)
		nn += len(s.Nodes)
		nt += len(s.Texts)
	}
	if np > 0 {
		out.Paths = make([]layout.Path, 0, np)
	}
	if nb > 0 {
		out.Boxes = make([]layout.BoxElement, 0, nb)
	}
	if nn > 0 {
		out.Nodes = make([]layout.Node, 0, nn)
	}
	if nt > 0 {
		out.Texts = make([]layout.Text, 0, nt)
	}
	for i, s := range parts {
		out.Polygons.AppendSet(&s.Polygons)
		out.Paths = append(out.Paths, s.Paths...)
		out.Boxes = append(out.Boxes, s.Boxes...)
		out.Nodes = append(out.Nodes, s.Nodes...)
		out.Texts = append(out.Texts, s.Texts...)
		parts[i] = nil
	}
	return out
}

// resolve checks the hierarchy for cycles.
func (rd *reader) resolve() error {
	if _, err := rd.lib.BottomUp(); err != nil {
		var ce *layout.CycleError
		if errors.As(err, &ce) && len(ce.Path) > 0 {
			idx := rd.cellIndex[ce.Path[0]]
			return rd.errAt(rd.cellStart[idx], BGNSTR, true, ce.Path[0], "%v", err)
		}
		return err
	}
	return nil
}
