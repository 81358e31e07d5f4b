package gds

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/layoutmig/layoutmig/layout"
)

// element accumulates the records of one element until its ENDEL.
type element struct {
	kind     RecordType
	off      int64
	layer    uint16
	dtype    uint16
	hasLayer bool
	hasType  bool
	xy       []layout.Point
	nxy      int // number of XY records
	width    int32
	hasWidth bool
	ptype    int16
	hasPType bool
	bgnExtn  int32
	endExtn  int32
	hasBgn   bool
	hasEnd   bool
	sname    string
	hasSname bool
	strans   layout.Strans
	cols     int
	rows     int
	hasCR    bool
	pres     uint16
	hasPres  bool
	str      string
	hasStr   bool
	info     *layout.ElementInfo
	propAttr int16
	hasAttr  bool
}

// recordSet is a set of record types as a bit mask.
type recordSet uint64

func setOf(ts ...RecordType) recordSet {
	var m recordSet
	for _, t := range ts {
		m |= 1 << t
	}
	return m
}

func (m recordSet) has(t RecordType) bool { return t < 64 && m&(1<<t) != 0 }

// allowed lists, per element kind, the records it may hold besides the
// common ELFLAGS, PLEX, XY, PROPATTR, PROPVALUE and ENDEL.
var allowed = [numRecordTypes]recordSet{
	BOUNDARY: setOf(LAYER, DATATYPE),
	PATH:     setOf(LAYER, DATATYPE, PATHTYPE, WIDTH, BGNEXTN, ENDEXTN),
	SREF:     setOf(SNAME, STRANS, MAG, ANGLE),
	AREF:     setOf(SNAME, STRANS, MAG, ANGLE, COLROW),
	TEXT:     setOf(LAYER, TEXTTYPE, PRESENTATION, PATHTYPE, WIDTH, STRANS, MAG, ANGLE, STRING),
	NODE:     setOf(LAYER, NODETYPE),
	BOX:      setOf(LAYER, BOXTYPE),
}

// obsolete records are read over with a warning.
var obsolete = setOf(TEXTNODE, SPACING, UINTEGER, USTRING, STYPTABLE, STRTYPE,
	ELKEY, LINKTYPE, LINKKEYS, TAPENUM, TAPECODE, RESERVED)

// decoder turns the element records of one segment into shapes.
type decoder struct {
	rd       *reader
	cell     string
	frag     *cellFrag
	warnings *[]string
	more     *int // warnings counted beyond maxWarnings
	lastKey  layout.LayerKey
	lastSh   *layout.Shapes
	names    map[string]string // interned SNAMEs and text strings
	scratch  []layout.Point
	// polys are per-layer arenas reused from segment to segment; each
	// segment's polygons are copied out at their exact size.
	polys map[layout.LayerKey]*layout.PolygonSet
	lastP *layout.PolygonSet
}

func newDecoder(rd *reader) *decoder {
	return &decoder{rd: rd, polys: make(map[layout.LayerKey]*layout.PolygonSet)}
}

func (rd *reader) decodeChunk(c *chunk) (*fragment, error) {
	f := &fragment{seq: c.seq, cells: make([]cellFrag, 0, len(c.segs))}
	d := rd.decoders.Get().(*decoder)
	defer rd.decoders.Put(d)
	d.warnings, d.more = &f.warnings, &f.more
	d.names = make(map[string]string)
	for _, sg := range c.segs {
		f.cells = append(f.cells, cellFrag{cell: sg.cell, idx: sg.idx, layers: make(map[layout.LayerKey]*layout.Shapes)})
		d.frag = &f.cells[len(f.cells)-1]
		d.cell = sg.cell.Name
		d.lastSh = nil
		if err := d.segment(c.buf[sg.start:sg.end], c.base+int64(sg.start)); err != nil {
			for _, p := range d.polys {
				p.Reset()
			}
			d.lastP = nil
			return nil, err
		}
		for k, p := range d.polys {
			if p.Len() > 0 {
				d.shapes(k).Polygons = p.Clone()
				p.Reset()
			}
		}
		d.lastP = nil
	}
	return f, nil
}

// warn records a warning; beyond maxWarnings per chunk it only counts, so
// that a flood of them costs no memory (the reader lists the first
// maxWarnings of the file, which lie within each chunk's first ones).
func (d *decoder) warn(format string, args ...any) {
	if len(*d.warnings) >= maxWarnings {
		*d.more++
		return
	}
	*d.warnings = append(*d.warnings, fmt.Sprintf(format, args...))
}

func (d *decoder) errAt(off int64, rt RecordType, format string, args ...any) error {
	return d.rd.errAt(off, rt, true, d.cell, format, args...)
}

func (d *decoder) shapes(k layout.LayerKey) *layout.Shapes {
	if d.lastSh != nil && d.lastKey == k {
		return d.lastSh
	}
	s := d.frag.layers[k]
	if s == nil {
		s = &layout.Shapes{}
		d.frag.layers[k] = s
	}
	d.lastKey, d.lastSh, d.lastP = k, s, nil
	return s
}

func (d *decoder) segment(b []byte, base int64) error {
	var e element
	inElem := false
	for p := 0; p < len(b); {
		length := int(binary.BigEndian.Uint16(b[p:]))
		rt := RecordType(b[p+2])
		data := b[p+headerSize : p+length]
		off := base + int64(p)
		p += length
		if !inElem {
			e = element{kind: rt, off: off, xy: d.scratch[:0], strans: layout.Strans{Mag: 1}}
			inElem = true
			continue
		}
		switch rt {
		case ENDEL:
			if err := d.commit(&e); err != nil {
				return err
			}
			d.scratch = e.xy[:0]
			inElem = false
			continue
		case ELFLAGS:
			if len(data) != 2 {
				return d.errAt(off, rt, "holds %d bytes, want 2", len(data))
			}
			e.infoPtr().ElFlags = binary.BigEndian.Uint16(data)
			e.info.HasElFlags = true
			continue
		case PLEX:
			if len(data) != 4 {
				return d.errAt(off, rt, "holds %d bytes, want 4", len(data))
			}
			e.infoPtr().Plex = int32(binary.BigEndian.Uint32(data))
			e.info.HasPlex = true
			continue
		case PROPATTR:
			if len(data) != 2 {
				return d.errAt(off, rt, "holds %d bytes, want 2", len(data))
			}
			if e.hasAttr {
				return d.errAt(off, rt, "PROPATTR without PROPVALUE before it")
			}
			e.propAttr, e.hasAttr = int16(binary.BigEndian.Uint16(data)), true
			continue
		case PROPVALUE:
			if !e.hasAttr {
				return d.errAt(off, rt, "PROPVALUE without PROPATTR")
			}
			e.infoPtr().Properties = append(e.info.Properties, layout.Property{Attr: e.propAttr, Value: asciiString(data)})
			e.hasAttr = false
			continue
		case XY:
			if len(data)%8 != 0 {
				return d.errAt(off, rt, "%d bytes is not a whole number of points", len(data))
			}
			if e.nxy > 0 && e.kind != BOUNDARY && e.kind != PATH {
				return d.errAt(off, rt, "second XY record in a %s", e.kind)
			}
			e.nxy++
			for i := 0; i+8 <= len(data); i += 8 {
				e.xy = append(e.xy, layout.Point{
					X: int32(binary.BigEndian.Uint32(data[i:])),
					Y: int32(binary.BigEndian.Uint32(data[i+4:])),
				})
			}
			continue
		}
		if obsolete.has(rt) {
			d.warn("%s: cell %s: obsolete %s record at offset 0x%x ignored", d.rd.opt.FileName, d.cell, rt, off)
			continue
		}
		if e.kind >= numRecordTypes || !allowed[e.kind].has(rt) {
			return d.errAt(off, rt, "%s does not belong in a %s element", rt, e.kind)
		}
		if err := d.field(&e, rt, data, off); err != nil {
			return err
		}
	}
	if inElem {
		return d.errAt(e.off, e.kind, "element not closed by ENDEL")
	}
	return nil
}

func (e *element) infoPtr() *layout.ElementInfo {
	if e.info == nil {
		e.info = &layout.ElementInfo{}
	}
	return e.info
}

func int2(data []byte) int16    { return int16(binary.BigEndian.Uint16(data)) }
func int4(data []byte) int32    { return int32(binary.BigEndian.Uint32(data)) }
func real8(data []byte) float64 { return DecodeReal8(binary.BigEndian.Uint64(data)) }

// field stores an element-specific record.
func (d *decoder) field(e *element, rt RecordType, data []byte, off int64) error {
	need := func(n int) error {
		if len(data) != n {
			return d.errAt(off, rt, "holds %d bytes, want %d", len(data), n)
		}
		return nil
	}
	switch rt {
	case LAYER:
		if err := need(2); err != nil {
			return err
		}
		e.layer, e.hasLayer = binary.BigEndian.Uint16(data), true
	case DATATYPE, TEXTTYPE, NODETYPE, BOXTYPE:
		if err := need(2); err != nil {
			return err
		}
		e.dtype, e.hasType = binary.BigEndian.Uint16(data), true
	case WIDTH:
		if err := need(4); err != nil {
			return err
		}
		e.width, e.hasWidth = int4(data), true
	case PATHTYPE:
		if err := need(2); err != nil {
			return err
		}
		e.ptype, e.hasPType = int2(data), true
		switch e.ptype {
		case 0, 1, 2, 4:
		default:
			return d.errAt(off, rt, "path type %d: GDSII defines 0, 1, 2 and 4", e.ptype)
		}
	case BGNEXTN:
		if err := need(4); err != nil {
			return err
		}
		e.bgnExtn, e.hasBgn = int4(data), true
	case ENDEXTN:
		if err := need(4); err != nil {
			return err
		}
		e.endExtn, e.hasEnd = int4(data), true
	case SNAME:
		name := d.intern(data)
		if name == "" {
			return d.errAt(off, rt, "empty structure name")
		}
		e.sname, e.hasSname = name, true
	case STRANS:
		if err := need(2); err != nil {
			return err
		}
		bits := binary.BigEndian.Uint16(data)
		e.strans.Reflect = bits&0x8000 != 0
		e.strans.AbsMag = bits&0x0004 != 0
		e.strans.AbsAngle = bits&0x0002 != 0
	case MAG:
		if err := need(8); err != nil {
			return err
		}
		m := real8(data)
		if !(m > 0) {
			return d.errAt(off, rt, "magnification %g must be positive", m)
		}
		if _, err := EncodeReal8(m); err != nil {
			return d.errAt(off, rt, "magnification %g: %v", m, err)
		}
		e.strans.Mag, e.strans.HasMag = m, true
	case ANGLE:
		if err := need(8); err != nil {
			return err
		}
		a := real8(data)
		if math.IsInf(a, 0) || math.Abs(a) > 1e9 {
			return d.errAt(off, rt, "angle %g degrees is out of range", a)
		}
		e.strans.Angle, e.strans.HasAngle = a, true
	case COLROW:
		if err := need(4); err != nil {
			return err
		}
		e.cols, e.rows, e.hasCR = int(int2(data)), int(int2(data[2:])), true
		if e.cols < 1 || e.rows < 1 {
			return d.errAt(off, rt, "array of %d columns and %d rows: both must be at least 1", e.cols, e.rows)
		}
	case PRESENTATION:
		if err := need(2); err != nil {
			return err
		}
		e.pres, e.hasPres = binary.BigEndian.Uint16(data), true
	case STRING:
		e.str, e.hasStr = d.intern(data), true
	}
	return nil
}

// commit turns a complete element into shapes or a reference.
func (d *decoder) commit(e *element) error {
	if e.hasAttr {
		return d.errAt(e.off, e.kind, "PROPATTR without PROPVALUE")
	}
	n := len(e.xy)
	if e.nxy == 0 {
		return d.errAt(e.off, e.kind, "element without XY")
	}
	switch e.kind {
	case BOUNDARY, PATH, TEXT, NODE, BOX:
		if !e.hasLayer {
			return d.errAt(e.off, e.kind, "element without LAYER")
		}
		if !e.hasType {
			return d.errAt(e.off, e.kind, "element without its type record (DATATYPE, TEXTTYPE, NODETYPE or BOXTYPE)")
		}
	}
	key := layout.LayerKey{Layer: e.layer, Datatype: e.dtype}
	switch e.kind {
	case BOUNDARY:
		if n < 1 {
			return d.errAt(e.off, e.kind, "BOUNDARY without points")
		}
		if d.lastP == nil || d.lastKey != key {
			d.shapes(key)
			p := d.polys[key]
			if p == nil {
				p = &layout.PolygonSet{}
				d.polys[key] = p
			}
			d.lastP = p
		}
		d.lastP.Add(e.xy, e.info)
	case PATH:
		if n < 1 {
			return d.errAt(e.off, e.kind, "PATH without points")
		}
		p := layout.Path{
			Points:   append([]layout.Point(nil), e.xy...),
			Width:    e.width,
			Type:     layout.PathType(e.ptype),
			BgnExtn:  e.bgnExtn,
			EndExtn:  e.endExtn,
			HasExtns: e.hasBgn || e.hasEnd,
			Info:     e.info,
		}
		s := d.shapes(key)
		s.Paths = append(s.Paths, p)
	case BOX:
		if n != 5 {
			return d.errAt(e.off, e.kind, "BOX with %d points, want 5", n)
		}
		var b layout.BoxElement
		copy(b.Points[:], e.xy)
		b.Info = e.info
		s := d.shapes(key)
		s.Boxes = append(s.Boxes, b)
	case NODE:
		if n < 1 || n > 50 {
			return d.errAt(e.off, e.kind, "NODE with %d points, want 1 to 50", n)
		}
		s := d.shapes(key)
		s.Nodes = append(s.Nodes, layout.Node{Points: append([]layout.Point(nil), e.xy...), Info: e.info})
	case TEXT:
		if n != 1 {
			return d.errAt(e.off, e.kind, "TEXT with %d points, want 1", n)
		}
		if !e.hasStr {
			return d.errAt(e.off, e.kind, "TEXT without STRING")
		}
		t := layout.Text{
			Pos:             e.xy[0],
			String:          e.str,
			Presentation:    layout.Presentation(e.pres),
			HasPresentation: e.hasPres,
			PathType:        layout.PathType(e.ptype),
			HasPathType:     e.hasPType,
			Width:           e.width,
			HasWidth:        e.hasWidth,
			Trans:           e.strans,
			Info:            e.info,
		}
		s := d.shapes(key)
		s.Texts = append(s.Texts, t)
	case SREF, AREF:
		if !e.hasSname {
			return d.errAt(e.off, e.kind, "%s without SNAME", e.kind)
		}
		r := layout.Ref{Trans: e.strans, Info: e.info, Cols: 1, Rows: 1}
		if e.kind == SREF {
			if n != 1 {
				return d.errAt(e.off, e.kind, "SREF with %d points, want 1", n)
			}
			r.Origin = e.xy[0]
		} else {
			if !e.hasCR {
				return d.errAt(e.off, e.kind, "AREF without COLROW")
			}
			if n != 3 {
				return d.errAt(e.off, e.kind, "AREF with %d points, want 3", n)
			}
			r.IsArray, r.Cols, r.Rows, r.Origin = true, e.cols, e.rows, e.xy[0]
			var exact, fits bool
			r.ColStep, exact, fits = step(e.xy[0], e.xy[1], e.cols)
			rs, exact2, fits2 := step(e.xy[0], e.xy[2], e.rows)
			r.RowStep = rs
			if !fits || !fits2 {
				return d.errAt(e.off, e.kind, "AREF of %s: the array pitch does not fit 32-bit coordinates", e.sname)
			}
			if !exact || !exact2 {
				d.warn("%s: cell %s: AREF of %s at offset 0x%x: array extent is not a whole multiple of %d x %d; pitch rounded", d.rd.opt.FileName, d.cell, e.sname, e.off, e.cols, e.rows)
			}
		}
		if len(d.frag.refs) == cap(d.frag.refs) {
			// Double: append grows large slices by 1.25x, which for a
			// run of tiny SREFs allocates five times their final size.
			n := max(2*len(d.frag.refs), 16)
			d.frag.refs = slices.Grow(d.frag.refs, n-len(d.frag.refs))
			d.frag.refNames = slices.Grow(d.frag.refNames, n-len(d.frag.refNames))
			d.frag.refOffsets = slices.Grow(d.frag.refOffsets, n-len(d.frag.refOffsets))
		}
		d.frag.refs = append(d.frag.refs, r)
		d.frag.refNames = append(d.frag.refNames, e.sname)
		d.frag.refOffsets = append(d.frag.refOffsets, e.off)
	}
	return nil
}

// step divides the displacement from a to b into n equal steps, rounding
// half away from zero, and reports whether the division was exact and
// whether the step fits 32-bit coordinates.
func step(a, b layout.Point, n int) (p layout.Point, exact, fits bool) {
	dx, dy := int64(b.X)-int64(a.X), int64(b.Y)-int64(a.Y)
	k := int64(n)
	exact = dx%k == 0 && dy%k == 0
	sx, sy := math.Round(float64(dx)/float64(k)), math.Round(float64(dy)/float64(k))
	fits = sx >= math.MinInt32 && sx <= math.MaxInt32 && sy >= math.MinInt32 && sy <= math.MaxInt32
	return layout.Point{X: int32(sx), Y: int32(sy)}, exact, fits
}

// intern returns the string of an ASCII record, shared with earlier equal
// strings of the same chunk (labels and cell names repeat a lot).
func (d *decoder) intern(data []byte) string {
	for len(data) > 0 && data[len(data)-1] == 0 {
		data = data[:len(data)-1]
	}
	if s, ok := d.names[string(data)]; ok {
		return s
	}
	s := string(data)
	d.names[s] = s
	return s
}
