package gds

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/layout"
)

// diffLibraries compares two libraries structurally (polygon sets through
// their public API, everything else field by field) and describes the first
// difference, or returns "".
func diffLibraries(a, b *layout.Library) string {
	if a.Name != b.Name || a.Version != b.Version {
		return fmt.Sprintf("library %q version %d vs %q version %d", a.Name, a.Version, b.Name, b.Version)
	}
	if a.Modified != b.Modified || a.Accessed != b.Accessed {
		return fmt.Sprintf("library timestamps %v %v vs %v %v", a.Modified, a.Accessed, b.Modified, b.Accessed)
	}
	if a.UserUnit != b.UserUnit || a.MetersPerDBU != b.MetersPerDBU || a.UnitsRaw != b.UnitsRaw {
		return fmt.Sprintf("units %g %g %x vs %g %g %x", a.UserUnit, a.MetersPerDBU, a.UnitsRaw, b.UserUnit, b.MetersPerDBU, b.UnitsRaw)
	}
	if !reflect.DeepEqual(a.Extra, b.Extra) {
		return fmt.Sprintf("library records %+v vs %+v", a.Extra, b.Extra)
	}
	if len(a.Cells) != len(b.Cells) {
		return fmt.Sprintf("%d cells vs %d", len(a.Cells), len(b.Cells))
	}
	for i := range a.Cells {
		if d := diffCells(a.Cells[i], b.Cells[i]); d != "" {
			return fmt.Sprintf("cell %d %q: %s", i, a.Cells[i].Name, d)
		}
	}
	return ""
}

func diffCells(a, b *layout.Cell) string {
	if a.Name != b.Name {
		return fmt.Sprintf("name %q vs %q", a.Name, b.Name)
	}
	if a.Modified != b.Modified || a.Accessed != b.Accessed {
		return fmt.Sprintf("timestamps %v %v vs %v %v", a.Modified, a.Accessed, b.Modified, b.Accessed)
	}
	if !reflect.DeepEqual(a.Extra, b.Extra) {
		return fmt.Sprintf("records %+v vs %+v", a.Extra, b.Extra)
	}
	ka, kb := nonEmptyKeys(a), nonEmptyKeys(b)
	if !reflect.DeepEqual(ka, kb) {
		return fmt.Sprintf("layers %v vs %v", ka, kb)
	}
	for _, k := range ka {
		if d := diffShapes(a.Layers[k], b.Layers[k]); d != "" {
			return fmt.Sprintf("layer %v: %s", k, d)
		}
	}
	if len(a.Refs) != len(b.Refs) {
		return fmt.Sprintf("%d references vs %d", len(a.Refs), len(b.Refs))
	}
	for i := range a.Refs {
		ra, rb := a.Refs[i], b.Refs[i]
		if ra.Cell.Name != rb.Cell.Name {
			return fmt.Sprintf("reference %d: to %q vs %q", i, ra.Cell.Name, rb.Cell.Name)
		}
		ra.Cell, rb.Cell = nil, nil
		if !reflect.DeepEqual(ra, rb) {
			return fmt.Sprintf("reference %d: %+v vs %+v", i, ra, rb)
		}
	}
	return ""
}

func nonEmptyKeys(c *layout.Cell) []layout.LayerKey {
	var keys []layout.LayerKey
	for _, k := range c.LayerKeys() {
		if !c.Layers[k].IsEmpty() {
			keys = append(keys, k)
		}
	}
	return keys
}

func diffShapes(a, b *layout.Shapes) string {
	if a.Polygons.Len() != b.Polygons.Len() {
		return fmt.Sprintf("%d polygons vs %d", a.Polygons.Len(), b.Polygons.Len())
	}
	for i := 0; i < a.Polygons.Len(); i++ {
		pa, pb := a.Polygons.Polygon(i), b.Polygons.Polygon(i)
		if !slicesEqual(pa, pb) {
			return fmt.Sprintf("polygon %d: %d points %v vs %d points %v", i, len(pa), head(pa), len(pb), head(pb))
		}
		if ia, ib := a.Polygons.Info[i], b.Polygons.Info[i]; !reflect.DeepEqual(ia, ib) {
			return fmt.Sprintf("polygon %d info: %+v vs %+v", i, ia, ib)
		}
	}
	if len(a.Polygons.Info) != len(b.Polygons.Info) {
		return fmt.Sprintf("%d polygon infos vs %d", len(a.Polygons.Info), len(b.Polygons.Info))
	}
	if !reflect.DeepEqual(a.Paths, b.Paths) {
		return fmt.Sprintf("paths %+v vs %+v", a.Paths, b.Paths)
	}
	if !reflect.DeepEqual(a.Boxes, b.Boxes) {
		return fmt.Sprintf("boxes %+v vs %+v", a.Boxes, b.Boxes)
	}
	if !reflect.DeepEqual(a.Nodes, b.Nodes) {
		return fmt.Sprintf("nodes %+v vs %+v", a.Nodes, b.Nodes)
	}
	if !reflect.DeepEqual(a.Texts, b.Texts) {
		return fmt.Sprintf("texts %+v vs %+v", a.Texts, b.Texts)
	}
	return ""
}

func slicesEqual(a, b []layout.Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func head(p []layout.Point) []layout.Point {
	if len(p) > 6 {
		return p[:6]
	}
	return p
}

// readBytes reads data with the default options.
func readBytes(t testing.TB, data []byte) *layout.Library {
	t.Helper()
	lib, err := Read(bytes.NewReader(data), ReadOptions{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return lib
}

func info(flags *uint16, plex *int32, props ...layout.Property) *layout.ElementInfo {
	in := &layout.ElementInfo{Properties: props}
	if flags != nil {
		in.ElFlags, in.HasElFlags = *flags, true
	}
	if plex != nil {
		in.Plex, in.HasPlex = *plex, true
	}
	return in
}

func ptr[T any](v T) *T { return &v }

func rect(x0, y0, x1, y1 int32) []layout.Point {
	return []layout.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// everyKindLibrary is a library built in code holding every element kind and
// attribute the model can carry.
func everyKindLibrary() *layout.Library {
	lib := layout.NewLibrary("EVERY_KIND")
	lib.Version = 7
	lib.Modified = layout.Timestamp{2024, 2, 29, 23, 59, 58}
	lib.Accessed = layout.Timestamp{124, 1, 1, 0, 0, 0} // years since 1900, as some writers store them
	lib.UserUnit, lib.MetersPerDBU = 0.00025, 2.5e-10
	u0, _ := EncodeReal8(lib.UserUnit)
	u1, _ := EncodeReal8(lib.MetersPerDBU)
	lib.UnitsRaw = [2]uint64{u0, u1}
	lib.Extra = []layout.RawRecord{
		{Type: uint8(LIBDIRSIZE), DataType: uint8(Int2), Data: []byte{0, 8}},
		{Type: uint8(SRFNAME), DataType: uint8(ASCII), Data: []byte("srf.txt\x00")},
		{Type: uint8(LIBSECUR), DataType: uint8(Int2), Data: []byte{0, 1, 0, 2, 0, 3}},
		{Type: uint8(REFLIBS), DataType: uint8(ASCII), Data: append([]byte("lib1"), make([]byte, 40)...)},
		{Type: uint8(FONTS), DataType: uint8(ASCII), Data: make([]byte, 176)},
		{Type: uint8(ATTRTABLE), DataType: uint8(ASCII), Data: []byte("attrs.tab\x00")},
		{Type: uint8(GENERATIONS), DataType: uint8(Int2), Data: []byte{0, 3}},
		{Type: uint8(FORMAT), DataType: uint8(Int2), Data: []byte{0, 1}},
		{Type: uint8(MASK), DataType: uint8(ASCII), Data: []byte("1 2 ")},
		{Type: uint8(ENDMASKS), DataType: uint8(NoData)},
	}

	leaf := layout.NewCell("LEAF")
	leaf.Modified = layout.Timestamp{2023, 12, 31, 1, 2, 3}
	leaf.Accessed = layout.Timestamp{2024, 1, 1, 4, 5, 6}
	leaf.Extra = []layout.RawRecord{{Type: uint8(STRCLASS), DataType: uint8(BitArray), Data: []byte{0, 5}}}
	metal := leaf.Shapes(layout.LayerKey{Layer: 68, Datatype: 20})
	metal.Polygons.Add(rect(0, 0, 100, 50), nil)
	metal.Polygons.Add([]layout.Point{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 50, Y: 80}}, info(ptr[uint16](3), ptr[int32](-7), layout.Property{Attr: 1, Value: "net_a"}, layout.Property{Attr: 126, Value: "odd"}))
	metal.Polygons.Add(rect(-2147483648, -2147483648, 2147483647, 2147483647), info(nil, nil, layout.Property{Attr: -1, Value: ""}))
	for i, pt := range []layout.PathType{layout.PathFlush, layout.PathRound, layout.PathExtended, layout.PathCustom} {
		p := layout.Path{
			Points: []layout.Point{{X: 0, Y: int32(100 * i)}, {X: 500, Y: int32(100 * i)}, {X: 500, Y: int32(100*i + 300)}},
			Width:  int32(20 + i), Type: pt,
		}
		if pt == layout.PathCustom {
			p.BgnExtn, p.EndExtn, p.HasExtns = -5, 17, true
		}
		metal.Paths = append(metal.Paths, p)
	}
	metal.Paths = append(metal.Paths,
		layout.Path{Points: []layout.Point{{X: 1, Y: 1}, {X: 2, Y: 2}}, Width: -40, Type: layout.PathExtended, Info: info(nil, ptr[int32](1<<24))},
		layout.Path{Points: []layout.Point{{X: 7, Y: 7}}, Width: 0, Type: layout.PathFlush, BgnExtn: 3, HasExtns: true},
	)
	pins := leaf.Shapes(layout.LayerKey{Layer: 68, Datatype: 5})
	pins.Texts = append(pins.Texts,
		layout.Text{Pos: layout.Point{X: 10, Y: 20}, String: "VDD", Trans: layout.Strans{Mag: 1}},
		layout.Text{
			Pos: layout.Point{X: -3, Y: 4}, String: "a label with spaces, 0dd",
			Presentation: layout.Presentation(2<<4 | 1<<2 | 2), HasPresentation: true,
			PathType: layout.PathRound, HasPathType: true, Width: -8, HasWidth: true,
			Trans: layout.Strans{Reflect: true, AbsMag: true, AbsAngle: true, Mag: 0.5, HasMag: true, Angle: 270, HasAngle: true},
			Info:  info(ptr[uint16](1), nil, layout.Property{Attr: 5, Value: "pin"}),
		},
		layout.Text{Pos: layout.Point{}, String: "", Trans: layout.Strans{Mag: 1, Angle: 45.5, HasAngle: true}},
	)
	unsignedLayer := leaf.Shapes(layout.LayerKey{Layer: 65535, Datatype: 40000})
	unsignedLayer.Boxes = append(unsignedLayer.Boxes,
		layout.BoxElement{Points: [5]layout.Point{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}, {X: 0, Y: 0}}},
		layout.BoxElement{Points: [5]layout.Point{{X: 1, Y: 2}, {X: 3, Y: 4}, {X: 5, Y: 6}, {X: 7, Y: 8}, {X: 9, Y: 10}}, Info: info(nil, nil, layout.Property{Attr: 2, Value: "x"})},
	)
	unsignedLayer.Nodes = append(unsignedLayer.Nodes,
		layout.Node{Points: []layout.Point{{X: 5, Y: 5}}},
		layout.Node{Points: make([]layout.Point, 50), Info: info(ptr[uint16](2), nil)},
	)
	lib.AddCell(leaf)

	empty := layout.NewCell("EMPTY")
	lib.AddCell(empty)

	top := layout.NewCell("TOP")
	top.Refs = []layout.Ref{
		{Cell: leaf, Trans: layout.Strans{Mag: 1}, Origin: layout.Point{X: 1000, Y: 2000}, Cols: 1, Rows: 1},
		{Cell: leaf, Trans: layout.Strans{Reflect: true, Mag: 1}, Origin: layout.Point{X: -5, Y: 5}, Cols: 1, Rows: 1},
		{Cell: leaf, Trans: layout.Strans{Mag: 2.5, HasMag: true, Angle: 90, HasAngle: true}, Cols: 1, Rows: 1, Info: info(nil, nil, layout.Property{Attr: 3, Value: "inst"})},
		{Cell: leaf, Trans: layout.Strans{Reflect: true, AbsMag: true, AbsAngle: true, Mag: 1, HasMag: true, Angle: 0, HasAngle: true}, Cols: 1, Rows: 1},
		{Cell: empty, Trans: layout.Strans{Mag: 1}, Cols: 1, Rows: 1},
		{Cell: leaf, Trans: layout.Strans{Mag: 1}, Origin: layout.Point{X: 10, Y: 10}, IsArray: true, Cols: 4, Rows: 3,
			ColStep: layout.Point{X: 200}, RowStep: layout.Point{Y: 300}},
		{Cell: leaf, Trans: layout.Strans{Reflect: true, Mag: 0.25, HasMag: true, Angle: 180, HasAngle: true}, Origin: layout.Point{X: -100, Y: 7},
			IsArray: true, Cols: 1, Rows: 1, ColStep: layout.Point{X: 50, Y: 0}, RowStep: layout.Point{X: 0, Y: 60},
			Info: info(ptr[uint16](1), ptr[int32](99))},
		{Cell: leaf, Trans: layout.Strans{Mag: 1, Angle: 30, HasAngle: true}, IsArray: true, Cols: 32767, Rows: 2,
			ColStep: layout.Point{X: 10, Y: 5}, RowStep: layout.Point{X: -3, Y: 40}},
	}
	top.Shapes(layout.LayerKey{Layer: 0, Datatype: 0}).Polygons.Add(rect(0, 0, 1, 1), nil)
	lib.AddCell(top)
	return lib
}

func TestWriteRoundTripEveryKind(t *testing.T) {
	lib := everyKindLibrary()
	data := writeBytes(t, lib)
	for _, opt := range []ReadOptions{{}, {Workers: 3, BlockSize: 64}} {
		back, err := Read(bytes.NewReader(data), opt)
		if err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		if d := diffLibraries(lib, back); d != "" {
			t.Fatalf("%+v: read back differs: %s", opt, d)
		}
		if len(back.Warnings) != 0 {
			t.Errorf("warnings: %q", back.Warnings)
		}
		if again := writeBytes(t, back); !bytes.Equal(again, data) {
			t.Errorf("%+v: writing the read library gives other bytes", opt)
		}
	}
}

// The writer names every record once and in the order the GDSII manual gives.
func TestWriteRecordOrder(t *testing.T) {
	lib := layout.NewLibrary("L")
	c := layout.NewCell("C")
	c.Shapes(layout.LayerKey{Layer: 1, Datatype: 2}).Texts = []layout.Text{{
		String: "T", Trans: layout.Strans{Reflect: true, Mag: 2, HasMag: true, Angle: 90, HasAngle: true},
		Presentation: 5, HasPresentation: true, PathType: 1, HasPathType: true, Width: 3, HasWidth: true,
		Info: info(ptr[uint16](1), ptr[int32](2), layout.Property{Attr: 1, Value: "p"}),
	}}
	lib.AddCell(c)
	var names []string
	data := writeBytes(t, lib)
	for p := 0; p < len(data); p += int(data[p])<<8 | int(data[p+1]) {
		names = append(names, RecordType(data[p+2]).String())
	}
	want := "HEADER BGNLIB LIBNAME UNITS BGNSTR STRNAME TEXT ELFLAGS PLEX LAYER TEXTTYPE PRESENTATION PATHTYPE WIDTH STRANS MAG ANGLE XY STRING PROPATTR PROPVALUE ENDEL ENDSTR ENDLIB"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("records\n got %s\nwant %s", got, want)
	}
}

// Polygons and paths over GDSII's 8191 points per XY record are written as
// several XY records and read back unchanged.
func TestWriteLargePolygonRoundTrip(t *testing.T) {
	for _, n := range []int{maxXYPoints - 1, maxXYPoints, maxXYPoints + 1, 8191, 8192, 20000, 3*maxXYPoints + 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			pts := make([]layout.Point, n)
			for i := range pts {
				a := 2 * math.Pi * float64(i) / float64(n)
				pts[i] = layout.Point{X: int32(1e6 * math.Cos(a)), Y: int32(1e6 * math.Sin(a))}
			}
			pts[0] = layout.Point{X: 1e6 + 1} // not equal to any other point
			lib := layout.NewLibrary("BIG")
			c := layout.NewCell("C")
			s := c.Shapes(layout.LayerKey{Layer: 1})
			s.Polygons.Add(pts, nil)
			s.Paths = append(s.Paths, layout.Path{Points: pts, Width: 10})
			lib.AddCell(c)
			data := writeBytes(t, lib)
			for _, opt := range []ReadOptions{{}, {Workers: 2, BlockSize: 4096}} {
				back, err := Read(bytes.NewReader(data), opt)
				if err != nil {
					t.Fatal(err)
				}
				bs := back.Cells[0].Layers[layout.LayerKey{Layer: 1}]
				if got := bs.Polygons.Polygon(0); !slicesEqual(got, pts) {
					t.Fatalf("polygon of %d points read back with %d", n, len(got))
				}
				if got := bs.Paths[0].Points; !slicesEqual(got, pts) {
					t.Fatalf("path of %d points read back with %d", n, len(got))
				}
			}
		})
	}
}

// What GDSII cannot hold is an error, never garbage bytes.
func TestWriteRejects(t *testing.T) {
	long := strings.Repeat("x", maxRecordLength-headerSize+1)
	tests := []struct {
		name  string
		build func(lib *layout.Library, c *layout.Cell)
		msg   string
	}{
		{"AREF of 32768 columns", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], IsArray: true, Cols: 32768, Rows: 1, Trans: layout.Strans{Mag: 1}})
		}, "32768 columns"},
		{"AREF of 40000 rows", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], IsArray: true, Cols: 1, Rows: 40000, Trans: layout.Strans{Mag: 1}})
		}, "40000 rows"},
		{"AREF of 0 columns", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], IsArray: true, Cols: 0, Rows: 1})
		}, "0 x 1"},
		{"reference to a cell outside the library", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: layout.NewCell("STRANGER")})
		}, "STRANGER"},
		{"text string too long for a record", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Texts = []layout.Text{{String: long}}
		}, "does not fit"},
		{"cell name too long for a record", func(lib *layout.Library, c *layout.Cell) {
			lib.Cells[0].Name = long
		}, "does not fit"},
		{"empty cell name", func(lib *layout.Library, c *layout.Cell) {
			lib.Cells[0].Name = ""
		}, "empty"},
		{"property value too long", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Polygons.Add(rect(0, 0, 1, 1), &layout.ElementInfo{Properties: []layout.Property{{Attr: 1, Value: long}}})
		}, "does not fit"},
		{"library name too long", func(lib *layout.Library, c *layout.Cell) {
			lib.Name = long
		}, "does not fit"},
		{"polygon without points", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Polygons.Add(nil, nil)
		}, "without points"},
		{"path without points", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Paths = []layout.Path{{Width: 3}}
		}, "without points"},
		{"path type 3", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Paths = []layout.Path{{Points: []layout.Point{{X: 0, Y: 0}}, Type: 3}}
		}, "path type 3"},
		{"text path type -1", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Texts = []layout.Text{{String: "a", PathType: -1, HasPathType: true, Trans: layout.Strans{Mag: 1}}}
		}, "path type -1"},
		{"node of 51 points", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Nodes = []layout.Node{{Points: make([]layout.Point, 51)}}
		}, "51 points"},
		{"node without points", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Nodes = []layout.Node{{}}
		}, "0 points"},
		{"magnification 0", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], Trans: layout.Strans{Mag: 0, HasMag: true}})
		}, "magnification"},
		{"negative magnification", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], Trans: layout.Strans{Mag: -2}})
		}, "magnification"},
		{"NaN angle", func(lib *layout.Library, c *layout.Cell) {
			c.Shapes(layout.LayerKey{}).Texts = []layout.Text{{String: "a", Trans: layout.Strans{Mag: 1, Angle: math.NaN(), HasAngle: true}}}
		}, "ANGLE"},
		{"angle beyond what a reader accepts", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], Trans: layout.Strans{Mag: 1, Angle: 1e12, HasAngle: true}})
		}, "ANGLE"},
		{"infinite magnification", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], Trans: layout.Strans{Mag: math.Inf(1), HasMag: true}})
		}, "MAG +Inf"},
		{"AREF whose corner points overflow 32 bits", func(lib *layout.Library, c *layout.Cell) {
			c.Refs = append(c.Refs, layout.Ref{Cell: lib.Cells[0], IsArray: true, Cols: 2, Rows: 1, ColStep: layout.Point{X: math.MaxInt32}, Trans: layout.Strans{Mag: 1}})
		}, "do not fit"},
		{"database unit out of the real range", func(lib *layout.Library, c *layout.Cell) {
			lib.MetersPerDBU = math.Inf(1)
		}, "UNITS"},
		{"zero database unit", func(lib *layout.Library, c *layout.Cell) {
			lib.MetersPerDBU = 0
		}, "UNITS"},
		{"library record too long", func(lib *layout.Library, c *layout.Cell) {
			lib.Extra = append(lib.Extra, layout.RawRecord{Type: uint8(REFLIBS), DataType: uint8(ASCII), Data: make([]byte, 70000)})
		}, "does not fit"},
		{"library record of odd length", func(lib *layout.Library, c *layout.Cell) {
			lib.Extra = append(lib.Extra, layout.RawRecord{Type: uint8(REFLIBS), DataType: uint8(ASCII), Data: []byte("abc")})
		}, "odd"},
		{"element record among the library records", func(lib *layout.Library, c *layout.Cell) {
			lib.Extra = append(lib.Extra, layout.RawRecord{Type: uint8(BOUNDARY), DataType: uint8(NoData)})
		}, "BOUNDARY"},
		{"library record of the wrong data type", func(lib *layout.Library, c *layout.Cell) {
			lib.Extra = append(lib.Extra, layout.RawRecord{Type: uint8(GENERATIONS), DataType: uint8(Real8), Data: make([]byte, 8)})
		}, "data type"},
		{"unknown record type among the library records", func(lib *layout.Library, c *layout.Cell) {
			lib.Extra = append(lib.Extra, layout.RawRecord{Type: 0x70, DataType: uint8(Int2), Data: make([]byte, 2)})
		}, "0x70"},
		{"library record in a structure", func(lib *layout.Library, c *layout.Cell) {
			c.Extra = append(c.Extra, layout.RawRecord{Type: uint8(REFLIBS), DataType: uint8(ASCII), Data: []byte("ab")})
		}, "REFLIBS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lib := layout.NewLibrary("L")
			lib.AddCell(layout.NewCell("A"))
			c := lib.AddCell(layout.NewCell("TOP"))
			tc.build(lib, c)
			var buf bytes.Buffer
			err := Write(&buf, lib)
			if err == nil {
				t.Fatalf("wrote %d bytes without error", buf.Len())
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written before the error", buf.Len())
			}
		})
	}
}

// Writing twice gives the same bytes, and map order does not leak.
func TestWriteDeterministic(t *testing.T) {
	lib := everyKindLibrary()
	first := writeBytes(t, lib)
	for i := 0; i < 20; i++ {
		if again := writeBytes(t, lib); !bytes.Equal(again, first) {
			t.Fatal("two writes of one library differ")
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.gds")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := layout.NewLibrary("L")
	leaf := bad.AddCell(layout.NewCell("A"))
	bad.AddCell(layout.NewCell("B")).Refs = []layout.Ref{{Cell: leaf, IsArray: true, Cols: 1 << 20, Rows: 1}}
	if err := WriteFile(path, bad); err == nil {
		t.Fatal("a library that GDSII cannot hold was written")
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("a failed write changed the file to %d bytes", len(got))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed write left %d files behind", len(entries))
	}
	lib := everyKindLibrary()
	if err := WriteFile(path, lib); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := diffLibraries(lib, back); d != "" {
		t.Fatal(d)
	}
}
