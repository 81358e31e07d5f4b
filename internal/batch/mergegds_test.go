package batch

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/layoutmig/layoutmig/gds"
	"github.com/layoutmig/layoutmig/layout"
)

// mergeInputs are libraries whose subcell VIA is the same in some and
// different in others, and two of which have a top cell T1.
func mergeInputs() []*layout.Library {
	restamped := cellLib("b", 50, "T2")
	for _, c := range restamped.Cells {
		c.Modified = layout.Timestamp{2020, 6, 6, 6, 6, 6}
	}
	return []*layout.Library{
		cellLib("a", 50, "T1"),
		restamped,              // the same VIA, other timestamps: kept once
		cellLib("c", 70, "T3"), // another VIA: VIA$1
		cellLib("d", 70, "T4"), // that other VIA again: VIA$1
		cellLib("e", 90, "T1"), // a third VIA and a different T1
	}
}

func TestMergeLibraries(t *testing.T) {
	merged, err := MergeLibraries(mergeInputs(), "all")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	refs := map[string]string{}
	for _, c := range merged.Cells {
		names = append(names, c.Name)
		for _, r := range c.Refs {
			refs[c.Name] = r.Cell.Name
		}
	}
	wantNames := []string{"VIA", "T1", "T2", "VIA$1", "T3", "T4", "VIA$2", "T1$1"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("cells %v, want %v", names, wantNames)
	}
	wantRefs := map[string]string{"T1": "VIA", "T2": "VIA", "T3": "VIA$1", "T4": "VIA$1", "T1$1": "VIA$2"}
	if !reflect.DeepEqual(refs, wantRefs) {
		t.Errorf("references %v, want %v", refs, wantRefs)
	}
	if err := merged.Validate(); err != nil {
		t.Errorf("merged library: %v", err)
	}
	via2 := merged.Cell("VIA$2")
	if via2 == nil || via2.Shapes(via1).Polygons.Len() != 1 || via2.Shapes(via1).Bounds().Max.X != 90 {
		t.Errorf("VIA$2 is not the 90 nm via")
	}

	// The same inputs give the same bytes.
	var a, b bytes.Buffer
	if err := gds.Write(&a, merged); err != nil {
		t.Fatal(err)
	}
	again, err := MergeLibraries(mergeInputs(), "all")
	if err != nil {
		t.Fatal(err)
	}
	if err := gds.Write(&b, again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two merges of the same inputs differ")
	}
}

func TestMergeLibrariesUnits(t *testing.T) {
	other := cellLib("b", 50, "T2")
	other.MetersPerDBU = 5e-9
	if _, err := MergeLibraries([]*layout.Library{cellLib("a", 50, "T1"), other}, "all"); err == nil {
		t.Error("libraries of different units merged without an error")
	}
}

func TestMergeGDS(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, lib := range mergeInputs() {
		files = append(files, writeLib(t, dir, string(rune('a'+i))+".gds", lib))
	}
	out := filepath.Join(dir, "merged.gds")
	if err := MergeGDS(files, out); err != nil {
		t.Fatal(err)
	}
	lib, err := gds.ReadFile(out, gds.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if lib.Name != "merged" || len(lib.Cells) != 8 || len(lib.TopCells()) != 5 {
		t.Errorf("merged.gds: library %s, %d cells, %d top cells; want merged, 8, 5", lib.Name, len(lib.Cells), len(lib.TopCells()))
	}
}
