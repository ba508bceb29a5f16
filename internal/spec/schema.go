package spec

import (
	"bytes"
	"encoding/json"
)

// SchemaID is where the schema of format version 1 is published:
// schema/v1/kindesync.schema.json, the same at every tag of version 1 but
// for optional additions (a tag's copy: replace main with the tag). The
// examples' modeline names it; schema/kindesync.schema.json is kept, equal,
// for editors that point at the old path.
const SchemaID = "https://raw.githubusercontent.com/kindesync/kindesync/main/schema/v1/kindesync.schema.json"

// Schema returns the JSON Schema (draft 2020-12) of the format, generated
// from the tables the decoder reads. It is stricter than nothing and
// looser than the decoder: it cannot check files, duplicates of objects or
// Kinde names.
func Schema() []byte {
	g := &schemaGen{defs: jsonObj{}}
	root := jsonObj{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"$id", SchemaID},
		{"title", "kindesync configuration, version 1"},
	}
	root = append(root, g.object(documentObject)...)
	root = append(root, jsonKV{"$defs", g.defs})
	out, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(err) // only our own plain values are marshalled
	}
	return append(out, '\n')
}

// jsonObj is a JSON object that keeps its key order, so that the output
// reads top-down and diffs stay small.
type jsonObj []jsonKV

type jsonKV struct {
	k string
	v any
}

func (o jsonObj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv.k)
		v, err := json.Marshal(kv.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type schemaGen struct {
	defs jsonObj
}

func (g *schemaGen) object(obj *object) jsonObj {
	s := jsonObj{{"description", obj.desc}, {"type", "object"}}
	props := jsonObj{}
	var required []string
	for _, f := range obj.fields {
		props = append(props, jsonKV{f.name, append(jsonObj{{"description", f.desc}}, g.typ(f.typ)...)})
		if f.required {
			required = append(required, f.name)
		}
	}
	s = append(s, jsonKV{"properties", props})
	if required != nil {
		s = append(s, jsonKV{"required", required})
	}
	s = append(s, jsonKV{"additionalProperties", false})
	if obj.anyOf != nil {
		s = append(s, jsonKV{"anyOf", requiredEach(obj.anyOf)})
	}
	if obj.oneOf != nil {
		s = append(s, jsonKV{"oneOf", requiredEach(obj.oneOf)})
	}
	return s
}

func requiredEach(names []string) []jsonObj {
	var out []jsonObj
	for _, n := range names {
		out = append(out, jsonObj{{"required", []string{n}}})
	}
	return out
}

func (g *schemaGen) typ(t *typ) jsonObj {
	switch t.kind {
	case kBool:
		return jsonObj{{"type", "boolean"}}
	case kInt:
		s := jsonObj{{"type", "integer"}}
		if t.only != 0 {
			return append(s, jsonKV{"const", t.only})
		}
		switch {
		case t.max != 0:
			s = append(s, jsonKV{"minimum", t.min}, jsonKV{"maximum", t.max})
		case !t.signed:
			s = append(s, jsonKV{"minimum", 0})
		}
		return s
	case kList:
		s := jsonObj{{"type", "array"}, {"items", g.typ(t.elem)}}
		if t.unique {
			s = append(s, jsonKV{"uniqueItems", true})
		}
		return s
	case kObject:
		ref := "#/$defs/" + t.obj.name
		for _, d := range g.defs {
			if d.k == t.obj.name {
				return jsonObj{{"$ref", ref}}
			}
		}
		g.defs = append(g.defs, jsonKV{t.obj.name, nil}) // reserve the place: defs read in order of use
		i := len(g.defs) - 1
		g.defs[i].v = g.object(t.obj)
		return jsonObj{{"$ref", ref}}
	case kFlagMap:
		return jsonObj{{"type", "object"}, {"propertyNames", jsonObj{{"minLength", 1}}},
			{"additionalProperties", jsonObj{{"type", []string{"boolean", "integer", "string", "object"}}}}}
	case kListMap:
		return jsonObj{{"type", "object"}, {"propertyNames", jsonObj{{"minLength", 1}}},
			{"additionalProperties", g.typ(&typ{kind: kList, unique: true, elem: t.elem.elem})}}
	case kFlagValue:
		return jsonObj{{"type", []string{"boolean", "integer", "string", "object"}}}
	case kPropertyMap:
		return jsonObj{{"type", "object"}, {"propertyNames", jsonObj{{"minLength", 1}, {"not", jsonObj{{"const", StateProperty}}}}},
			{"additionalProperties", jsonObj{{"type", []string{"string", "number", "boolean"}}}}}
	}
	s := jsonObj{{"type", "string"}}
	if t.nullable {
		s = jsonObj{{"type", []string{"string", "null"}}}
	}
	if t.enum != nil {
		return append(s, jsonKV{"enum", t.enum})
	}
	if t.nonEmpty || t.format != fPlain {
		s = append(s, jsonKV{"minLength", 1})
	}
	if t.maxLen > 0 {
		s = append(s, jsonKV{"maxLength", t.maxLen})
	}
	switch t.format {
	case fColor:
		s = append(s, jsonKV{"pattern", "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"})
	case fEmail:
		// format is only an annotation for most validators; the pattern is a
		// loose version of validEmail that editors do check.
		s = append(s, jsonKV{"format", "email"}, jsonKV{"pattern", `^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`})
	}
	return s
}
