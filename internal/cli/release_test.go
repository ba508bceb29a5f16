package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goreleaser is the part of .goreleaser.yaml the tests check. A release
// cannot run here (no network, no tag): the tests hold the config to what
// the README promises, build with its ldflags, and run `goreleaser check`.
type goreleaser struct {
	Version int `yaml:"version"`
	Builds  []struct {
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
	} `yaml:"builds"`
	Archives []struct {
		Files []string `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
}

func readGoreleaser(t *testing.T) goreleaser {
	t.Helper()
	var g goreleaser
	readYAML(t, ".goreleaser.yaml", &g)
	return g
}

func TestGoreleaserConfig(t *testing.T) {
	g := readGoreleaser(t)
	if g.Version != 2 || len(g.Builds) != 1 {
		t.Fatalf("want a version 2 config with one build: %+v", g)
	}
	b := g.Builds[0]
	if strings.Join(b.Goos, ",") != "linux,darwin,windows" || strings.Join(b.Goarch, ",") != "amd64,arm64" {
		t.Errorf("platforms %v × %v", b.Goos, b.Goarch)
	}
	if !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.version={{ .Tag }}") {
		t.Errorf("ldflags %v do not set main.version to the tag", b.Ldflags)
	}
	if strings.Join(b.Env, ",") != "CGO_ENABLED=0" {
		t.Errorf("env %v: want a static build", b.Env)
	}
	if g.Checksum.Algorithm != "sha256" || g.Checksum.NameTemplate == "" {
		t.Errorf("checksum %+v", g.Checksum)
	}
	for _, a := range g.Archives {
		for _, f := range a.Files {
			if m, _ := filepath.Glob(f); len(m) == 0 {
				t.Errorf("archive file %s matches nothing", f)
			}
		}
	}
}

// TestReleaseLdflags builds as GoReleaser does, with its flags and
// ldflags (the tag v9.9.9 in place of {{ .Tag }}), and as the Dockerfile
// does: the binary reports the version.
func TestReleaseLdflags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	g := readGoreleaser(t)
	ld := strings.ReplaceAll(strings.Join(g.Builds[0].Ldflags, " "), "{{ .Tag }}", "v9.9.9")
	docker, err := os.ReadFile("Dockerfile")
	must(t, err)
	m := regexp.MustCompile(`-ldflags "([^"]+)"`).FindSubmatch(docker)
	if m == nil {
		t.Fatal("the Dockerfile's go build has no -ldflags")
	}
	dockerLd := strings.ReplaceAll(string(m[1]), "${VERSION}", "v9.9.9")
	for name, flags := range map[string]string{"goreleaser": ld, "Dockerfile": dockerLd} {
		bin := filepath.Join(t.TempDir(), "kindesync")
		args := append(append([]string{"build"}, g.Builds[0].Flags...), "-ldflags", flags, "-o", bin, g.Builds[0].Main)
		build := exec.Command("go", args...)
		build.Env = append(os.Environ(), g.Builds[0].Env...)
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("%s: go build: %v\n%s", name, err, out)
		}
		for _, args := range [][]string{{"version"}, {"--version"}} {
			out, err := exec.Command(bin, args...).Output()
			if err != nil || !strings.HasPrefix(string(out), "kindesync v9.9.9, go") {
				t.Errorf("%s build: %v printed %q (%v)", name, args, out, err)
			}
		}
		out, err := exec.Command(bin, "version", "--format", "json").Output()
		var v buildVersion
		if err != nil || json.Unmarshal(out, &v) != nil || v.Version != "v9.9.9" {
			t.Errorf("%s build: version --format json: %v: %s", name, err, out)
		}
	}
}

// TestDockerfile lints the Dockerfile with dockerfilelint (npm, installed by
// .ci/run) and checks what docs/install.md says of the image. No image is
// built here: there is no Docker daemon.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	must(t, err)
	df := string(b)
	for _, w := range []string{"FROM golang:1.26-alpine AS build", "CGO_ENABLED=0", "FROM scratch", "USER 65532:65532", `ENTRYPOINT ["/kindesync"]`, "EXPOSE 8765", "ca-certificates.crt"} {
		if !strings.Contains(df, w) {
			t.Errorf("Dockerfile lacks %q", w)
		}
	}
	dir := os.Getenv("KINDESYNC_NPM_DIR")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "kindesync", "npm")
	}
	lint := filepath.Join(dir, "node_modules", ".bin", "dockerfilelint")
	if _, err := os.Stat(lint); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("dockerfilelint is not installed in %s: .ci/run installs it", dir)
		}
		t.Skip("dockerfilelint is not installed (npm install --prefix ~/.cache/kindesync/npm dockerfilelint@1.8.0)")
	}
	out, err := exec.Command(lint, "Dockerfile").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Issues: None found") {
		t.Errorf("dockerfilelint: %v\n%s", err, out)
	}
}

// TestEmulatorStateFromEnv: the image sets KINDESYNC_EMULATOR_STATE so that
// `emulator` needs no --state.
func TestEmulatorStateFromEnv(t *testing.T) {
	var cli CLI
	env := quietEnv()
	t.Setenv("KINDESYNC_EMULATOR_STATE", "/work/emulator-state.yaml")
	p, err := newParser(&cli, env)
	must(t, err)
	if _, err := p.Parse([]string{"emulator", "--addr", "0.0.0.0:8765", "--public-url", "http://localhost:8765"}); err != nil {
		t.Fatal(err)
	}
	if cli.Emulator.State != "/work/emulator-state.yaml" {
		t.Errorf("state = %q", cli.Emulator.State)
	}
}

// TestGoreleaserCheck runs GoReleaser's own validation of .goreleaser.yaml
// when goreleaser is installed: the structural test above holds the config
// to the README, this one to GoReleaser's schema. .ci/run does not install
// it (over 300 modules to build for one check); docs/install.md says how.
func TestGoreleaserCheck(t *testing.T) {
	bin, err := exec.LookPath("goreleaser")
	if err != nil {
		t.Skip("goreleaser is not installed (go install github.com/goreleaser/goreleaser/v2@v2.15.1)")
	}
	cmd := exec.Command(bin, "check", "--config", ".goreleaser.yaml")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 configuration file(s) validated") {
		t.Errorf("goreleaser check: %v\n%s", err, out)
	}
}
