// The generated Go SDK (sdk/go) under Pulumi's mocks: every resource of schema.json registers its token
// with every input, secret inputs as secrets, secret outputs listed for the engine, every output
// readable; every function invokes its token and returns every output. The kinds come from schema.json
// and the generated table (kinds_test.go); values are set by reflection from the schema's types.
package sdk_test

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type property struct {
	OneOf                []*property          `json:"oneOf"`
	Type                 string               `json:"type"`
	Ref                  string               `json:"$ref"`
	Items                *property            `json:"items"`
	AdditionalProperties *property            `json:"additionalProperties"`
	Properties           map[string]*property `json:"properties"`
	Secret               bool                 `json:"secret"`
	Enum                 []struct {
		Value any `json:"value"`
	} `json:"enum"`
}

type objectSpec struct {
	Properties map[string]*property `json:"properties"`
	Required   []string             `json:"required"`
}

var schema struct {
	Resources map[string]struct {
		InputProperties map[string]*property `json:"inputProperties"`
		Properties      map[string]*property `json:"properties"`
	} `json:"resources"`
	Functions map[string]struct {
		Inputs  *objectSpec `json:"inputs"`
		Outputs objectSpec  `json:"outputs"`
	} `json:"functions"`
	Types map[string]*property `json:"types"`
}

func TestMain(m *testing.M) {
	raw, err := os.ReadFile("../../schema.json")
	if err == nil {
		err = json.Unmarshal(raw, &schema)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schema.json:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// resolve follows a $ref into the schema's types.
func resolve(p *property) *property {
	if p.Ref == "" {
		return p
	}
	if p.Ref == "pulumi.json#/Any" {
		return &property{Type: "string"}
	}
	return schema.Types[strings.TrimPrefix(p.Ref, "#/types/")]
}

// sample is a value of the property's type as it travels to the plugin (numbers are float64).
func sample(p *property, key string) any {
	p = resolve(p)
	switch {
	case len(p.OneOf) > 0:
		return sample(p.OneOf[0], key)
	case len(p.Enum) > 0:
		return p.Enum[len(p.Enum)-1].Value
	case p.Type == "string":
		return "s-" + key
	case p.Type == "integer":
		return float64(len(key))
	case p.Type == "number":
		return 1.5
	case p.Type == "boolean":
		return true
	case p.Type == "array":
		return []any{sample(p.Items, key)}
	case p.AdditionalProperties != nil:
		return map[string]any{"k": sample(p.AdditionalProperties, key)}
	case p.Properties != nil:
		object := map[string]any{}
		for name, inner := range p.Properties {
			object[name] = sample(inner, name)
		}
		return object
	}
	panic(fmt.Sprintf("no sample for %s: %+v", key, p))
}

// plain builds a Go value of type t from a sample.
func plain(t reflect.Type, value any) reflect.Value {
	switch t.Kind() {
	case reflect.Pointer:
		v := reflect.New(t.Elem())
		v.Elem().Set(plain(t.Elem(), value))
		return v
	case reflect.Slice:
		items := value.([]any)
		v := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			v.Index(i).Set(plain(t.Elem(), item))
		}
		return v
	case reflect.Map:
		v := reflect.MakeMap(t)
		for key, item := range value.(map[string]any) {
			v.SetMapIndex(reflect.ValueOf(key), plain(t.Elem(), item))
		}
		return v
	case reflect.Struct:
		v := reflect.New(t).Elem()
		object := value.(map[string]any)
		for i := 0; i < t.NumField(); i++ {
			if key := t.Field(i).Tag.Get("pulumi"); key != "" {
				v.Field(i).Set(plain(t.Field(i).Type, object[key]))
			}
		}
		return v
	case reflect.Int:
		return reflect.ValueOf(int(value.(float64))).Convert(t)
	case reflect.Float64:
		return reflect.ValueOf(value.(float64)).Convert(t)
	default: // string and bool kinds, enums included
		return reflect.ValueOf(value).Convert(t)
	}
}

// input builds a value for an Args field: an Input interface takes a resolved Output of its element type.
func input(t reflect.Type, value any) reflect.Value {
	if t.Kind() != reflect.Interface {
		return plain(t, value)
	}
	for i := 0; i < t.NumMethod(); i++ {
		method := t.Method(i)
		if strings.HasPrefix(method.Name, "To") && strings.HasSuffix(method.Name, "Output") && method.Type.NumIn() == 0 {
			element := reflect.Zero(method.Type.Out(0)).Interface().(pulumi.Output).ElementType()
			output := reflect.ValueOf(pulumi.ToOutput(plain(element, value).Interface()))
			if !output.Type().AssignableTo(t) {
				panic(fmt.Sprintf("%s is not a %s", output.Type(), t))
			}
			return output
		}
	}
	// a union (oneOf) is an untyped field: the plain value, or a resolved Output of it
	if reflect.TypeOf(value).AssignableTo(t) {
		return reflect.ValueOf(value)
	}
	if output := reflect.ValueOf(pulumi.ToOutput(value)); output.Type().AssignableTo(t) {
		return output
	}
	panic(fmt.Sprintf("%s takes no %T", t, value))
}

// fieldKey is the schema property an Args field stands for: its tag, or its name (Title of the property).
func fieldKey(field reflect.StructField, props map[string]*property) string {
	if key := field.Tag.Get("pulumi"); key != "" {
		return key
	}
	for key := range props {
		if strings.EqualFold(key, field.Name) {
			return key
		}
	}
	return ""
}

// fillAll sets every field of an Args struct from the samples of its properties.
func fillAll(t *testing.T, props map[string]*property, wire map[string]any) func(any) {
	return func(args any) {
		v := reflect.ValueOf(args).Elem()
		seen := map[string]bool{}
		for i := 0; i < v.NumField(); i++ {
			key := fieldKey(v.Type().Field(i), props)
			if key == "" {
				t.Errorf("%s.%s is no schema property", v.Type(), v.Type().Field(i).Name)
				continue
			}
			seen[key] = true
			v.Field(i).Set(input(v.Field(i).Type(), wire[key]))
		}
		for key := range props {
			if !seen[key] {
				t.Errorf("%s has no field for %s", v.Type(), key)
			}
		}
	}
}

func samples(props map[string]*property) map[string]any {
	wire := map[string]any{}
	for key, p := range props {
		wire[key] = sample(p, key)
	}
	return wire
}

// wireOf is a Go value as the plugin sees it (struct fields by their pulumi tags, numbers as float64).
func wireOf(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return wireOf(v.Elem())
	case reflect.Slice:
		items := make([]any, v.Len())
		for i := range items {
			items[i] = wireOf(v.Index(i))
		}
		return items
	case reflect.Map:
		object := map[string]any{}
		for _, key := range v.MapKeys() {
			object[key.String()] = wireOf(v.MapIndex(key))
		}
		return object
	case reflect.Struct:
		object := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			if key := v.Type().Field(i).Tag.Get("pulumi"); key != "" {
				object[key] = wireOf(v.Field(i))
			}
		}
		return object
	case reflect.Int:
		return float64(v.Int())
	case reflect.String:
		return v.String()
	default:
		return v.Interface()
	}
}

// mocks answers every registration with the inputs plus samples of the other outputs, every invoke
// with samples of the function's outputs, secret ones as secrets (as the plugin answers), and records
// what the SDK sent.
type mocks struct {
	mu        sync.Mutex
	registers map[string]pulumi.MockResourceArgs
	invokes   map[string]resource.PropertyMap
}

// toProperty is a sample as the plugin answers it: secret where the schema says so, at any depth.
func toProperty(p *property, value any) resource.PropertyValue {
	r := resolve(p)
	var out resource.PropertyValue
	switch {
	case r.Items != nil:
		items := []resource.PropertyValue{}
		for _, item := range value.([]any) {
			items = append(items, toProperty(r.Items, item))
		}
		out = resource.NewProperty(items)
	case r.Properties != nil:
		object := resource.PropertyMap{}
		for key, item := range value.(map[string]any) {
			object[resource.PropertyKey(key)] = toProperty(r.Properties[key], item)
		}
		out = resource.NewProperty(object)
	default:
		out = resource.NewPropertyValue(value)
	}
	if p.Secret {
		out = resource.MakeSecret(out)
	}
	return out
}

func secretsOf(props map[string]*property, values map[string]any) resource.PropertyMap {
	out := resource.PropertyMap{}
	for key, value := range values {
		out[resource.PropertyKey(key)] = toProperty(props[key], value)
	}
	return out
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.registers[args.Name] = args
	spec, ok := schema.Resources[args.TypeToken]
	if !ok {
		return args.Name + "-id", args.Inputs, nil
	}
	state := secretsOf(spec.Properties, samples(spec.Properties))
	for key, value := range args.Inputs {
		state[key] = value
	}
	return args.Name + "-id", state, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.invokes[args.Token] = args.Args
	spec := schema.Functions[args.Token]
	return secretsOf(spec.Outputs.Properties, samples(spec.Outputs.Properties)), nil
}

func run(t *testing.T, program func(ctx *pulumi.Context) error) *mocks {
	m := &mocks{registers: map[string]pulumi.MockResourceArgs{}, invokes: map[string]resource.PropertyMap{}}
	if err := pulumi.RunErr(program, pulumi.WithMocks("project", "stack", m)); err != nil {
		t.Fatal(err)
	}
	return m
}

// await resolves an Output: its value and whether it is secret.
func await(t *testing.T, o pulumi.Output) (any, bool) {
	values := make(chan any, 1)
	o.ApplyT(func(v any) any { values <- v; return v })
	select {
	case value := <-values:
		return value, pulumi.IsSecret(o)
	case <-time.After(20 * time.Second):
		t.Fatalf("an output of type %s does not resolve", o.ElementType())
		return nil, false
	}
}

func unwrap(v resource.PropertyValue) (any, bool) {
	if v.IsSecret() {
		return v.SecretValue().Element.Mappable(), true
	}
	return v.Mappable(), false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

func TestTheTableHoldsEveryResourceAndFunctionOfTheSchema(t *testing.T) {
	if got, want := sortedKeys(resources), sortedKeys(schema.Resources); !reflect.DeepEqual(got, want) {
		t.Errorf("resources: %v, schema.json: %v", got, want)
	}
	if got, want := sortedKeys(functions), sortedKeys(schema.Functions); !reflect.DeepEqual(got, want) {
		t.Errorf("functions: %v, schema.json: %v", got, want)
	}
	if len(schema.Resources) < 13 || len(schema.Functions) < 19 {
		t.Errorf("schema.json holds %d resources and %d functions", len(schema.Resources), len(schema.Functions))
	}
}

func TestEveryResourceRegistersItsTokenWithEveryInputAndItsSecrets(t *testing.T) {
	for _, token := range sortedKeys(schema.Resources) {
		spec := schema.Resources[token]
		t.Run(token, func(t *testing.T) {
			wire := samples(spec.InputProperties)
			got := map[string]any{}
			secret := map[string]bool{}
			m := run(t, func(ctx *pulumi.Context) error {
				res, err := resources[token](ctx, "res", fillAll(t, spec.InputProperties, wire))
				if err != nil {
					return err
				}
				// outputs are awaited while the program runs
				outputs := reflect.ValueOf(res).Elem()
				for key := range spec.Properties {
					field, ok := outputField(outputs, key)
					if !ok {
						t.Errorf("no output field for %s", key)
						continue
					}
					value, isSecret := await(t, field)
					got[key], secret[key] = wireOf(reflect.ValueOf(value)), isSecret
				}
				return nil
			})
			args := m.registers["res"]
			if args.TypeToken != token {
				t.Fatalf("registered %q", args.TypeToken)
			}
			for key, p := range spec.InputProperties {
				value, isSecret := unwrap(args.Inputs[resource.PropertyKey(key)])
				if !reflect.DeepEqual(value, wire[key]) {
					t.Errorf("input %s: got %#v, want %#v", key, value, wire[key])
				}
				if isSecret != p.Secret {
					t.Errorf("input %s: secret %v, schema says %v", key, isSecret, p.Secret)
				}
			}
			if len(args.Inputs) != len(spec.InputProperties) {
				t.Errorf("inputs %v, schema has %d", args.Inputs, len(spec.InputProperties))
			}
			listed := map[string]bool{}
			for _, key := range args.RegisterRPC.GetAdditionalSecretOutputs() {
				listed[key] = true
			}
			for key, p := range spec.Properties {
				if p.Secret && !listed[key] && !spec.InputProperties[key].isSecret() {
					t.Errorf("output %s is secret in the schema but not listed as an additional secret output", key)
				}
				want := wire[key]
				if _, input := spec.InputProperties[key]; !input {
					want = sample(p, key)
				}
				if !reflect.DeepEqual(got[key], want) {
					t.Errorf("output %s: got %#v, want %#v", key, got[key], want)
				}
				if secret[key] != p.Secret {
					t.Errorf("output %s: secret %v, schema says %v", key, secret[key], p.Secret)
				}
			}
		})
	}
}

func (p *property) isSecret() bool { return p != nil && p.Secret }

func outputField(v reflect.Value, key string) (pulumi.Output, bool) {
	for i := 0; i < v.NumField(); i++ {
		if v.Type().Field(i).Tag.Get("pulumi") == key {
			output, ok := v.Field(i).Interface().(pulumi.Output)
			return output, ok
		}
	}
	return nil, false
}

func TestEveryFunctionInvokesItsTokenAndReturnsEveryOutput(t *testing.T) {
	for _, token := range sortedKeys(schema.Functions) {
		spec := schema.Functions[token]
		t.Run(token, func(t *testing.T) {
			var inputs map[string]*property
			if spec.Inputs != nil {
				inputs = spec.Inputs.Properties
			}
			wire := samples(inputs)
			var result any
			var output pulumi.Output
			var value any
			var secret bool
			secrets := false
			for _, p := range spec.Outputs.Properties {
				secrets = secrets || containsSecret(p)
			}
			var plainErr error
			m := run(t, func(ctx *pulumi.Context) error {
				result, plainErr = functions[token].plain(ctx, fillAll(t, inputs, wire))
				output = functions[token].output(ctx, fillAll(t, inputs, wire))
				value, secret = await(t, output)
				return nil
			})
			// the plain form cannot carry secretness: Pulumi's Go SDK refuses a result holding secrets there
			if secrets {
				if plainErr == nil || !strings.Contains(plainErr.Error(), "unexpected secret result returned to invoke call") {
					t.Fatalf("the plain form of a function returning secrets: %v", plainErr)
				}
				result = value
			} else if plainErr != nil {
				t.Fatal(plainErr)
			}
			sent, ok := m.invokes[token]
			if !ok {
				t.Fatalf("%s was not invoked", token)
			}
			for key := range inputs {
				if got, _ := unwrap(sent[resource.PropertyKey(key)]); !reflect.DeepEqual(got, wire[key]) {
					t.Errorf("argument %s: got %#v, want %#v", key, got, wire[key])
				}
			}
			got := wireOf(reflect.ValueOf(result)).(map[string]any)
			for key, p := range spec.Outputs.Properties {
				if want := sample(p, key); !reflect.DeepEqual(got[key], want) {
					t.Errorf("result %s: got %#v, want %#v", key, got[key], want)
				}
			}
			if !reflect.DeepEqual(wireOf(reflect.ValueOf(value)), got) {
				t.Errorf("Output form: %#v, plain form: %#v", wireOf(reflect.ValueOf(value)), got)
			}
			if secret != secrets {
				t.Errorf("Output form secret %v, the result holds secrets: %v", secret, secrets)
			}
		})
	}
}

// containsSecret: whether a property or anything inside it is secret.
func containsSecret(p *property) bool {
	if p.Secret {
		return true
	}
	p = resolve(p)
	if p.Items != nil && containsSecret(p.Items) {
		return true
	}
	for _, inner := range p.Properties {
		if containsSecret(inner) {
			return true
		}
	}
	return false
}
