package layout

// Property is one GDSII element property: an attribute number (PROPATTR) and
// its string value (PROPVALUE).
type Property struct {
	Attr  int16
	Value string
}

// ElementInfo holds the rarely used attributes every GDSII element may carry.
// Most elements have none, so shapes keep a pointer that is usually nil.
type ElementInfo struct {
	// ElFlags is the ELFLAGS record (bit 0 template, bit 1 external data);
	// HasElFlags tells whether the record was present.
	ElFlags    uint16
	HasElFlags bool
	// Plex is the PLEX record value; HasPlex tells whether it was present.
	Plex    int32
	HasPlex bool
	// Properties in file order.
	Properties []Property
}

// IsZero reports whether the info carries nothing.
func (e *ElementInfo) IsZero() bool {
	return e == nil || (!e.HasElFlags && !e.HasPlex && len(e.Properties) == 0)
}

// Clone returns a deep copy (nil stays nil).
func (e *ElementInfo) Clone() *ElementInfo {
	if e == nil {
		return nil
	}
	c := *e
	c.Properties = append([]Property(nil), e.Properties...)
	return &c
}
