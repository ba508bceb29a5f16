// Command kindesync keeps a Kinde environment in version-controlled YAML:
// validate, plan, apply, export. The command line lives in internal/cli.
package main

import (
	"os"

	"github.com/kindesync/kindesync/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() { os.Exit(cli.Main(version)) }
