package emulator

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
)

// Kinde ignores request fields it does not know (kinde-go sends
// profile.email on user create and is_custom_auth_connections_enabled on org
// update, and both work). The emulator ignores them too, but lists each one
// it saw in Stats.UnknownFields and the log, so that kindesync's own tests
// can fail when kindesync sends one: strictness lives in the tests.

// unknownFields lists the members of a JSON value that decoding it into a
// value of type t drops, as dotted paths ("profile.email", "users[].foo").
// Matching follows encoding/json: exact tag first, then case-insensitive.
func unknownFields(data []byte, t reflect.Type) []string {
	var out []string
	walkUnknown(bytes.TrimSpace(data), t, "", &out)
	slices.Sort(out)
	return slices.Compact(out)
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

func walkUnknown(data []byte, t reflect.Type, prefix string, out *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if len(data) == 0 || t == rawMessageType || t.Kind() == reflect.Interface {
		return
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return // decodes itself: what it keeps is its business
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) != nil {
			return
		}
		fields := jsonFields(t)
		for k, v := range obj {
			f, ok := fields[k]
			if !ok {
				for name, g := range fields {
					if strings.EqualFold(name, k) {
						f, ok = g, true
						break
					}
				}
			}
			if !ok {
				*out = append(*out, prefix+k)
				continue
			}
			walkUnknown(bytes.TrimSpace(v), f, prefix+k+".", out)
		}
	case reflect.Map:
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) != nil {
			return
		}
		for k, v := range obj {
			walkUnknown(bytes.TrimSpace(v), t.Elem(), prefix+k+".", out)
		}
	case reflect.Slice, reflect.Array:
		var arr []json.RawMessage
		if json.Unmarshal(data, &arr) != nil {
			return
		}
		p := strings.TrimSuffix(prefix, ".") + "[]."
		for _, v := range arr {
			walkUnknown(bytes.TrimSpace(v), t.Elem(), p, out)
		}
	}
}

// jsonFields maps the JSON names of a struct's fields (embedded structs
// flattened) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					if _, ok := out[k]; !ok {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
