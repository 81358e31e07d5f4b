package drc

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/layoutmig/layoutmig/internal/atomicfile"
)

// WriteFile writes the report in the format its extension names: .json
// (WriteJSON), .lyrdb (WriteLyrdb, KLayout's marker database) or .txt
// (WriteText). The file is replaced atomically: readers see the old file or
// the whole new one.
func WriteFile(path string, r *Report) error {
	var write func(io.Writer) error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		write = r.WriteJSON
	case ".lyrdb":
		write = r.WriteLyrdb
	case ".txt":
		write = r.WriteText
	default:
		return fmt.Errorf("drc: report %s: unknown format %q (want .json, .lyrdb or .txt)", path, filepath.Ext(path))
	}
	return atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// appendNumber writes a float as a JSON number, as short as it reads back
// exactly.
func appendNumber(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	if a := math.Abs(v); a >= 1e-6 && a < 1e21 {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'e', -1, 64)
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

func seconds(d time.Duration) float64 { return math.Round(d.Seconds()*1e6) / 1e6 }

// WriteJSON writes the report as the JSON of DESIGN.md, keys in this order,
// one rule and one violation per line:
//
//	{"tool":"layoutmig","version":"...","input":"...","tech":"...","top":"...","elapsed_s":0.0,
//	 "rules":[{"id":"m1.1","description":"...","count":0,"elapsed_s":0.0}],
//	 "violations":[{"rule":"m1.1","cell":"TOP","kind":"edge-pair","coords_um":[[x1,y1,x2,y2],[x3,y3,x4,y4]]}],
//	 "total":0}
//
// Coordinates are µm (see Violation for their layout per kind); times are
// seconds.
func (r *Report) WriteJSON(w io.Writer) error {
	b := make([]byte, 0, 1<<12)
	field := func(name string, v string, last bool) {
		b = append(b, "  "...)
		b = appendJSONString(b, name)
		b = append(b, ": "...)
		b = appendJSONString(b, v)
		if !last {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = append(b, "{\n"...)
	field("tool", r.Tool, false)
	field("version", r.Version, false)
	field("input", r.Input, false)
	field("tech", r.Tech, false)
	field("top", r.Top, false)
	b = append(b, `  "elapsed_s": `...)
	b = appendNumber(b, seconds(r.Elapsed))
	b = append(b, ",\n  \"rules\": ["...)
	for i, rr := range r.Rules {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\"id\": "...)
		b = appendJSONString(b, rr.ID)
		b = append(b, ", \"description\": "...)
		b = appendJSONString(b, rr.Description)
		b = append(b, ", \"count\": "...)
		b = strconv.AppendInt(b, int64(rr.Count), 10)
		b = append(b, ", \"elapsed_s\": "...)
		b = appendNumber(b, seconds(rr.Elapsed))
		b = append(b, '}')
	}
	if len(r.Rules) > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "],\n  \"violations\": ["...)
	for i := range r.Violations {
		v := &r.Violations[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\"rule\": "...)
		b = appendJSONString(b, v.Rule)
		b = append(b, ", \"cell\": "...)
		b = appendJSONString(b, v.Cell)
		b = append(b, ", \"kind\": "...)
		b = appendJSONString(b, string(v.Kind))
		b = append(b, ", \"coords_um\": ["...)
		for j, c := range v.CoordsUM {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = append(b, '[')
			for k, x := range c {
				if k > 0 {
					b = append(b, ", "...)
				}
				b = appendNumber(b, x)
			}
			b = append(b, ']')
		}
		b = append(b, "]}"...)
		if len(b) > 1<<15 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	if len(r.Violations) > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "],\n  \"total\": "...)
	b = strconv.AppendInt(b, int64(r.Total), 10)
	b = append(b, "\n}\n"...)
	_, err := w.Write(b)
	return err
}

// jsonReport mirrors the JSON format for reading.
type jsonReport struct {
	Tool     string  `json:"tool"`
	Version  string  `json:"version"`
	Input    string  `json:"input"`
	Tech     string  `json:"tech"`
	Top      string  `json:"top"`
	Elapsed  float64 `json:"elapsed_s"`
	RuleList []struct {
		ID          string  `json:"id"`
		Description string  `json:"description"`
		Count       int     `json:"count"`
		Elapsed     float64 `json:"elapsed_s"`
	} `json:"rules"`
	Violations []struct {
		Rule     string      `json:"rule"`
		Cell     string      `json:"cell"`
		Kind     Kind        `json:"kind"`
		CoordsUM [][]float64 `json:"coords_um"`
	} `json:"violations"`
	Total *int `json:"total"`
}

// ReadJSON reads a report written by WriteJSON (a baseline). Symmetric and
// DBU are not part of the format and stay unset.
func ReadJSON(rd io.Reader) (*Report, error) {
	var j jsonReport
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("drc: reading a JSON report: %w", err)
	}
	if j.Tool == "" || j.Total == nil {
		return nil, fmt.Errorf("drc: not a layoutmig JSON report (no \"tool\" or \"total\")")
	}
	r := &Report{Tool: j.Tool, Version: j.Version, Input: j.Input, Tech: j.Tech, Top: j.Top,
		Elapsed: time.Duration(j.Elapsed * float64(time.Second)), Total: *j.Total}
	for _, rr := range j.RuleList {
		r.Rules = append(r.Rules, RuleResult{ID: rr.ID, Description: rr.Description, Count: rr.Count,
			Elapsed: time.Duration(rr.Elapsed * float64(time.Second))})
	}
	for _, v := range j.Violations {
		switch v.Kind {
		case KindEdgePair, KindPolygon, KindBox, KindEdge:
		default:
			return nil, fmt.Errorf("drc: JSON report: violation of rule %s has unknown kind %q", v.Rule, v.Kind)
		}
		r.Violations = append(r.Violations, Violation{Rule: v.Rule, Cell: v.Cell, Kind: v.Kind, CoordsUM: v.CoordsUM})
	}
	return r, nil
}

// appendMicronG appends a µm value as KLayout prints it in a marker
// database ("%.12g").
func appendMicronG(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'g', 12, 64)
}

func appendMicronPoints(b []byte, c []float64) []byte {
	for k := 0; k+1 < len(c); k += 2 {
		if k > 0 {
			b = append(b, ';')
		}
		b = appendMicronG(b, c[k])
		b = append(b, ',')
		b = appendMicronG(b, c[k+1])
	}
	return b
}

// MarkerValue formats the violation's marker as a KLayout marker database
// value: "edge-pair: (x1,y1;x2,y2)|(x3,y3;x4,y4)" ("/" between the edges of
// an ordered pair), "edge: (x1,y1;x2,y2)", "box: (l,b;r,t)" or
// "polygon: (hull/hole/...)", in µm.
func (v *Violation) MarkerValue() string {
	b := make([]byte, 0, 64)
	switch v.Kind {
	case KindEdgePair:
		b = append(b, "edge-pair: ("...)
		if len(v.CoordsUM) == 2 {
			b = appendMicronPoints(b, v.CoordsUM[0])
			if v.Symmetric {
				b = append(b, ")|("...)
			} else {
				b = append(b, ")/("...)
			}
			b = appendMicronPoints(b, v.CoordsUM[1])
		}
		b = append(b, ')')
	case KindEdge:
		b = append(b, "edge: ("...)
		if len(v.CoordsUM) == 1 {
			b = appendMicronPoints(b, v.CoordsUM[0])
		}
		b = append(b, ')')
	case KindBox:
		b = append(b, "box: ("...)
		if len(v.CoordsUM) == 1 {
			b = appendMicronPoints(b, v.CoordsUM[0])
		}
		b = append(b, ')')
	default:
		b = append(b, "polygon: ("...)
		for i, c := range v.CoordsUM {
			if i > 0 {
				b = append(b, '/')
			}
			b = appendMicronPoints(b, c)
		}
		b = append(b, ')')
	}
	return string(b)
}

// rdbName quotes a category or cell name as KLayout's marker database
// does in item references: a word (letter or "_" or "$" first, then
// letters, digits, "_" and "$") stays as it is, anything else (a rule id
// with a dot, "m1.4") is single-quoted with "\" escapes.
func rdbName(s string) string {
	word := s != ""
	for i, c := range s {
		ok := c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
		if !ok {
			word = false
			break
		}
	}
	if word {
		return s
	}
	var b strings.Builder
	b.WriteByte('\'')
	for _, c := range s {
		if c == '\'' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	b.WriteByte('\'')
	return b.String()
}

func xmlText(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// WriteLyrdb writes the report as a KLayout marker database (the XML that
// KLayout's report browser and RBA::ReportDatabase read): a category per
// rule with its description, the checked cell, and one item per violation
// whose value is the marker in µm (see Violation.MarkerValue). Rules
// without violations still get their category.
func (r *Report) WriteLyrdb(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(s ...string) {
		for _, x := range s {
			bw.WriteString(x)
		}
		bw.WriteByte('\n')
	}
	p(`<?xml version="1.0" encoding="utf-8"?>`)
	p(`<report-database>`)
	p(` <description>`, xmlText("layoutmig drc "+r.Tech), `</description>`)
	p(` <original-file>`, xmlText(r.Input), `</original-file>`)
	p(` <generator>`, xmlText("layoutmig "+r.Version), `</generator>`)
	p(` <top-cell>`, xmlText(r.Top), `</top-cell>`)
	p(` <tags>`)
	p(` </tags>`)
	p(` <categories>`)
	seen := map[string]bool{}
	cat := func(id, desc string) {
		if seen[id] {
			return
		}
		seen[id] = true
		p(`  <category>`)
		p(`   <name>`, xmlText(id), `</name>`)
		p(`   <description>`, xmlText(desc), `</description>`)
		p(`   <categories>`)
		p(`   </categories>`)
		p(`  </category>`)
	}
	for _, rr := range r.Rules {
		cat(rr.ID, rr.Description)
	}
	for i := range r.Violations {
		cat(r.Violations[i].Rule, "")
	}
	p(` </categories>`)
	p(` <cells>`)
	cells := map[string]bool{}
	cell := func(name string) {
		if cells[name] || name == "" {
			return
		}
		cells[name] = true
		p(`  <cell>`)
		p(`   <name>`, xmlText(name), `</name>`)
		p(`   <variant/>`)
		p(`   <references>`)
		p(`   </references>`)
		p(`  </cell>`)
	}
	cell(r.Top)
	for i := range r.Violations {
		cell(r.Violations[i].Cell)
	}
	p(` </cells>`)
	p(` <items>`)
	for i := range r.Violations {
		v := &r.Violations[i]
		p(`  <item>`)
		p(`   <tags/>`)
		p(`   <category>`, xmlText(rdbName(v.Rule)), `</category>`)
		p(`   <cell>`, xmlText(rdbName(v.Cell)), `</cell>`)
		p(`   <visited>false</visited>`)
		p(`   <multiplicity>1</multiplicity>`)
		p(`   <image/>`)
		p(`   <values>`)
		p(`    <value>`, xmlText(v.MarkerValue()), `</value>`)
		p(`   </values>`)
		p(`  </item>`)
	}
	p(` </items>`)
	p(`</report-database>`)
	return bw.Flush()
}

// WriteText writes a summary for people: what was checked, then a table of
// the rules (id, violations, time, description) and the total.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "input:      %s\n", r.Input)
	fmt.Fprintf(bw, "technology: %s\n", r.Tech)
	fmt.Fprintf(bw, "top cell:   %s\n", r.Top)
	fmt.Fprintf(bw, "rules:      %d\n", len(r.Rules))
	fmt.Fprintf(bw, "time:       %s\n\n", roundDuration(r.Elapsed))
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rule\tcount\ttime\tdescription\n")
	for _, rr := range r.Rules {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", rr.ID, rr.Count, roundDuration(rr.Elapsed), rr.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(bw, "\ntotal: %d violations\n", r.Total)
	return bw.Flush()
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
