package cli

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVersionOf(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "37decfd0c0ffee"}, {Key: "vcs.modified", Value: "true"}}
	tests := []struct {
		name   string
		ldflag string
		bi     *debug.BuildInfo
		want   buildVersion
	}{
		{"ldflag wins", "v9.9.9", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.0.0"}},
			buildVersion{Version: "v9.9.9", Go: "go1.26.0", Platform: platform}},
		{"go install MODULE@v1.2.3", "dev", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}},
			buildVersion{Version: "v1.2.3", Go: "go1.26.0", Platform: platform}},
		{"pseudo-version from a checkout", "", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v0.0.0-20261201204637-37decfd0c0ff+dirty"}, Settings: vcs},
			buildVersion{Version: "v0.0.0-20261201204637-37decfd0c0ff+dirty", Commit: "37decfd0c0ffee", Modified: true, Go: "go1.26.0", Platform: platform}},
		{"devel", "dev", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}},
			buildVersion{Version: "dev", Go: "go1.26.0", Platform: platform}},
		{"no build info", "", nil, buildVersion{Version: "dev", Go: runtime.Version(), Platform: platform}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, versionOf(tt.ldflag, tt.bi)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	got := versionOf("", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}, Settings: vcs}).String()
	if want := "kindesync v1.2.3 (commit 37decfd0c0ffee, modified), go1.26.0 " + platform; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"plan", "--version"}} {
		code, out, errs := kindesync(t, args...)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "kindesync ") || !strings.Contains(out, runtime.GOOS+"/"+runtime.GOARCH) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	code, out, _ := kindesync(t, "version", "--format", "json")
	var v buildVersion
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 || v.Version == "" || v.Go == "" || v.Platform == "" {
		t.Errorf("version --format json: exit %d, %v: %s", code, err, out)
	}
}
