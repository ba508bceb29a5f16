package cli

import (
	"os"
	"strings"
)

// redactArgs removes from a command-line parse error every value the user
// gave a flag: kong quotes the offending argument ("--file: expected string
// value but got "--client-secret=S""), and a value may be a secret, so it
// must not reach a CI log. Flag names stay, so the message still says what
// is wrong. The values of the secret environment variables go too.
func redactArgs(msg string, args []string) string {
	var values []string
	for i, a := range args {
		if a == "--" {
			values = append(values, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		if _, v, ok := strings.Cut(a, "="); ok {
			values = append(values, v)
		} else if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			values = append(values, args[i+1]) // --flag value (or a bool flag, then an argument)
		}
	}
	for _, env := range []string{"KINDE_MANAGEMENT_CLIENT_SECRET", "KINDE_MANAGEMENT_TOKEN"} {
		if v, ok := os.LookupEnv(env); ok {
			values = append(values, v)
		}
	}
	for _, v := range values {
		switch {
		case v == "":
		case len(v) < 4:
			// No secret is this short, and "a" is also a word of the
			// message: only where kong quotes it.
			msg = strings.ReplaceAll(msg, `"`+v+`"`, `"…"`)
			msg = replaceToken(msg, "="+v, "=…")
		default:
			msg = replaceToken(msg, v, "…")
		}
	}
	return msg
}

// replaceToken replaces v in s where it stands alone: not inside a longer
// word, so that a short value ("a") leaves the words of the message alone.
func replaceToken(s, v, with string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, v)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(v)
		startOK := i == 0 || !wordByte(v[0]) || !wordByte(s[i-1])
		endOK := end == len(s) || !wordByte(v[len(v)-1]) || !wordByte(s[end])
		if startOK && endOK {
			b.WriteString(s[:i] + with)
		} else {
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}

func wordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}
