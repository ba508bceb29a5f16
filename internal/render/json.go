package render

import (
	"bytes"
	"encoding/json"
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

// ReadJSON reads a plan written by RenderJSON.
func ReadJSON(r io.Reader) (*plan.Plan, error) {
	var p plan.Plan
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	return &p, nil
}
