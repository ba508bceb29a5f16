package spec

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest configuration file Load reads. Configurations
// are text written by people; a larger file is a mistake or an attack, and
// reading it would only exhaust memory.
const MaxFileSize = 64 << 20

// readRegular reads a regular file of at most limit bytes. Anything else
// named like a file (a FIFO, a device, a socket) is refused before it is
// opened for reading, since opening a FIFO blocks until a writer comes and
// a device may never end. The file is opened non-blocking and checked
// again, in case it was swapped in between.
func readRegular(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regularFile(fi, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regularFile(fi, limit); err != nil {
		return nil, err
	}
	// io.ReadAll with a buffer sized from the file: growing one for a
	// 60 MB file copies it over and over.
	b := make([]byte, 0, min(fi.Size(), limit)+1)
	r := io.LimitReader(f, limit+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(b)) > limit {
		return nil, errTooLarge(limit)
	}
	return b, nil
}

func regularFile(fi os.FileInfo, limit int64) error {
	switch m := fi.Mode(); {
	case m.IsDir():
		return errors.New("is a directory, not a file")
	case !m.IsRegular():
		return fmt.Errorf("is not a regular file (%s)", fileKind(m))
	case fi.Size() > limit:
		return errTooLarge(limit)
	}
	return nil
}

func errTooLarge(limit int64) error {
	return fmt.Errorf("is larger than %s", byteSize(limit))
}

func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}

// badChar finds the first byte sequence of text that a YAML stream may not
// hold (invalid UTF-8, or a control character other than tab, line feed,
// carriage return and NEL), for a message with its line and column: the
// parser's own message names neither.
func badChar(text []byte) (line, col int, what string) {
	c := cursor{line: 1, col: 1}
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRune(text[i:])
		switch {
		case r == utf8.RuneError && w <= 1:
			return c.line, c.col, fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", text[i])
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		case r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 || r == 0xfffe || r == 0xffff:
			return c.line, c.col, fmt.Sprintf("the control character %s is not allowed in a YAML file", quoteRune(r))
		}
		c.advance(text[i : i+w])
		i += w
	}
	return 0, 0, ""
}

// controlChar returns the first control character of s (C0, DEL or C1),
// and its place in characters from 1; tab and line feed are allowed when
// multiLine. Such characters rewrite a terminal, hide text in a review and
// have no place in a name, an id or a key.
func controlChar(s string, multiLine bool) (rune, int) {
	n := 0
	for _, r := range s {
		n++
		if multiLine && (r == '\t' || r == '\n') {
			continue
		}
		if r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 {
			return r, n
		}
	}
	return 0, 0
}

// quoteRune shows a control character the way Go writes it: '\x1b'.
func quoteRune(r rune) string {
	switch r {
	case 0:
		return `\x00 (NUL)`
	case 0x1b:
		return `\x1b (ESC)`
	}
	q := fmt.Sprintf("%+q", r)
	return q[1 : len(q)-1]
}

// checkControl reports a control character in a single-line string (names,
// ids, codes, keys, handles, emails, paths) or a multi-line value (property
// values, string flags). It does not repeat the value, which may have come
// from the environment.
func (d *decoder) checkControl(n *yaml.Node, v string, multiLine bool) bool {
	r, at := controlChar(v, multiLine)
	if at == 0 {
		return true
	}
	if multiLine {
		d.errorf(n, "character %d is the control character %s: values may hold tabs and line breaks, no other control character", at, quoteRune(r))
	} else {
		d.errorf(n, "character %d is the control character %s: names, codes, ids, keys, handles and emails cannot hold control characters", at, quoteRune(r))
	}
	return false
}
