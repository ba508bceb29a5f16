package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInterpolate(t *testing.T) {
	lookup := testLoader.LookupEnv
	tests := []struct {
		src, want string
		probs     []string
	}{
		{"no variables", "no variables", nil},
		{"a: ${EXT_ID}", "a: acme", nil},
		{"${EXT_ID}${EXT_ID}", "acmeacme", nil},
		{"$${EXT_ID} $$ $x ${EMPTY}|", "${EXT_ID} $$ $x |", nil},
		{"$$${EXT_ID}", "$${EXT_ID}", nil}, // only $${ is special: $ then $${
		{"a: ${LINES}", "a: first\nsecond", nil},
		{"a: ${NOPE} ${EXT_ID}", "a: ${NOPE} acme", []string{"f:1:4: environment variable NOPE is not set"}},
		{"a: ${1A} ${A-B} ${} ${open", "a: ${1A} ${A-B} ${} ${open", []string{
			"f:1:4: bad variable reference: write ${NAME} (letters, digits, _) or $${ for a literal ${",
			"f:1:10: bad variable reference: write ${NAME} (letters, digits, _) or $${ for a literal ${",
			"f:1:17: bad variable reference: write ${NAME} (letters, digits, _) or $${ for a literal ${",
			"f:1:21: bad variable reference: write ${NAME} (letters, digits, _) or $${ for a literal ${",
		}},
		{"é ${NOPE}", "é ${NOPE}", []string{"f:1:3: environment variable NOPE is not set"}},
	}
	for _, tt := range tests {
		got, _, probs := interpolate("f", []byte(tt.src), lookup)
		if string(got) != tt.want {
			t.Errorf("interpolate(%q) = %q, want %q", tt.src, got, tt.want)
		}
		var msgs []string
		for _, p := range probs {
			msgs = append(msgs, p.String())
		}
		if diff := cmp.Diff(tt.probs, msgs); diff != "" {
			t.Errorf("interpolate(%q) problems (-want +got):\n%s", tt.src, diff)
		}
	}
}

// TestInterpolatePositions maps places in the interpolated text back to
// the file: text after a replacement keeps its own place, text inside a
// replaced value points at the reference, and lines added by a value do
// not shift the lines after it.
func TestInterpolatePositions(t *testing.T) {
	src := "a: ${LONG} b: x\n" + // 44 characters replace 7
		"c: $${ d\n" +
		"e: ${LINES} f\n" +
		"é: ${EXT_ID}: g\r\n" +
		"h\n"
	out, pm, _ := interpolate("f", []byte(src), testLoader.LookupEnv)
	if pm == nil {
		t.Fatal("no position map")
	}
	want := "a: a value much longer than the reference to it b: x\nc: ${ d\ne: first\nsecond f\né: acme: g\r\nh\n"
	if string(out) != want {
		t.Fatalf("output %q, want %q", out, want)
	}
	tests := []struct{ out, in [2]int }{
		{[2]int{1, 1}, [2]int{1, 1}},   // before any replacement
		{[2]int{1, 4}, [2]int{1, 4}},   // the start of the value
		{[2]int{1, 30}, [2]int{1, 4}},  // inside the value
		{[2]int{1, 49}, [2]int{1, 12}}, // "b" after it
		{[2]int{2, 7}, [2]int{2, 8}},   // "d" after $${
		{[2]int{4, 1}, [2]int{3, 4}},   // "second", the value's second line
		{[2]int{4, 8}, [2]int{3, 13}},  // "f" after the multi-line value
		{[2]int{5, 9}, [2]int{4, 14}},  // "g", counted in characters
		{[2]int{6, 1}, [2]int{5, 1}},   // "h" after \r\n
	}
	for _, tt := range tests {
		line, col := pm.pos(tt.out[0], tt.out[1])
		if got := [2]int{line, col}; got != tt.in {
			t.Errorf("pos(%v) = %v, want %v", tt.out, got, tt.in)
		}
	}
}
