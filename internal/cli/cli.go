// Package cli is kindesync's command line: the kong grammar, one small file
// per command whose Run takes its dependencies (an Env), exit codes, progress
// and terminal detection, and the end-to-end tests that drive the commands
// against the emulator. Nothing below Main exits the process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/alecthomas/kong"
)

// CLI is the whole command-line grammar. Each command lives in cmd_<name>.go.
type CLI struct {
	Globals

	Validate   ValidateCmd   `cmd:"" help:"Check configuration files offline; --remote also resolves names against Kinde."`
	Plan       PlanCmd       `cmd:"" help:"Show the changes that would make Kinde match the files."`
	Apply      ApplyCmd      `cmd:"" help:"Make Kinde match the files, or carry out a saved plan."`
	Export     ExportCmd     `cmd:"" help:"Write live organizations as YAML."`
	Schema     SchemaCmd     `cmd:"" help:"Print the JSON Schema of the YAML format."`
	MFA        MFACmd        `cmd:"" name:"mfa" help:"Show or reset an organization member's MFA (not state: outside plan and apply)."`
	Emulator   EmulatorCmd   `cmd:"" help:"Serve an in-memory Kinde Management API from a state file."`
	Version    VersionCmd    `cmd:"" help:"Print the version."`
	Show       ShowCmd       `cmd:"" help:"Render a saved plan as text, markdown or JSON, without talking to Kinde."`
	Completion CompletionCmd `cmd:"" help:"Print a shell completion script (bash, zsh, fish)."`
	Man        ManCmd        `cmd:"" help:"Print the man page."`
	Help       HelpCmd       `cmd:"" help:"Show help for a command."`
}

// Globals are the flags shared by every command: the connection flags (in
// their own help group, after each command's own flags), --no-color and
// --version.
type Globals struct {
	Domain       string `env:"KINDE_DOMAIN" group:"connection" help:"Kinde domain (acme.kinde.com) or URL; https:// is implied."`
	ClientID     string `name:"client-id" env:"KINDE_MANAGEMENT_CLIENT_ID" group:"connection" help:"M2M application client id."`
	ClientSecret string `name:"client-secret" env:"KINDE_MANAGEMENT_CLIENT_SECRET" group:"connection" help:"M2M application client secret (never printed)."`
	Token        string `env:"KINDE_MANAGEMENT_TOKEN" group:"connection" help:"Access token obtained elsewhere, instead of client id and secret."`
	Emulator     string `name:"emulator" env:"KINDESYNC_EMULATOR" type:"path" group:"connection" help:"Run against an in-process emulator seeded from this state file." placeholder:"STATE"`
	Verbose      bool   `short:"v" group:"connection" help:"Log each API call to stderr (credentials redacted)."`

	NoColor     bool        `name:"no-color" help:"No colour, even on a terminal (NO_COLOR=1 does the same)."`
	VersionFlag versionFlag `name:"version" help:"Print the version and exit."`
}

// exitError carries a process exit code up to main; nothing below main exits.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Exit codes of DESIGN §1.
const (
	exitOK      = 0
	exitError1  = 1
	exitChanges = 2
	exitBlocked = 3
)

// Main runs kindesync with the process's arguments and streams and returns
// the exit code; version is the build's (main's -X ldflag).
func Main(version string) int {
	setMemLimit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(&Env{Ctx: ctx, Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Version: version}, os.Args[1:])
}

// helpExit is panicked by kong's exit hook (after --help) and recovered in run,
// so that run stays testable and only main calls os.Exit.
type helpExit struct{ code int }

// run parses args and runs the command with env's streams, returning the
// exit code; tests call it with buffers.
func run(env *Env, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			h, ok := r.(helpExit)
			if !ok {
				panic(r)
			}
			code = h.code
		}
	}()
	if len(args) == 0 {
		args = []string{"--help"} // bare kindesync: the usage, not an error
	}
	var cli CLI
	parser, err := newParser(&cli, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "kindesync:", err)
		return exitError1
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintln(env.Stderr, "kindesync:", redactArgs(err.Error(), args))
		return exitError1
	}
	env.noColour = cli.NoColor
	err = kctx.Run(&cli.Globals, env)
	return exitCode(err, env)
}

// newParser builds the command-line grammar over cli.
func newParser(cli *CLI, env *Env) (*kong.Kong, error) {
	k, err := kong.New(cli,
		kong.Name("kindesync"),
		kong.Description("Keep the organizations of a Kinde environment in version-controlled YAML."),
		kong.UsageOnError(),
		kong.Exit(func(c int) { panic(helpExit{c}) }),
		kong.Writers(env.Stdout, env.Stderr),
		kong.Bind(env),
		kong.ExplicitGroups([]kong.Group{{Key: "connection", Title: "Connection flags (each also read from its environment variable):"}}),
		kong.Help(helpPrinter),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, FlagsLast: true}),
	)
	if err != nil {
		return nil, err
	}
	groupGlobals(k.Model)
	return k, nil
}

// groupGlobals puts the ungrouped global flags (--help, --no-color,
// --version) in a group of their own and orders the root's flags so that
// each command's help lists its own flags first, then the connection flags,
// then these: kong lists ungrouped flags first and groups in order of
// appearance.
func groupGlobals(app *kong.Application) {
	global := &kong.Group{Key: "global", Title: "Global flags:"}
	var conn, rest []*kong.Flag
	for _, f := range app.Flags {
		switch {
		case f.Group == nil:
			f.Group = global
			rest = append(rest, f)
		case f.Group.Key == "connection":
			conn = append(conn, f)
		default:
			rest = append(rest, f)
		}
	}
	app.Flags = append(conn, rest...)
}

func exitCode(err error, env *Env) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(env.Stderr, "kindesync:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(env.Stderr, "kindesync:", err)
	if h := hint(err); h != "" {
		fmt.Fprintln(env.Stderr, "  "+h)
	}
	return exitError1
}
