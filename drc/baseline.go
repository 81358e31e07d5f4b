package drc

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// ReadFile reads a JSON report (see ReadJSON).
func ReadFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Key is the identity of a violation: its rule, cell, kind and coordinates
// (rounded to 1e-6 µm, so that a report read back from JSON matches the
// one it was written from).
func (v *Violation) Key() string {
	var b strings.Builder
	b.WriteString(v.Rule)
	b.WriteByte(0)
	b.WriteString(v.Cell)
	b.WriteByte(0)
	b.WriteString(string(v.Kind))
	for _, c := range v.CoordsUM {
		b.WriteByte(0)
		for _, x := range c {
			b.WriteString(strconv.FormatInt(int64(math.Round(x*1e6)), 36))
			b.WriteByte(',')
		}
	}
	return b.String()
}

// SubtractBaseline removes from r every violation that base has too (same
// Key; a violation found n times in base cancels up to n of r's), and
// recounts the rules and the total: what is left are the new violations.
// It returns the number of violations removed.
func (r *Report) SubtractBaseline(base *Report) int {
	old := make(map[string]int, len(base.Violations))
	for i := range base.Violations {
		old[base.Violations[i].Key()]++
	}
	kept := r.Violations[:0]
	count := map[string]int{}
	removed := 0
	for _, v := range r.Violations {
		k := v.Key()
		if old[k] > 0 {
			old[k]--
			removed++
			continue
		}
		kept = append(kept, v)
		count[v.Rule]++
	}
	r.Violations = kept
	for i := range r.Rules {
		r.Rules[i].Count = count[r.Rules[i].ID]
	}
	r.Total = len(kept)
	return removed
}
