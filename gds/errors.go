package gds

import "fmt"

// FormatError reports malformed GDSII input: where it is and what is wrong.
type FormatError struct {
	File   string     // file name, if known
	Offset int64      // byte offset of the offending record
	Record RecordType // the offending record's type
	// HasRecord is false when the error is not about a particular record
	// (truncated header, missing ENDLIB, unresolved reference).
	HasRecord bool
	Cell      string // the structure being read, if any
	Msg       string
}

func (e *FormatError) Error() string {
	s := ""
	if e.File != "" {
		s = e.File + ": "
	}
	if e.Cell != "" {
		s += fmt.Sprintf("cell %s: ", e.Cell)
	}
	if e.HasRecord {
		s += fmt.Sprintf("%s at offset 0x%x: ", e.Record, e.Offset)
	} else {
		s += fmt.Sprintf("at offset 0x%x: ", e.Offset)
	}
	return s + e.Msg
}
