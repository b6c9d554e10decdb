// Package jsonschema validates a JSON document against the subset of JSON Schema (draft
// 2020-12) the suite's --json schemas use (docs/json.md): type, properties, required,
// additionalProperties (false), items, minItems, maxItems, minimum, const, enum. Other
// keywords ($schema, $id, title, description) are annotations and are ignored. It exists for
// the tests: the tools never validate what they print.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
)

// Validate checks doc against schema (both JSON texts) and returns every violation, each
// naming its location ("/memory/total: ...").
func Validate(schema, doc []byte) ([]string, error) {
	var s, d any
	if err := json.Unmarshal(schema, &s); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("document: more than one JSON value")
	}
	var out []string
	check(s, d, "", &out)
	return out, nil
}

func check(schema, v any, at string, out *[]string) {
	s, ok := schema.(map[string]any)
	if !ok {
		return // true/false schemas are not used
	}
	bad := func(f string, a ...any) { *out = append(*out, loc(at)+": "+fmt.Sprintf(f, a...)) }
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				if s, ok := x.(string); ok {
					types = append(types, s)
				}
			}
		}
		match := false
		for _, t := range types {
			if isType(v, t) {
				match = true
			}
		}
		if !match {
			bad("is %s, want %v", typeName(v), types)
			return
		}
	}
	if c, ok := s["const"]; ok && !equal(c, v) {
		bad("is %v, want %v", v, c)
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, x := range e {
			if equal(x, v) {
				found = true
			}
		}
		if !found {
			bad("%v is not one of %v", v, e)
		}
	}
	if m, ok := s["minimum"].(float64); ok {
		if n, ok := v.(json.Number); ok {
			if f, err := n.Float64(); err == nil && f < m {
				bad("%v is below the minimum %v", n, m)
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				if name, ok := r.(string); ok {
					if _, ok := obj[name]; !ok {
						bad("lacks required %q", name)
					}
				}
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k]; ok {
				check(ps, obj[k], at+"/"+k, out)
			} else if ap, ok := s["additionalProperties"].(bool); ok && !ap {
				bad("has %q, which the schema does not allow", k)
			}
		}
	}
	if arr, ok := v.([]any); ok {
		if n, ok := s["minItems"].(float64); ok && float64(len(arr)) < n {
			bad("has %d items, want at least %v", len(arr), n)
		}
		if n, ok := s["maxItems"].(float64); ok && float64(len(arr)) > n {
			bad("has %d items, want at most %v", len(arr), n)
		}
		if is, ok := s["items"]; ok {
			for i, x := range arr {
				check(is, x, fmt.Sprintf("%s/%d", at, i), out)
			}
		}
	}
}

func loc(at string) string {
	if at == "" {
		return "/"
	}
	return at
}

func isType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := n.Int64()
		if err != nil {
			// A big unsigned value is still an integer.
			_, err = strconv.ParseUint(n.String(), 10, 64)
		}
		return err == nil
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// equal compares a schema value (float64 numbers) with a document value (json.Number).
func equal(schemaVal, v any) bool {
	if n, ok := v.(json.Number); ok {
		f, err := n.Float64()
		sf, ok := schemaVal.(float64)
		return err == nil && ok && f == sf
	}
	return reflect.DeepEqual(schemaVal, v)
}
