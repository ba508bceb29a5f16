package cli

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/alecthomas/kong"
)

// VersionCmd prints the build version.
type VersionCmd struct {
	Format string `enum:"text,json" default:"text" help:"Output format: text or json."`
}

// buildVersion is what version prints.
type buildVersion struct {
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// versionOf is the ldflag version when one was set, else the module version
// the build info carries (v1.2.3 for go install MODULE@v1.2.3, a
// pseudo-version with the commit for a build in a checkout), else "dev".
func versionOf(ldflag string, bi *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: ldflag, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		v.Go = bi.GoVersion
		if v.Version == "" || v.Version == "dev" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if v.Version == "" || v.Version == "(devel)" {
		v.Version = "dev"
	}
	return v
}

func (v buildVersion) String() string {
	s := "kindesync " + v.Version
	if v.Commit != "" {
		s += " (commit " + v.Commit
		if v.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + ", " + v.Go + " " + v.Platform
}

func currentVersion(ldflag string) buildVersion {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(ldflag, bi)
}

// Run prints the version to stdout.
func (c *VersionCmd) Run(env *Env) error {
	v := currentVersion(env.Version)
	if c.Format == "json" {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(env.Stdout, "%s\n", b)
		return err
	}
	_, err := fmt.Fprintln(env.Stdout, v)
	return err
}

// versionFlag is --version: the version command's text, then exit 0.
type versionFlag bool

// BeforeReset runs as soon as --version is seen, before required flags and
// commands are checked, so that `kindesync --version` alone works.
func (versionFlag) BeforeReset(app *kong.Kong, env *Env) error {
	fmt.Fprintln(env.Stdout, currentVersion(env.Version))
	app.Exit(exitOK)
	return nil
}
