package gds

import "fmt"

// RecordType is the second byte of a GDSII record header.
type RecordType uint8

// The GDSII record types (GDSII Stream Format Manual, release 6.0).
const (
	HEADER         RecordType = 0x00
	BGNLIB         RecordType = 0x01
	LIBNAME        RecordType = 0x02
	UNITS          RecordType = 0x03
	ENDLIB         RecordType = 0x04
	BGNSTR         RecordType = 0x05
	STRNAME        RecordType = 0x06
	ENDSTR         RecordType = 0x07
	BOUNDARY       RecordType = 0x08
	PATH           RecordType = 0x09
	SREF           RecordType = 0x0A
	AREF           RecordType = 0x0B
	TEXT           RecordType = 0x0C
	LAYER          RecordType = 0x0D
	DATATYPE       RecordType = 0x0E
	WIDTH          RecordType = 0x0F
	XY             RecordType = 0x10
	ENDEL          RecordType = 0x11
	SNAME          RecordType = 0x12
	COLROW         RecordType = 0x13
	TEXTNODE       RecordType = 0x14
	NODE           RecordType = 0x15
	TEXTTYPE       RecordType = 0x16
	PRESENTATION   RecordType = 0x17
	SPACING        RecordType = 0x18
	STRING         RecordType = 0x19
	STRANS         RecordType = 0x1A
	MAG            RecordType = 0x1B
	ANGLE          RecordType = 0x1C
	UINTEGER       RecordType = 0x1D
	USTRING        RecordType = 0x1E
	REFLIBS        RecordType = 0x1F
	FONTS          RecordType = 0x20
	PATHTYPE       RecordType = 0x21
	GENERATIONS    RecordType = 0x22
	ATTRTABLE      RecordType = 0x23
	STYPTABLE      RecordType = 0x24
	STRTYPE        RecordType = 0x25
	ELFLAGS        RecordType = 0x26
	ELKEY          RecordType = 0x27
	LINKTYPE       RecordType = 0x28
	LINKKEYS       RecordType = 0x29
	NODETYPE       RecordType = 0x2A
	PROPATTR       RecordType = 0x2B
	PROPVALUE      RecordType = 0x2C
	BOX            RecordType = 0x2D
	BOXTYPE        RecordType = 0x2E
	PLEX           RecordType = 0x2F
	BGNEXTN        RecordType = 0x30
	ENDEXTN        RecordType = 0x31
	TAPENUM        RecordType = 0x32
	TAPECODE       RecordType = 0x33
	STRCLASS       RecordType = 0x34
	RESERVED       RecordType = 0x35
	FORMAT         RecordType = 0x36
	MASK           RecordType = 0x37
	ENDMASKS       RecordType = 0x38
	LIBDIRSIZE     RecordType = 0x39
	SRFNAME        RecordType = 0x3A
	LIBSECUR       RecordType = 0x3B
	numRecordTypes RecordType = 0x3C
)

// DataType is the third byte of a GDSII record header.
type DataType uint8

// The GDSII data types.
const (
	NoData   DataType = 0
	BitArray DataType = 1
	Int2     DataType = 2
	Int4     DataType = 3
	Real4    DataType = 4
	Real8    DataType = 5
	ASCII    DataType = 6
)

var recordNames = [numRecordTypes]string{
	"HEADER", "BGNLIB", "LIBNAME", "UNITS", "ENDLIB", "BGNSTR", "STRNAME", "ENDSTR",
	"BOUNDARY", "PATH", "SREF", "AREF", "TEXT", "LAYER", "DATATYPE", "WIDTH",
	"XY", "ENDEL", "SNAME", "COLROW", "TEXTNODE", "NODE", "TEXTTYPE", "PRESENTATION",
	"SPACING", "STRING", "STRANS", "MAG", "ANGLE", "UINTEGER", "USTRING", "REFLIBS",
	"FONTS", "PATHTYPE", "GENERATIONS", "ATTRTABLE", "STYPTABLE", "STRTYPE", "ELFLAGS", "ELKEY",
	"LINKTYPE", "LINKKEYS", "NODETYPE", "PROPATTR", "PROPVALUE", "BOX", "BOXTYPE", "PLEX",
	"BGNEXTN", "ENDEXTN", "TAPENUM", "TAPECODE", "STRCLASS", "RESERVED", "FORMAT", "MASK",
	"ENDMASKS", "LIBDIRSIZE", "SRFNAME", "LIBSECUR",
}

// recordDataTypes is the data type each record must carry.
var recordDataTypes = [numRecordTypes]DataType{
	HEADER: Int2, BGNLIB: Int2, LIBNAME: ASCII, UNITS: Real8, ENDLIB: NoData,
	BGNSTR: Int2, STRNAME: ASCII, ENDSTR: NoData, BOUNDARY: NoData, PATH: NoData,
	SREF: NoData, AREF: NoData, TEXT: NoData, LAYER: Int2, DATATYPE: Int2,
	WIDTH: Int4, XY: Int4, ENDEL: NoData, SNAME: ASCII, COLROW: Int2,
	TEXTNODE: NoData, NODE: NoData, TEXTTYPE: Int2, PRESENTATION: BitArray, SPACING: Int2,
	STRING: ASCII, STRANS: BitArray, MAG: Real8, ANGLE: Real8, UINTEGER: Int4,
	USTRING: ASCII, REFLIBS: ASCII, FONTS: ASCII, PATHTYPE: Int2, GENERATIONS: Int2,
	ATTRTABLE: ASCII, STYPTABLE: ASCII, STRTYPE: Int2, ELFLAGS: BitArray, ELKEY: Int4,
	LINKTYPE: Int2, LINKKEYS: Int4, NODETYPE: Int2, PROPATTR: Int2, PROPVALUE: ASCII,
	BOX: NoData, BOXTYPE: Int2, PLEX: Int4, BGNEXTN: Int4, ENDEXTN: Int4,
	TAPENUM: Int2, TAPECODE: Int2, STRCLASS: BitArray, RESERVED: Int4, FORMAT: Int2,
	MASK: ASCII, ENDMASKS: NoData, LIBDIRSIZE: Int2, SRFNAME: ASCII, LIBSECUR: Int2,
}

// String returns the record's name as the GDSII manual spells it.
func (t RecordType) String() string {
	if t < numRecordTypes {
		return recordNames[t]
	}
	return fmt.Sprintf("record type 0x%02x", uint8(t))
}

// Known reports whether t is a record type of the GDSII standard.
func (t RecordType) Known() bool { return t < numRecordTypes }

// ExpectedDataType is the data type the standard prescribes for t.
func (t RecordType) ExpectedDataType() DataType {
	if t < numRecordTypes {
		return recordDataTypes[t]
	}
	return NoData
}

// elementSize is the size in bytes of one datum of the data type.
func (d DataType) elementSize() int {
	switch d {
	case BitArray, Int2:
		return 2
	case Int4, Real4:
		return 4
	case Real8:
		return 8
	}
	return 1
}

// headerSize is the size of a record header: 2 bytes length, record type,
// data type.
const headerSize = 4

// maxRecordLength is the largest length a record header can express, kept
// even.
const maxRecordLength = 0xFFFE

// maxXYPoints is the number of points one XY record can hold.
const maxXYPoints = (maxRecordLength - headerSize) / 8
