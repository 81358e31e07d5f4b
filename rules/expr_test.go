package rules_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/layoutmig/layoutmig/rules"
)

func TestParseExpr(t *testing.T) {
	cases := []struct{ in, want string }{
		{"poly and diff", "(poly and diff)"},
		{"licon and poly", "(licon and poly)"},
		{"diff or tap", "(diff or tap)"},
		{"a not b not c", "((a not b) not c)"},
		{"a or b and c", "(a or (b and c))"},
		{"a and b or c xor d", "(((a and b) or c) xor d)"},
		{"(a or b) and c", "((a or b) and c)"},
		{"areaid.sc and poly", "(areaid.sc and poly)"},
		{"sized(met1, -0.05)", "sized(met1, -0.05)"},
		{"sized(a or b, 1e-2)", "sized((a or b), 0.01)"},
		{"interacting(met1, via) or not_interacting(met2, via)", "(interacting(met1, via) or not_interacting(met2, via))"},
		{"inside(licon, diff and nsdm)", "inside(licon, (diff and nsdm))"},
		{"outside(a, b) not overlapping(c, not_inside(d, e))", "(outside(a, b) not overlapping(c, not_inside(d, e)))"},
	}
	for _, c := range cases {
		e, err := rules.ParseExpr(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if e.String() != c.want {
			t.Errorf("%q: got %s, want %s", c.in, e, c.want)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	cases := []struct {
		in     string
		offset int
		msg    string
	}{
		{"", 0, "expected a layer, found end of expression"},
		{"poly and", 8, "expected a layer"},
		{"poly diff", 5, "unexpected \"diff\""},
		{"and poly", 0, "expected a layer, found operator \"and\""},
		{"(poly or diff", 13, "expected \")\""},
		{"poly or diff)", 12, "unexpected \")\""},
		{"grow(poly, 1)", 0, "unknown function \"grow\""},
		{"sized(poly)", 0, "sized takes 2 arguments, found 1"},
		{"sized(poly, diff)", 12, "sized: the second argument must be a distance"},
		{"sized(0.1, poly)", 6, "sized: expected a layer, found a number"},
		{"inside(a, b, c)", 0, "inside takes 2 arguments, found 3"},
		{"inside(a, 0.5)", 10, "inside: expected a layer, found a number"},
		{"poly & diff", 5, "unexpected character '&'"},
		{"poly and 1.2.3", 9, "bad number \"1.2.3\""},
		{"poly and 1", 9, "expected a layer, found number 1"},
	}
	for _, c := range cases {
		_, err := rules.ParseExpr(c.in)
		var ee *rules.ExprError
		if !errors.As(err, &ee) {
			t.Errorf("%q: error %v, want an ExprError", c.in, err)
			continue
		}
		if ee.Offset != c.offset || !strings.Contains(ee.Msg, c.msg) {
			t.Errorf("%q: got offset %d %q, want offset %d %q", c.in, ee.Offset, ee.Msg, c.offset, c.msg)
		}
	}
}

func TestRefs(t *testing.T) {
	e, err := rules.ParseExpr("interacting(a, sized(b, 0.1)) not (c or a)")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rules.Refs(e) {
		names = append(names, r.Name)
	}
	if strings.Join(names, " ") != "a b c a" {
		t.Errorf("refs %v", names)
	}
}
