package cli

import (
	"fmt"
	"io"
	"strings"
)

// Run writes the man page.
func (c *ManCmd) Run(env *Env) error {
	g, err := grammarFor(env)
	if err != nil {
		return err
	}
	return manPage(env.Stdout, g, currentVersion(env.Version).Version)
}

// roff escapes text for a roff line: backslashes, dashes, and a leading
// dot or quote that would read as a request.
func roff(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

func manFlag(b *strings.Builder, f gFlag) {
	b.WriteString(".TP\n")
	if f.short != 0 {
		fmt.Fprintf(b, `\fB\-%c\fR, `, f.short)
	}
	fmt.Fprintf(b, `\fB\-\-%s\fR`, roff(f.long))
	if f.value {
		fmt.Fprintf(b, `=\fI%s\fR`, roff(f.placeholder))
	}
	b.WriteString("\n" + roff(f.help))
	if len(f.envs) > 0 {
		fmt.Fprintf(b, " (\\fB%s\\fR)", roff(strings.Join(f.envs, ", ")))
	}
	b.WriteString("\n")
}

func manPage(w io.Writer, g grammar, version string) error {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH KINDESYNC 1 \"\" \"kindesync %s\" \"User Commands\"\n", roff(version))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", g.name, roff(strings.TrimSuffix(strings.ToLower(g.help[:1])+g.help[1:], ".")))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B %s\n\\fICOMMAND\\fR [\\fIFLAGS\\fR]\n", g.name)
	b.WriteString(".SH DESCRIPTION\n" + roff(g.help) + "\nThe plan goes to standard output; progress, warnings and errors to standard error.\n")
	b.WriteString(".SH COMMANDS\n")
	for _, p := range g.paths() {
		c := p.cmd
		usage := p.name()
		for _, a := range c.args {
			usage += " " + strings.ToUpper(a.name)
		}
		fmt.Fprintf(&b, ".SS \"%s %s\"\n%s\n", g.name, roff(usage), roff(c.help))
		if c.detail != "" {
			b.WriteString(".PP\n.nf\n")
			for _, l := range strings.Split(c.detail, "\n") {
				b.WriteString(roff(l) + "\n")
			}
			b.WriteString(".fi\n")
		}
		for _, f := range c.flags {
			manFlag(&b, f)
		}
	}
	b.WriteString(".SH CONNECTION FLAGS\nEvery command that talks to Kinde takes these.\n")
	for _, f := range g.globals {
		if f.group == "connection" {
			manFlag(&b, f)
		}
	}
	b.WriteString(".SH GLOBAL FLAGS\n")
	for _, f := range g.globals {
		if f.group != "connection" {
			manFlag(&b, f)
		}
	}
	b.WriteString(".SH ENVIRONMENT\n")
	for _, f := range sortedEnvs(g) {
		fmt.Fprintf(&b, ".TP\n\\fB%s\\fR\nas \\fB\\-\\-%s\\fR\n", roff(f.envs[0]), roff(f.long))
	}
	b.WriteString(".TP\n\\fBNO_COLOR\\fR\nnon-empty: no colour\n.TP\n\\fBCLICOLOR_FORCE\\fR\nnon-empty and not 0: colour even without a terminal\n")
	b.WriteString(`.SH EXIT STATUS
.TP
0
success; for plan \-\-detailed\-exitcode: no changes
.TP
1
error (bad input, API failure, stale saved plan); nothing was written unless the message says what was
.TP
2
plan \-\-detailed\-exitcode: there are changes
.TP
3
blocked by a safety limit; nothing was written
.SH SEE ALSO
The docs/ folder of the kindesync repository: commands.md, format.md, plan\-json.md, scopes.md, emulator.md.
`)
	_, err := io.WriteString(w, b.String())
	return err
}
