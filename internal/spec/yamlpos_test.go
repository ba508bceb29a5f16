package spec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// syntaxCases are YAML mistakes made by hand. Each must be reported at the
// token at fault (line and column), with the source line and a caret; the
// problem as the user sees it is in testdata/spec/syntax/NAME.want (go test
// -update rewrites them).
var syntaxCases = []struct{ name, src string }{
	{"tab-indent", "version: 1\norganizations:\n  - code: a\n\tname: x\n"},
	{"tab-after-spaces", "version: 1\norganizations:\n  - code: a\n    name: x\n  \tmembers: []\n"},
	{"tab-after-dash", "version: 1\norganizations:\n  -\tcode: a\n"},
	{"tab-first-line", "\tversion: 1\n"},
	{"tab-list-item", "version: 1\norganizations:\n  - code: a\n    members:\n\t- email: x\n"},
	{"dedent-between", "version: 1\norganizations:\n  - code: a\n    name: x\n   handle: y\n"},
	{"dedent-between-members", "version: 1\norganizations:\n  - code: a\n    members:\n      - email: a@example.com\n     roles: [x]\n"},
	{"dedent-past-list", "version: 1\norganizations:\n  - code: a\n name: x\n"},
	{"key-at-list-level", "version: 1\norganizations:\n  - code: a\n  name: x\n"},
	{"item-at-key-level", "version: 1\norganizations:\n  - code: a\n    name: x\n    - y\n"},
	{"indented-more", "version: 1\norganizations:\n  - code: a\n     name: x\n"},
	{"indented-more-top", "version: 1\n  organizations: []\n"},
	{"dash-without-space", "version: 1\norganizations:\n  -code: a\n    name: x\n"},
	{"block-scalar-dedent", "version: 1\norganizations:\n  - code: a\n    name: |\n      x\n     y\n"},
	{"unclosed-double-quote", "version: 1\norganizations:\n  - code: \"a\n    name: x\n"},
	{"unclosed-single-quote", "version: 1\norganizations:\n  - code: 'a\n    name: x\n"},
	{"quote-runs-on", "version: 1\norganizations:\n  - code: \"a\n    name: x\n  - code: \"b\"\n"},
	{"text-after-quote", "version: 1\norganizations:\n  - code: \"a\" b\n"},
	{"bad-escape", "version: 1\norganizations:\n  - code: a\n    name: \"C:\\Users\"\n"},
	{"unclosed-flow-list", "version: 1\norganizations:\n  - code: a\n    allowed_domains: [a.com, b.com\n    name: x\n"},
	{"unclosed-flow-map", "version: 1\norganizations:\n  - {code: a, name: x\n  - code: b\n"},
	{"flow-closed-late", "version: 1\norganizations:\n  - code: a\n    allowed_domains: [a.com, b.com\n    name: x]\n"},
	{"duplicate-key", "version: 1\norganizations:\n  - code: a\n    name: x\n    name: y\n"},
	{"duplicate-key-flow", "version: 1\norganizations:\n  - {code: a, code: b}\n"},
	{"missing-colon", "version: 1\norganizations:\n  - code: a\n    name x\n    handle: y\n"},
	{"missing-colon-last-line", "version: 1\norganizations:\n  - code: a\n    handle\n"},
	{"missing-colon-top", "version: 1\noptions\n  missing_users: error\n"},
	{"missing-colon-first-line", "version 1\norganizations: []\n"},
	{"colon-in-value", "version: 1\norganizations:\n  - code: a\n    name: Acme: the company\n"},
	{"list-on-key-line", "version: 1\norganizations: - code: a\n"},
	{"at-sign", "version: 1\norganizations:\n  - code: a\n    sender_email: @acme.com\n"},
	{"unknown-anchor", "version: 1\norganizations: *orgs\n"},
	// The excerpt shows the line as written: ${NAME}, not its value.
	{"after-variable", "version: 1\norganizations:\n  - {code: ${LONG}, name: \"x}\n"},
	// Long lines are cut around the column; invisible characters escaped.
	{"long-line", "version: 1\norganizations:\n  - code: a\n    name: " + strings.Repeat("long ", 40) + "x: y" + strings.Repeat(" more", 40) + "\n"},
	{"invisible-characters", "version: 1\norganizations:\n  - code: a\n    name: \"\u202eevil\u200b\" x\n"},
	// yaml.v3 quotes the anchor's name: the message stays bounded.
	{"long-anchor", "version: 1\norganizations: *" + strings.Repeat("a", 400) + "\n"},
	{"crlf", "version: 1\r\norganizations:\r\n  - code: a\r\n\tname: x\r\n"},
}

func TestSyntaxErrors(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join(corpus, "syntax"))
	if err != nil {
		t.Fatal(err)
	}
	chdir(t, t.TempDir())
	for _, c := range syntaxCases {
		t.Run(c.name, func(t *testing.T) {
			file := c.name + ".yaml"
			if err := os.WriteFile(file, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := testLoader.Load(file)
			var probs Problems
			if !errors.As(err, &probs) || len(probs) != 1 {
				t.Fatalf("Load = %v; want one problem", err)
			}
			p := probs[0]
			if p.Pos.Line == 0 || p.Pos.Col == 0 {
				t.Errorf("%s: no line and column", p)
			}
			lines := strings.Split(p.Msg, "\n")
			if p.Msg != strings.TrimSpace(p.Msg) || len(lines) != 1 && (len(lines) != 3 || !strings.HasSuffix(lines[2], "^")) {
				t.Errorf("the message is not one line, or one line with an excerpt and a caret:\n%s", p.Msg)
			}
			if n := len([]rune(lines[0])); n > maxSyntaxMsg+len(p.Pos.String())+10 {
				t.Errorf("message of %d characters", n)
			}
			for _, l := range lines[1:] {
				if n := len([]rune(l)); n > excerptWidth+12 {
					t.Errorf("excerpt line of %d characters:\n%s", n, l)
				}
			}
			got := probs.Error() + "\n"
			want := filepath.Join(golden, c.name+".want")
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(b), got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		desc, src string
		line, col int
		want      string
	}{
		{"caret", "a: 1\nbb: 2\n", 2, 3, "  2 | bb: 2\n    |   ^"},
		{"past the end", "a: 1\n", 1, 9, "  1 | a: 1\n    |     ^"},
		{"tab and escape", "\ta\x1bb\n", 1, 3, "  1 | \\ta\\x1bb\n    |    ^"},
		{"invalid UTF-8", "ab\xffc\n", 1, 4, "  1 | ab\\xffc\n    |       ^"},
		{"CR line ends", "a\rbb\r\ncc", 3, 2, "  3 | cc\n    |  ^"},
		{"no such line", "a\n", 5, 1, ""},
		{"cut both sides", strings.Repeat("a", 200) + "X" + strings.Repeat("b", 200), 1, 201,
			"  1 | …" + strings.Repeat("a", 66) + "X" + strings.Repeat("b", 33) + "…\n    | " + strings.Repeat(" ", 67) + "^"},
	} {
		if got := excerpt([]byte(c.src), c.line, c.col); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.desc, got, c.want)
		}
	}
}

// FuzzSyntaxPosition: the scan that finds the place of a syntax error
// never panics on what it is given (syntaxProblem would hide a panic
// behind yaml.v3's own position; this finds it), and the place it gives is
// in the file.
func FuzzSyntaxPosition(f *testing.F) {
	for _, c := range syntaxCases {
		f.Add([]byte(c.src), "did not find expected key", 2)
	}
	for m := range parserErrors {
		f.Add([]byte("a:\n - b\n  c: [\"d\n"), m, 1)
	}
	f.Fuzz(func(t *testing.T, src []byte, msg string, line int) {
		if line < 0 || line > 1<<20 {
			return
		}
		s := scanYAML(src)
		l, c, _ := locate(s, msg, line)
		if l < 0 || l > len(s.lines) || c < 0 || l > 0 && c > len(s.lines[l-1].text)+1 {
			t.Fatalf("locate = %d:%d, outside the %d lines", l, c, len(s.lines))
		}
		_ = excerpt(src, l, c)
	})
}
