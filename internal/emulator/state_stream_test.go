package emulator

import (
	"bytes"
	"fmt"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestMarshalStateInPieces: the state file written a piece at a time is
// byte for byte the one document yaml.v3 writes of the same state, with
// multi-line and quoted strings and more items than one piece holds.
func TestMarshalStateInPieces(t *testing.T) {
	st := &State{}
	st.Environment.Properties = []*Property{{ID: "p1", Key: "desc", Name: "d", Type: "multi_line_text", Context: "org"}}
	for i := range 2500 {
		st.Users = append(st.Users, &User{ID: fmt.Sprintf("kp_%05d", i), Email: fmt.Sprintf("u%d@x.com", i), FirstName: "A\nB\n\nC  ", LastName: "'quoted' #x"})
	}
	for o := range 45 {
		org := &Organization{Code: fmt.Sprintf("org_%03d", o), Name: fmt.Sprintf("Org %d\n\n  indented\n", o), Properties: map[string]string{"desc": "line1\n\nline3\n"}}
		for m := range 50 {
			org.Members = append(org.Members, &Member{UserID: fmt.Sprintf("kp_%05d", o*50+m), Roles: nil})
		}
		st.Organizations = append(st.Organizations, org)
	}
	st.normalize()
	got, err := MarshalState(st, ".")
	if err != nil {
		t.Fatal(err)
	}
	var f fileState
	if err := yaml.Unmarshal(got, &f); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&f); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if want := buf.Bytes(); !bytes.Equal(want, got) {
		i := 0
		for i < min(len(want), len(got)) && want[i] == got[i] {
			i++
		}
		t.Fatalf("the pieces differ from one document at byte %d:\nwant %q\n got %q", i, want[i:min(i+200, len(want))], got[i:min(i+200, len(got))])
	}
}
