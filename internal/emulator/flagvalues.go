package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Kinde's rules for flag values: int flags hold 32-bit integers (a decimal
// is trimmed), json flags (made in the dashboard, overridable through the
// API) hold a JSON object, and an organization may override a flag only if
// its allow_override_level allows it.

// FlagJSON is the type of flags whose value is a JSON object.
const FlagJSON = "json"

// flagValue checks text against a flag type and returns its canonical form.
func flagValue(typ, s string) (string, error) {
	switch typ {
	case FlagBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return "", fmt.Errorf("want true or false for a bool flag, not %q", s)
		}
		return strconv.FormatBool(b), nil
	case FlagInt:
		t := s
		if whole, frac, ok := strings.Cut(s, "."); ok && frac != "" && strings.Trim(frac, "0123456789") == "" {
			t = whole
		}
		i, err := strconv.ParseInt(t, 10, 32)
		if errors.Is(err, strconv.ErrRange) {
			return "", fmt.Errorf("%s is out of range for an int flag (%d to %d)", s, math.MinInt32, math.MaxInt32)
		}
		if err != nil {
			return "", fmt.Errorf("want an integer for an int flag, not %q", s)
		}
		return strconv.FormatInt(i, 10), nil
	case FlagJSON:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
			return "", fmt.Errorf("want a JSON object for a json flag, not %.40q", s)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(s)); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	return s, nil
}

// flagValueFromYAML checks a flag value written in YAML against the flag's
// type and returns the text the API carries.
func flagValueFromYAML(typ string, n *yaml.Node) (string, error) {
	if typ == FlagJSON {
		if n.Kind != yaml.MappingNode {
			return "", errors.New("want a mapping (a JSON object) for a json flag")
		}
		var v map[string]any
		if err := n.Decode(&v); err != nil {
			return "", err
		}
		data, err := json.Marshal(v)
		if err != nil {
			return "", fmt.Errorf("not expressible as JSON: %v", err)
		}
		return string(data), nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", fmt.Errorf("want a %s value", typ)
	}
	switch typ {
	case FlagBool:
		if n.Tag != "!!bool" {
			return "", fmt.Errorf("want true or false for a bool flag, not %q", n.Value)
		}
	case FlagInt:
		if n.Tag != "!!int" {
			return "", fmt.Errorf("want an integer for an int flag, not %q", n.Value)
		}
	}
	return flagValue(typ, n.Value)
}

// flagNode writes a flag value as YAML: a json flag's object as a mapping.
func flagNode(typ, v string) *yaml.Node {
	tag := "!!str"
	switch typ {
	case FlagBool:
		tag = "!!bool"
	case FlagInt:
		tag = "!!int"
	case FlagJSON:
		dec := json.NewDecoder(strings.NewReader(v))
		dec.UseNumber() // keeps numbers as written
		var val any
		if dec.Decode(&val) == nil {
			return jsonNode(val)
		}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v}
}

func jsonNode(v any) *yaml.Node {
	scalar := func(tag, s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s} }
	switch v := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			n.Content = append(n.Content, scalar("!!str", k), jsonNode(v[k]))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, x := range v {
			n.Content = append(n.Content, jsonNode(x))
		}
		return n
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return scalar("!!int", v.String())
		}
		return scalar("!!float", v.String())
	case bool:
		return scalar("!!bool", strconv.FormatBool(v))
	case nil:
		return scalar("!!null", "null")
	}
	return scalar("!!str", fmt.Sprint(v))
}

// allowsOrgOverride says whether organizations may override f: levels org
// and usr do, env does not. A flag whose level is unknown (a state file that
// does not say) allows it, as every flag did before levels were kept.
func (f *FeatureFlag) allowsOrgOverride() bool { return f.AllowOverrideLevel != "env" }

// flagJSON is a value of a feature_flags map as the emulator serves it: a
// json flag's value is the object itself, the others are text as the spec
// types them.
type flagJSON struct {
	Type  string `json:"type"`
	Value any    `json:"value"`
}

func servedFlag(typ, v string) flagJSON {
	if typ == FlagJSON && json.Valid([]byte(v)) {
		return flagJSON{Type: typ, Value: json.RawMessage(v)}
	}
	return flagJSON{Type: typ, Value: v}
}

// flagsResponse is get_environment_feature_flags_response and
// get_organization_feature_flags_response, with json values as objects.
type flagsResponse struct {
	Code         string              `json:"code"`
	Message      string              `json:"message"`
	FeatureFlags map[string]flagJSON `json:"feature_flags"`
}
