package layout

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// Library is a GDSII library: units, timestamps and its cells.
type Library struct {
	Name    string
	Version int16
	// Modified and Accessed are the BGNLIB timestamps.
	Modified Timestamp
	Accessed Timestamp
	// UserUnit is the size of a database unit in user units (typically
	// 0.001); MetersPerDBU is the size of a database unit in metres
	// (typically 1e-9).
	UserUnit     float64
	MetersPerDBU float64
	// UnitsRaw holds the two 8-byte reals of the UNITS record as read, so
	// that writing an unchanged library reproduces them bit for bit.
	UnitsRaw [2]uint64
	// Cells in file order.
	Cells []*Cell
	// Extra holds library-level records kept verbatim, in file order.
	Extra []RawRecord
	// Warnings collects what the reader had to interpret (never silently).
	Warnings []string

	mu     sync.Mutex
	bounds map[*Cell]Box
}

// NewLibrary returns an empty library with 1 nm database units and µm user
// units.
func NewLibrary(name string) *Library {
	return &Library{Name: name, Version: 600, UserUnit: 0.001, MetersPerDBU: 1e-9}
}

// DBUMicrons is the size of a database unit in µm.
func (l *Library) DBUMicrons() float64 { return l.MetersPerDBU * 1e6 }

// Cell returns the cell of that name, or nil.
func (l *Library) Cell(name string) *Cell {
	for _, c := range l.Cells {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// CellMap returns the cells by name.
func (l *Library) CellMap() map[string]*Cell {
	m := make(map[string]*Cell, len(l.Cells))
	for _, c := range l.Cells {
		m[c.Name] = c
	}
	return m
}

// AddCell appends a cell and returns it.
func (l *Library) AddCell(c *Cell) *Cell {
	l.Cells = append(l.Cells, c)
	l.InvalidateBounds()
	return c
}

// TopCells returns the cells no other cell references, in file order.
func (l *Library) TopCells() []*Cell {
	used := make(map[*Cell]bool)
	for _, c := range l.Cells {
		for i := range c.Refs {
			used[c.Refs[i].Cell] = true
		}
	}
	var tops []*Cell
	for _, c := range l.Cells {
		if !used[c] {
			tops = append(tops, c)
		}
	}
	return tops
}

// CycleError reports a cell that (indirectly) places itself.
type CycleError struct {
	Path []string
}

func (e *CycleError) Error() string {
	return "cycle in the cell hierarchy: " + strings.Join(e.Path, " -> ")
}

// BottomUp returns the cells in topological order, every cell after all the
// cells it references, or a *CycleError naming a cycle. Ties keep file order,
// so the order is deterministic.
func (l *Library) BottomUp() ([]*Cell, error) {
	const (
		white = iota
		grey
		black
	)
	state := make(map[*Cell]int, len(l.Cells))
	order := make([]*Cell, 0, len(l.Cells))
	type frame struct {
		c *Cell
		i int
	}
	for _, root := range l.Cells {
		if state[root] != white {
			continue
		}
		stack := []frame{{root, 0}}
		state[root] = grey
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.i < len(f.c.Refs) {
				child := f.c.Refs[f.i].Cell
				f.i++
				switch state[child] {
				case white:
					state[child] = grey
					stack = append(stack, frame{child, 0})
				case grey:
					path := []string{}
					start := 0
					for k := range stack {
						if stack[k].c == child {
							start = k
						}
					}
					for _, fr := range stack[start:] {
						path = append(path, fr.c.Name)
					}
					path = append(path, child.Name)
					return nil, &CycleError{Path: path}
				}
				continue
			}
			state[f.c] = black
			order = append(order, f.c)
			stack = stack[:len(stack)-1]
		}
	}
	return order, nil
}

// Validate checks that every reference points to a cell of this library,
// that names are unique and that the hierarchy has no cycle.
func (l *Library) Validate() error {
	seen := make(map[string]bool, len(l.Cells))
	in := make(map[*Cell]bool, len(l.Cells))
	for _, c := range l.Cells {
		if seen[c.Name] {
			return fmt.Errorf("cell %q defined twice", c.Name)
		}
		seen[c.Name] = true
		in[c] = true
	}
	for _, c := range l.Cells {
		for i := range c.Refs {
			r := &c.Refs[i]
			if r.Cell == nil || !in[r.Cell] {
				name := "<nil>"
				if r.Cell != nil {
					name = r.Cell.Name
				}
				return fmt.Errorf("cell %q: reference to cell %q that is not in the library", c.Name, name)
			}
			if r.IsArray && (r.Cols < 1 || r.Rows < 1) {
				return fmt.Errorf("cell %q: array of %q with %d x %d instances", c.Name, r.Cell.Name, r.Cols, r.Rows)
			}
		}
	}
	_, err := l.BottomUp()
	return err
}

// InvalidateBounds drops cached bounding boxes; call it after changing
// shapes or references.
func (l *Library) InvalidateBounds() {
	l.mu.Lock()
	l.bounds = nil
	l.mu.Unlock()
}

// Bounds returns the bounding box of everything cell c draws, its
// references included. Results are cached per library until
// InvalidateBounds. The hierarchy must be acyclic.
func (l *Library) Bounds(c *Cell) Box {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bounds == nil {
		l.bounds = make(map[*Cell]Box)
	}
	return l.boundsLocked(c, 0)
}

func (l *Library) boundsLocked(c *Cell, depth int) Box {
	if b, ok := l.bounds[c]; ok {
		return b
	}
	if depth > len(l.Cells)+1 {
		return EmptyBox() // a cycle; Validate reports it
	}
	b := c.LocalBounds()
	for i := range c.Refs {
		r := &c.Refs[i]
		cb := l.boundsLocked(r.Cell, depth+1)
		if cb.IsEmpty() {
			continue
		}
		if !r.IsArray {
			b = b.Extend(r.Transform().ApplyBox(cb))
			continue
		}
		for _, ij := range [4][2]int{{0, 0}, {r.Cols - 1, 0}, {0, r.Rows - 1}, {r.Cols - 1, r.Rows - 1}} {
			b = b.Extend(r.InstanceTransform(ij[0], ij[1]).ApplyBox(cb))
		}
	}
	l.bounds[c] = b
	return b
}

// FlatCount returns, for cell c, the number of elements of each kind per
// layer that flattening c would produce (references expanded).
func (l *Library) FlatCount(c *Cell) (map[LayerKey]ShapeCount, error) {
	order, err := l.BottomUp()
	if err != nil {
		return nil, err
	}
	memo := make(map[*Cell]map[LayerKey]ShapeCount, len(order))
	for _, cell := range order {
		m := make(map[LayerKey]ShapeCount)
		for k, s := range cell.Layers {
			m[k] = s.Count()
		}
		for i := range cell.Refs {
			r := &cell.Refs[i]
			n := r.Count()
			for k, cnt := range memo[r.Cell] {
				m[k] = m[k].Add(cnt.Scale(n))
			}
		}
		memo[cell] = m
	}
	return memo[c], nil
}

// SortedKeys returns the keys of a per-layer map in ascending order.
func SortedKeys[V any](m map[LayerKey]V) []LayerKey {
	keys := make([]LayerKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	return keys
}

func hypot(x, y float64) float64 { return math.Hypot(x, y) }
