package jsonschema

import (
	"strings"
	"testing"
)

const schema = `{
  "type": "object",
  "required": ["schema", "n", "list"],
  "additionalProperties": false,
  "properties": {
    "schema": {"const": "x/1"},
    "n": {"type": "integer", "minimum": 0},
    "f": {"type": "number"},
    "view": {"enum": ["host", "container"]},
    "list": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}},
    "sub": {"type": "object", "required": ["a"], "properties": {"a": {"type": "boolean"}}}
  }
}`

func TestValidate(t *testing.T) {
	for doc, want := range map[string]string{
		`{"schema":"x/1","n":18446744073709551615,"list":[1,2.5],"view":"host","sub":{"a":true},"f":1e3}`: "",
		`{"schema":"x/2","n":-1,"list":[1],"extra":1,"view":"vm","sub":{}}`:                               `/: has "extra", which the schema does not allow|/list: has 1 items, want at least 2|/n: -1 is below the minimum 0|/schema: is x/2, want x/1|/sub: lacks required "a"|/view: vm is not one of [host container]`,
		`{"n":1.5,"list":["a","b"]}`: `/: lacks required "schema"|/list/0: is a string, want [number]|/list/1: is a string, want [number]|/n: is a number, want [integer]`,
		`[]`:                         `/: is an array, want [object]`,
	} {
		got, err := Validate([]byte(schema), []byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if g := strings.Join(got, "|"); g != want {
			t.Errorf("%s:\n got %s\nwant %s", doc, g, want)
		}
	}
	if _, err := Validate([]byte(schema), []byte(`{} {}`)); err == nil {
		t.Error("two values: want an error")
	}
	if _, err := Validate([]byte(`{`), []byte(`{}`)); err == nil {
		t.Error("bad schema: want an error")
	}
}
