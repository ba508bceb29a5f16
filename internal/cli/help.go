package cli

import (
	"github.com/alecthomas/kong"
)

// HelpCmd is `kindesync help [COMMAND]`: the same text as COMMAND --help.
type HelpCmd struct {
	Command []string `arg:"" optional:"" placeholder:"COMMAND" help:"The command to describe."`
}

// Run parses "COMMAND --help" with a fresh grammar; kong prints the help and
// exits through the hook run recovers from.
func (c *HelpCmd) Run(env *Env) error {
	var cli CLI
	parser, err := newParser(&cli, env)
	if err != nil {
		return err
	}
	_, err = parser.Parse(append(append([]string(nil), c.Command...), "--help"))
	return err
}

// offline are the commands that never talk to Kinde: their help leaves the
// connection flags out.
var offline = map[string]bool{"schema": true, "version": true, "help": true, "show": true, "completion": true, "man": true}

// helpPrinter is kong's help with the connection group hidden for commands
// that do not connect.
func helpPrinter(opts kong.HelpOptions, ctx *kong.Context) error {
	// Only top-level commands: mfa show is not the offline show.
	if sel := ctx.Selected(); sel != nil && offline[sel.Name] && (sel.Parent == nil || sel.Parent.Type != kong.CommandNode) {
		for _, f := range ctx.Model.Flags {
			if f.Group != nil && f.Group.Key == "connection" && !f.Hidden {
				f.Hidden = true
				defer func() { f.Hidden = false }()
			}
		}
	}
	return kong.DefaultHelpPrinter(opts, ctx)
}

// The Help methods are the examples kong prints under each command's help.

func (c *ValidateCmd) Help() string {
	return `Examples:
  kindesync validate -f kinde/                       # offline: syntax, types, references
  kindesync validate -f kinde/ --remote              # also resolve role, permission, flag... names in Kinde`
}

func (c *PlanCmd) Help() string {
	return `Examples:
  kindesync plan -f kinde/
  kindesync plan -f kinde/ --format markdown --out plan.json    # for a pull request
  kindesync plan -f kinde/ --detailed-exitcode                  # exit 2 when Kinde drifted
  kindesync plan -f examples/basic/kindesync.yaml --emulator examples/basic/live.yaml

Exit codes: 0 success (no changes with --detailed-exitcode), 1 error, 2 changes
(--detailed-exitcode), 3 blocked by a safety limit.`
}

func (c *ApplyCmd) Help() string {
	return `Examples:
  kindesync apply -f kinde/                                  # plan, confirm, apply
  kindesync apply --plan plan.json --auto-approve           # exactly the reviewed plan, or refuse if stale
  kindesync apply --plan plan.json --auto-approve --journal journal.jsonl`
}

func (c *ExportCmd) Help() string {
	return `Examples:
  kindesync export -o kinde/organizations.yaml
  kindesync export --org org_1ccfb819462 --org org_2d04e1b3c7a
  kindesync export --emulator state.yaml                   # round-trips an emulator state file`
}

func (c *SchemaCmd) Help() string {
	return `Example:
  kindesync schema > kindesync.schema.json`
}

func (c *EmulatorCmd) Help() string {
	return `Examples:
  kindesync emulator --state live.yaml
  kindesync emulator --state live.yaml --addr 0.0.0.0:8765 --public-url http://localhost:8765
  kindesync emulator --state live.yaml --rate 10 --faults 0.05 --latency 20ms`
}

func (c *VersionCmd) Help() string {
	return `Examples:
  kindesync version
  kindesync version --format json`
}

func (c *MFAShowCmd) Help() string {
	return `Examples:
  kindesync mfa show --org acme --user alice@acme.com
  kindesync mfa show --org org_1ccfb819462 --user kp_5ce676e5d6a24bc9aac2fba35a46e958 --format json`
}

func (c *MFAResetCmd) Help() string {
	return `Examples:
  kindesync mfa reset --org acme --user alice@acme.com --all
  kindesync mfa reset --org acme --user alice@acme.com --factor mfa_0193... --auto-approve --journal journal.jsonl

Exit codes: 0 reset, 1 error or cancelled (nothing was reset).`
}
