package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Where live Kinde is known to answer otherwise than the spec says (see
// docs/emulator.md, "Where the emulator follows live Kinde"), a response is
// rewritten into the spec's shape before it is validated, so that its
// contents are still checked field by field. Each rewrite is bound to the
// operations it concerns and accepts only the documented deviation.
var deviations = map[string]func(body []byte) ([]byte, error){
	// Live Kinde lists connections flat; the spec wraps each in
	// {connection: {...}}.
	"GetConnections":             wrapFlatConnections,
	"GetOrganizationConnections": wrapFlatConnections,
	"GetApplicationConnections":  wrapFlatConnections,
	// Flags of type json (made in Kinde's dashboard) are served with their
	// object as the value; the spec knows only str, int and bool, as text.
	"GetEnvironementFeatureFlags": jsonFlagsAsText,
	"GetOrganizationFeatureFlags": jsonFlagsAsText,
}

// jsonFlagsAsText rewrites each flag {type: json, value: {...}} as the
// spec's {type: str, value: "<the object>"}. A json flag whose value is not
// an object is left as it is, for validation to refuse.
func jsonFlagsAsText(body []byte) ([]byte, error) {
	var resp map[string]json.RawMessage
	if json.Unmarshal(body, &resp) != nil {
		return body, nil
	}
	var flags map[string]map[string]json.RawMessage
	if raw, ok := resp["feature_flags"]; !ok || json.Unmarshal(raw, &flags) != nil {
		return body, nil
	}
	for _, f := range flags {
		var obj map[string]json.RawMessage
		if string(f["type"]) != `"json"` || json.Unmarshal(f["value"], &obj) != nil || obj == nil {
			continue
		}
		text, err := json.Marshal(string(f["value"]))
		if err != nil {
			return nil, err
		}
		f["type"], f["value"] = json.RawMessage(`"str"`), text
	}
	fixed, err := json.Marshal(flags)
	if err != nil {
		return nil, err
	}
	resp["feature_flags"] = fixed
	return json.Marshal(resp)
}

// wrapFlatConnections wraps each flat item of connections as the spec's
// `connection` schema has it. An item already wrapped is left alone; a flat
// item that also carries a key of the wrapper is not a known shape.
func wrapFlatConnections(body []byte) ([]byte, error) {
	var resp map[string]json.RawMessage
	if err := json.Unmarshal(body, &resp); err != nil {
		return body, nil // not JSON: validation says so
	}
	raw, ok := resp["connections"]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return body, nil
	}
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return body, nil
	}
	for i, it := range items {
		if _, wrapped := it["connection"]; wrapped {
			continue
		}
		for _, k := range []string{"code", "message"} {
			if _, ok := it[k]; ok {
				return nil, fmt.Errorf("connections/%d: a flat connection with %q is neither Kinde's shape nor the spec's", i, k)
			}
		}
		inner, err := json.Marshal(it)
		if err != nil {
			return nil, err
		}
		items[i] = map[string]json.RawMessage{"connection": inner}
	}
	wrapped, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	resp["connections"] = wrapped
	return json.Marshal(resp)
}
