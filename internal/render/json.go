package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/kindesync/kindesync/internal/plan"
)

// RenderJSON writes the plan as DESIGN §5's JSON, which is also the format of
// a saved plan file.
func RenderJSON(w io.Writer, p *plan.Plan) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONHidden(buf.Bytes()))
	return err
}

// escapeJSONHidden writes as \uXXXX the characters encoding/json leaves raw
// that visible escapes (C1 controls, bidirectional overrides), so that a
// JSON plan printed on a terminal cannot be made to read differently. Only
// strings can hold them, so the JSON keeps its meaning.
func escapeJSONHidden(b []byte) []byte {
	if bytes.IndexFunc(b, func(r rune) bool { return r >= 0x80 && hidden(r) }) < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r >= 0x80 && hidden(r) && !(r == utf8.RuneError && n == 1) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// maxPlanBytes bounds a saved plan file: far more than any plan of a real
// tenant, far less than what would exhaust memory.
const maxPlanBytes = 256 << 20

// ReadJSON reads a plan written by RenderJSON, strictly: a saved plan is a
// file from elsewhere, so a field this kindesync does not know, a second
// value after the plan, or a plan cut short is an error (with its line and
// column), never ignored.
func ReadJSON(r io.Reader) (*plan.Plan, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxPlanBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPlanBytes {
		return nil, fmt.Errorf("larger than %d MiB", maxPlanBytes>>20)
	}
	var p plan.Plan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, at(data, dec.InputOffset(), err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, at(data, dec.InputOffset(), err)
		}
		return nil, at(data, dec.InputOffset(), fmt.Errorf("data after the plan (%v)", tok))
	}
	return &p, nil
}

// at prefixes err with the line and column of a byte offset, the syntax
// error's own offset where it has one.
func at(data []byte, off int64, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		off = te.Offset
	}
	off = min(max(off, 0), int64(len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Errorf("%d:%d: %w", line, col, err)
}
