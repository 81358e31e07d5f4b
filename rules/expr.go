package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// The expression language of derived layers.
//
//	expr    = andexpr { ("or" | "xor") andexpr }
//	andexpr = primary { ("and" | "not") primary }
//	primary = layer | "(" expr ")" | func "(" expr { "," expr } ")"
//	layer   = letter { letter | digit | "_" | "." }
//
// "and" and "not" bind tighter than "or" and "xor"; operators of one level
// associate to the left, so "a not b not c" is "(a not b) not c". "not" is
// binary: "a not b" is the part of a outside b (KLayout's a - b). Function
// names are listed in Funcs; sized takes a distance in µm (a number, may be
// negative) as its second argument, the others take two layer expressions.
// Every value is a merged region; see the package documentation for the
// exact semantics of each operator and function.

// Op is a boolean operator.
type Op string

// The boolean operators.
const (
	OpAnd Op = "and"
	OpOr  Op = "or"
	OpNot Op = "not"
	OpXor Op = "xor"
)

// Func is a function of the expression language.
type Func string

// The functions. All but Sized select whole polygons of their first
// argument by their relation to the second, as the KLayout method of the
// same name does.
const (
	FuncSized          Func = "sized"
	FuncInteracting    Func = "interacting"
	FuncNotInteracting Func = "not_interacting"
	FuncOverlapping    Func = "overlapping"
	FuncNotOverlapping Func = "not_overlapping"
	FuncInside         Func = "inside"
	FuncNotInside      Func = "not_inside"
	FuncOutside        Func = "outside"
	FuncNotOutside     Func = "not_outside"
)

// Funcs lists the functions of the expression language.
var Funcs = []Func{FuncSized, FuncInteracting, FuncNotInteracting, FuncOverlapping, FuncNotOverlapping,
	FuncInside, FuncNotInside, FuncOutside, FuncNotOutside}

func isFunc(s string) bool {
	for _, f := range Funcs {
		if string(f) == s {
			return true
		}
	}
	return false
}

func isKeyword(s string) bool {
	switch Op(s) {
	case OpAnd, OpOr, OpNot, OpXor:
		return true
	}
	return false
}

// Expr is a node of a derived-layer expression: *LayerRef, *Binary or
// *Call.
type Expr interface {
	// Pos is the byte offset of the node in the expression text.
	Pos() int
	// String gives the expression back, fully parenthesised.
	String() string
}

// LayerRef names a drawn or derived layer.
type LayerRef struct {
	Name   string
	Offset int
}

// Binary is X Op Y.
type Binary struct {
	Op     Op
	X, Y   Expr
	Offset int
}

// Call is a function applied to layer expressions. For FuncSized, Args
// holds the one layer expression and Dist the distance in µm.
type Call struct {
	Func   Func
	Args   []Expr
	Dist   float64
	Offset int
}

func (e *LayerRef) Pos() int { return e.Offset }
func (e *Binary) Pos() int   { return e.Offset }
func (e *Call) Pos() int     { return e.Offset }

func (e *LayerRef) String() string { return e.Name }
func (e *Binary) String() string {
	return "(" + e.X.String() + " " + string(e.Op) + " " + e.Y.String() + ")"
}
func (e *Call) String() string {
	parts := make([]string, 0, 2)
	for _, a := range e.Args {
		parts = append(parts, a.String())
	}
	if e.Func == FuncSized {
		parts = append(parts, strconv.FormatFloat(e.Dist, 'g', -1, 64))
	}
	return string(e.Func) + "(" + strings.Join(parts, ", ") + ")"
}

// Walk calls fn for e and every node below it, parents first.
func Walk(e Expr, fn func(Expr)) {
	fn(e)
	switch n := e.(type) {
	case *Binary:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Call:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	}
}

// Refs returns the layer references of e in text order.
func Refs(e Expr) []*LayerRef {
	var out []*LayerRef
	Walk(e, func(n Expr) {
		if r, ok := n.(*LayerRef); ok {
			out = append(out, r)
		}
	})
	return out
}

// ExprError is a syntax error in an expression, at a byte offset.
type ExprError struct {
	Offset int
	Msg    string
}

func (e *ExprError) Error() string { return fmt.Sprintf("column %d: %s", e.Offset+1, e.Msg) }

// ParseExpr parses a derived-layer expression. It checks the syntax and the
// function arity only; whether the layers exist is the loader's business.
func ParseExpr(src string) (Expr, error) {
	p := &parser{src: src}
	if err := p.lex(); err != nil {
		return nil, err
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, &ExprError{t.off, fmt.Sprintf("unexpected %s after the end of the expression", t)}
	}
	return e, nil
}

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tNum
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tokKind
	text string
	off  int
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tNum:
		return "number " + t.text
	}
	return strconv.Quote(t.text)
}

type parser struct {
	src  string
	toks []token
	i    int
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func (p *parser) lex() error {
	s := p.src
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			p.toks = append(p.toks, token{tLParen, "(", i})
			i++
		case c == ')':
			p.toks = append(p.toks, token{tRParen, ")", i})
			i++
		case c == ',':
			p.toks = append(p.toks, token{tComma, ",", i})
			i++
		case isLetter(c):
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j]) || s[j] == '.') {
				j++
			}
			p.toks = append(p.toks, token{tIdent, s[i:j], i})
			i = j
		case isDigit(c) || c == '-' || c == '+' || c == '.':
			j := i + 1
			for j < len(s) && (isDigit(s[j]) || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
				(s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E')) {
				j++
			}
			if _, err := strconv.ParseFloat(s[i:j], 64); err != nil {
				return &ExprError{i, fmt.Sprintf("bad number %q", s[i:j])}
			}
			p.toks = append(p.toks, token{tNum, s[i:j], i})
			i = j
		default:
			return &ExprError{i, fmt.Sprintf("unexpected character %q", c)}
		}
	}
	p.toks = append(p.toks, token{tEOF, "", len(s)})
	return nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) isOp(ops ...Op) (Op, bool) {
	t := p.peek()
	if t.kind != tIdent {
		return "", false
	}
	for _, o := range ops {
		if t.text == string(o) {
			return o, true
		}
	}
	return "", false
}

func (p *parser) expr() (Expr, error) {
	x, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.isOp(OpOr, OpXor)
		if !ok {
			return x, nil
		}
		t := p.next()
		y, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		x = &Binary{Op: op, X: x, Y: y, Offset: t.off}
	}
}

func (p *parser) andExpr() (Expr, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.isOp(OpAnd, OpNot)
		if !ok {
			return x, nil
		}
		t := p.next()
		y, err := p.primary()
		if err != nil {
			return nil, err
		}
		x = &Binary{Op: op, X: x, Y: y, Offset: t.off}
	}
}

func (p *parser) primary() (Expr, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &ExprError{c.off, fmt.Sprintf("expected \")\", found %s", c)}
		}
		return e, nil
	case tIdent:
		if isKeyword(t.text) {
			return nil, &ExprError{t.off, fmt.Sprintf("expected a layer, found operator %q", t.text)}
		}
		if p.peek().kind == tLParen {
			return p.call(t)
		}
		return &LayerRef{Name: t.text, Offset: t.off}, nil
	case tNum:
		return nil, &ExprError{t.off, fmt.Sprintf("expected a layer, found %s", t)}
	}
	return nil, &ExprError{t.off, fmt.Sprintf("expected a layer, found %s", t)}
}

func (p *parser) call(name token) (Expr, error) {
	if !isFunc(name.text) {
		return nil, &ExprError{name.off, fmt.Sprintf("unknown function %q (known: %s)", name.text, funcList())}
	}
	p.next() // "("
	c := &Call{Func: Func(name.text), Offset: name.off}
	type arg struct {
		e   Expr
		num *float64
		off int
	}
	var args []arg
	for {
		if t := p.peek(); t.kind == tNum {
			p.next()
			v, _ := strconv.ParseFloat(t.text, 64)
			args = append(args, arg{num: &v, off: t.off})
		} else {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			args = append(args, arg{e: e, off: e.Pos()})
		}
		t := p.next()
		if t.kind == tRParen {
			break
		}
		if t.kind != tComma {
			return nil, &ExprError{t.off, fmt.Sprintf("expected \",\" or \")\", found %s", t)}
		}
	}
	if len(args) != 2 {
		return nil, &ExprError{name.off, fmt.Sprintf("%s takes 2 arguments, found %d", c.Func, len(args))}
	}
	if args[0].e == nil {
		return nil, &ExprError{args[0].off, fmt.Sprintf("%s: expected a layer, found a number", c.Func)}
	}
	c.Args = append(c.Args, args[0].e)
	if c.Func == FuncSized {
		if args[1].num == nil {
			return nil, &ExprError{args[1].off, "sized: the second argument must be a distance in µm"}
		}
		c.Dist = *args[1].num
	} else {
		if args[1].e == nil {
			return nil, &ExprError{args[1].off, fmt.Sprintf("%s: expected a layer, found a number", c.Func)}
		}
		c.Args = append(c.Args, args[1].e)
	}
	return c, nil
}

func funcList() string {
	s := make([]string, len(Funcs))
	for i, f := range Funcs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}
