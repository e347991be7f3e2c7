// Every Go example of the reference pages (docs/resources, docs/functions, docs/_index.md) is gofmt'ed,
// compiles against sdk/go and runs under pulumi.WithMocks: its programs go into one package of a
// temporary module (each `func main` renamed, `pulumi.Run` swapped for the mocks), one `go test`
// runs them all, and each must register the resources and invoke the functions the page's Pulumi
// YAML example declares, with at least the YAML's properties.
package sdk_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var fence = regexp.MustCompile("(?s)```(go|yaml)\n(.*?)```")

type pageExample struct{ page, goCode, yamlCode string }

func docExamples(t *testing.T) []pageExample {
	files, _ := filepath.Glob("../../docs/*/*.md")
	files = append(files, "../../docs/_index.md")
	var out []pageExample
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		e := pageExample{page: strings.TrimSuffix(filepath.Base(file), ".md")}
		for _, m := range fence.FindAllStringSubmatch(string(raw), -1) {
			if m[1] == "go" {
				e.goCode = m[2]
			} else {
				e.yamlCode = m[2]
			}
		}
		if e.goCode != "" {
			out = append(out, e)
		}
	}
	return out
}

// What the YAML example declares: "<token> <property>,<property>" per resource, "invoke <token>" per call.
func yamlDeclarations(code string) []string {
	var out []string
	var current *[]string
	var token string
	flush := func() {
		if current != nil {
			sort.Strings(*current)
			out = append(out, token+" "+strings.Join(*current, ","))
			current = nil
		}
	}
	section, inProperties := "", false
	for _, line := range strings.Split(code, "\n") {
		if m := regexp.MustCompile(`^(\w+):`).FindStringSubmatch(line); m != nil {
			flush()
			section = m[1]
		} else if section == "resources" && strings.HasPrefix(line, "    type: ") {
			flush()
			token, current = strings.TrimPrefix(line, "    type: "), &[]string{}
		} else if section == "resources" && regexp.MustCompile(`^    \w+:`).MatchString(line) {
			inProperties = line == "    properties:"
		} else if m := regexp.MustCompile(`^      ([A-Za-z]\w*):`).FindStringSubmatch(line); m != nil && current != nil && inProperties {
			*current = append(*current, m[1])
		} else if m := regexp.MustCompile(`^      function: (\S+)$`).FindStringSubmatch(line); m != nil && section == "variables" {
			out = append(out, "invoke "+m[1])
		}
	}
	flush()
	sort.Strings(out)
	return out
}

const runner = `package main

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var runExample func(pulumi.RunFunc)

type mocks struct {
	mu   sync.Mutex
	seen []string
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	var keys []string
	for key, value := range args.Inputs {
		if !value.IsNull() {
			keys = append(keys, string(key))
		}
	}
	sort.Strings(keys)
	m.mu.Lock()
	m.seen = append(m.seen, args.TypeToken+" "+strings.Join(keys, ","))
	m.mu.Unlock()
	return args.Name + "-id", args.Inputs, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.seen = append(m.seen, "invoke "+args.Token)
	m.mu.Unlock()
	return resource.PropertyMap{}, nil
}

func TestExamples(t *testing.T) {
	report := map[string][]string{}
	for name, program := range examples {
		m := &mocks{}
		var err error
		runExample = func(f pulumi.RunFunc) { err = pulumi.RunErr(f, pulumi.WithMocks("example", "dev", m)) }
		program()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		sort.Strings(m.seen)
		report[name] = m.seen
	}
	raw, _ := json.Marshal(report)
	if err := os.WriteFile(os.Getenv("EXAMPLES_REPORT"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
}
`

func TestDocExamplesCompileAndRunUnderMocks(t *testing.T) {
	examples := docExamples(t)
	if len(examples) < 33 {
		t.Fatalf("found %d Go examples in docs/, want one per resource and function page and _index.md", len(examples))
	}
	dir := t.TempDir()
	sdk, _ := filepath.Abs("../../sdk/go")
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	modText := strings.Replace(string(mod), "module pulumi-woodpecker.local/sdk-test", "module pulumi-woodpecker.local/doc-examples", 1)
	modText = strings.Replace(modText, "=> ../../sdk/go", "=> "+sdk, 1)
	sum, _ := os.ReadFile("go.sum")
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(modText), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))

	secretKey := regexp.MustCompile(`cfg\.RequireSecret\("(\w+)"\)`)
	config := map[string]string{}
	table := []string{}
	for i, e := range examples {
		file := filepath.Join(dir, fmt.Sprintf("example_%d.go", i))
		must(t, os.WriteFile(file, []byte(e.goCode), 0o644))
		if out, err := exec.Command("gofmt", "-l", file).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("%s: the Go example is not gofmt'ed (%v): %s", e.page, err, out)
		}
		code := strings.Replace(e.goCode, "func main() {", fmt.Sprintf("func example%d() {", i), 1)
		code = strings.Replace(code, "pulumi.Run(", "runExample(", 1)
		must(t, os.WriteFile(file, []byte(code), 0o644))
		for _, m := range secretKey.FindAllStringSubmatch(code, -1) {
			config["example:"+m[1]] = "secret-" + m[1]
		}
		table = append(table, fmt.Sprintf("\t%q: example%d,", e.page, i))
	}
	must(t, os.WriteFile(filepath.Join(dir, "runner_test.go"), []byte(runner+"\nvar examples = map[string]func(){\n"+strings.Join(table, "\n")+"\n}\n"), 0o644))

	configJSON, _ := json.Marshal(config)
	report := filepath.Join(dir, "report.json")
	cmd := exec.Command("go", "test", "-count=1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(configJSON), "EXAMPLES_REPORT="+report, "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Go examples fail to compile or run: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var seen map[string][]string
	must(t, json.Unmarshal(raw, &seen))
	for _, e := range examples {
		want := yamlDeclarations(e.yamlCode)
		got := seen[e.page]
		if len(want) == 0 || len(got) != len(want) {
			t.Errorf("%s: the Go program registered %v, the YAML example declares %v", e.page, got, want)
			continue
		}
		for i := range want {
			token, props, _ := strings.Cut(want[i], " ")
			gotToken, gotProps, _ := strings.Cut(got[i], " ")
			if token != gotToken {
				t.Errorf("%s: the Go program registered %v, the YAML example declares %v", e.page, got, want)
				break
			}
			have := map[string]bool{}
			for _, p := range strings.Split(gotProps, ",") {
				have[p] = true
			}
			for _, p := range strings.Split(props, ",") {
				if p != "" && !have[p] {
					t.Errorf("%s: %s is given %s in YAML but not by the Go program (%s)", e.page, token, p, gotProps)
				}
			}
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
