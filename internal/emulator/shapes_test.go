package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/emulator"
)

// Connection lists are flat, as live Kinde sends them, on both endpoints.
func TestConnectionsAreFlat(t *testing.T) {
	c := start(t, emulator.Options{})
	for _, path := range []string{"/api/v1/connections", "/api/v1/organizations/" + acme + "/connections"} {
		var r struct {
			Connections []map[string]any `json:"connections"`
		}
		c.call("GET", path, nil, http.StatusOK, &r)
		if len(r.Connections) == 0 {
			t.Fatalf("%s: no connections", path)
		}
		got := r.Connections[0]
		want := map[string]any{"id": googleC, "name": "Google", "display_name": "Google", "strategy": "oauth2:google"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: first connection (-want +got):\n%s", path, diff)
		}
	}
}

// raw decodes a JSON answer generically, to see nulls and absent fields.
func raw(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return m
}
