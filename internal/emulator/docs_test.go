package emulator_test

import (
	"os"
	"reflect"
	"regexp"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
)

// docs/emulator.md lists every operation served and every knob, so that a
// route or an option added without a word there fails here.

func readDocs(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../docs/emulator.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDocsListEveryOperation(t *testing.T) {
	docs := readDocs(t)
	srv, err := emulator.New(nil, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range srv.Operations() {
		row := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(op.ID) + ` \| ` + "`" + regexp.QuoteMeta(op.Method+" "+op.Path) + "` \\| `" + regexp.QuoteMeta(op.Scope) + "` \\|$")
		if !row.MatchString(docs) {
			t.Errorf("docs/emulator.md has no row | %s | `%s %s` | `%s` |", op.ID, op.Method, op.Path, op.Scope)
		}
	}
}

func TestDocsListEveryKnob(t *testing.T) {
	docs := readDocs(t)
	typ := reflect.TypeFor[emulator.Options]()
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		if !regexp.MustCompile("`" + name + "`").MatchString(docs) {
			t.Errorf("docs/emulator.md does not name Options.%s", name)
		}
	}
}
