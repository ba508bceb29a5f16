package render

import (
	"encoding/json"
	"io"

	"github.com/kindesync/kindesync/internal/plan"
)

// RenderJSON writes the plan as DESIGN §5's JSON, which is also the format of
// a saved plan file.
func RenderJSON(w io.Writer, p *plan.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
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
