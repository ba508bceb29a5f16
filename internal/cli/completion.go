package cli

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
)

// CompletionCmd prints a shell completion script generated from the grammar.
type CompletionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"bash, zsh or fish."`
}

// ManCmd prints a man page (roff) generated from the grammar.
type ManCmd struct{}

func (c *CompletionCmd) Help() string {
	return `Examples:
  kindesync completion bash > /etc/bash_completion.d/kindesync
  kindesync completion zsh > "${fpath[1]}/_kindesync"
  kindesync completion fish > ~/.config/fish/completions/kindesync.fish`
}

func (c *ManCmd) Help() string {
	return `Example:
  kindesync man > /usr/local/share/man/man1/kindesync.1`
}

// grammar is the part of kong's model that completion and the man page
// need, in the order of the grammar.
type grammar struct {
	name, help string
	globals    []gFlag
	commands   []gCommand
}

type gCommand struct {
	name, help, detail string
	flags              []gFlag
	args               []gArg
	subs               []gCommand // nested commands (mfa show, mfa reset)
}

type gArg struct {
	name, help string
	enum       []string
}

type gFlag struct {
	long, help, placeholder, group string
	short                          rune
	value, file                    bool
	enum, envs                     []string
}

func grammarOf(app *kong.Application) grammar {
	g := grammar{name: app.Name, help: app.Help, globals: flagsOf(app.Flags)}
	g.commands = commandsOf(app.Node)
	return g
}

func commandsOf(n *kong.Node) []gCommand {
	var out []gCommand
	for _, n := range n.Children {
		if n.Type != kong.CommandNode || n.Hidden {
			continue
		}
		c := gCommand{name: n.Name, help: n.Help, detail: n.Detail, flags: flagsOf(n.Flags), subs: commandsOf(n)}
		for _, p := range n.Positional {
			c.args = append(c.args, gArg{name: p.Name, help: p.Help, enum: enumOf(p.Enum)})
		}
		out = append(out, c)
	}
	return out
}

// gPath is a command with the words that reach it ("mfa show") and the
// flags it takes from the commands above it, which kong accepts after it.
type gPath struct {
	words     []string
	cmd       *gCommand
	inherited []gFlag
}

func (p gPath) name() string { return strings.Join(p.words, " ") }

// paths lists every command, nested ones after their parent.
func (g grammar) paths() []gPath {
	var out []gPath
	var walk func(cs []gCommand, words []string, inherited []gFlag)
	walk = func(cs []gCommand, words []string, inherited []gFlag) {
		for i := range cs {
			c := &cs[i]
			p := gPath{words: append(slices.Clone(words), c.name), cmd: c, inherited: inherited}
			out = append(out, p)
			walk(c.subs, p.words, append(slices.Clone(inherited), c.flags...))
		}
	}
	walk(g.commands, nil, nil)
	return out
}

func subNames(cs []gCommand) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.name)
	}
	return out
}

func flagsOf(flags []*kong.Flag) []gFlag {
	var out []gFlag
	for _, f := range flags {
		if f.Hidden {
			continue
		}
		gf := gFlag{long: f.Name, help: f.Help, short: f.Short, placeholder: f.FormatPlaceHolder(), value: !f.IsBool() && !f.IsCounter(),
			enum: enumOf(f.Enum), envs: f.Envs}
		if f.Group != nil {
			gf.group = f.Group.Key
		}
		ph := strings.ToUpper(f.PlaceHolder)
		gf.file = gf.value && (f.Tag.Type == "path" || strings.Contains(ph, "FILE") || strings.Contains(ph, "STATE") || strings.HasSuffix(ph, ".JSON"))
		out = append(out, gf)
	}
	return out
}

func enumOf(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, e := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(e))
	}
	return out
}

// grammarFor builds the grammar of this kindesync.
func grammarFor(env *Env) (grammar, error) {
	var cli CLI
	k, err := newParser(&cli, env)
	if err != nil {
		return grammar{}, err
	}
	return grammarOf(k.Model), nil
}

// Run writes the script for the shell.
func (c *CompletionCmd) Run(env *Env) error {
	g, err := grammarFor(env)
	if err != nil {
		return err
	}
	switch c.Shell {
	case "bash":
		return bashCompletion(env.Stdout, g)
	case "zsh":
		return zshCompletion(env.Stdout, g)
	}
	return fishCompletion(env.Stdout, g)
}

func flagWords(fs []gFlag) []string {
	var w []string
	for _, f := range fs {
		w = append(w, "--"+f.long)
		if f.short != 0 {
			w = append(w, "-"+string(f.short))
		}
	}
	return w
}

func bashCompletion(w io.Writer, g grammar) error {
	names := commandNames(g)
	paths := g.paths()
	// Values of the flag just typed: files or an enum.
	valueCases := map[string]string{}
	var order []string
	add := func(cmd string, f gFlag) {
		if !f.value {
			return
		}
		pats := []string{cmd + ":--" + f.long}
		if f.short != 0 {
			pats = append(pats, cmd+":-"+string(f.short))
		}
		reply := "COMPREPLY=()"
		switch {
		case len(f.enum) > 0:
			reply = fmt.Sprintf(`mapfile -t COMPREPLY < <(compgen -W "%s" -- "$cur")`, strings.Join(f.enum, " "))
		case f.file:
			reply = `mapfile -t COMPREPLY < <(compgen -f -- "$cur")`
		}
		for _, p := range pats {
			if _, ok := valueCases[p]; !ok {
				order = append(order, p)
			}
			valueCases[p] = reply
		}
	}
	// The words that step into a command: ":plan", "mfa:show".
	var steps []string
	for _, p := range paths {
		parent := strings.Join(p.words[:len(p.words)-1], " ")
		steps = append(steps, `"`+parent+":"+p.cmd.name+`"`)
		for _, f := range append(slices.Clone(p.cmd.flags), p.inherited...) {
			add(`"`+p.name()+`"`, f)
		}
	}
	for _, f := range g.globals {
		add("*", f)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# bash completion for %s, generated by `%s completion bash`.\n", g.name, g.name)
	fmt.Fprintf(&b, "_%s() {\n", g.name)
	b.WriteString("  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" cmd=\"\" i\n")
	// cmd becomes the command path typed so far ("mfa show"); other words
	// (flag values, arguments) leave it alone.
	fmt.Fprintf(&b, "  for ((i = 1; i < COMP_CWORD; i++)); do\n    case \"$cmd:${COMP_WORDS[i]}\" in\n      %s) cmd=\"${cmd:+$cmd }${COMP_WORDS[i]}\" ;;\n    esac\n  done\n",
		strings.Join(steps, "|"))
	b.WriteString("  case \"$cmd:$prev\" in\n")
	for _, p := range order {
		fmt.Fprintf(&b, "    %s) %s; return ;;\n", p, valueCases[p])
	}
	b.WriteString("  esac\n  case \"$cmd\" in\n")
	fmt.Fprintf(&b, "    \"\") mapfile -t COMPREPLY < <(compgen -W \"%s\" -- \"$cur\") ;;\n", strings.Join(append(names, flagWords(g.globals)...), " "))
	for _, p := range paths {
		c := p.cmd
		words := append(subNames(c.subs), flagWords(c.flags)...)
		words = append(words, flagWords(p.inherited)...)
		words = append(words, flagWords(g.globals)...)
		for _, a := range c.args {
			words = append(words, a.enum...)
		}
		if c.name == "help" && len(p.words) == 1 {
			words = append(words, names...)
		}
		fmt.Fprintf(&b, "    \"%s\") mapfile -t COMPREPLY < <(compgen -W \"%s\" -- \"$cur\") ;;\n", p.name(), strings.Join(words, " "))
	}
	b.WriteString("  esac\n")
	// Positional files (show PLAN.json) and anything not a flag.
	b.WriteString("  if [ ${#COMPREPLY[@]} -eq 0 ] && [[ \"$cur\" != -* ]]; then mapfile -t COMPREPLY < <(compgen -f -- \"$cur\"); fi\n}\n")
	fmt.Fprintf(&b, "complete -o filenames -F _%s %s\n", g.name, g.name)
	_, err := io.WriteString(w, b.String())
	return err
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// sortedEnvs lists every environment variable the grammar reads.
func sortedEnvs(g grammar) []gFlag {
	var out []gFlag
	for _, f := range g.globals {
		if len(f.envs) > 0 {
			out = append(out, f)
		}
	}
	for _, c := range g.commands {
		for _, f := range c.flags {
			if len(f.envs) > 0 {
				out = append(out, f)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].envs[0] < out[j].envs[0] })
	return out
}
