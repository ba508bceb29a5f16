package emulator

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// A state of a million memberships is written in pieces: yaml.v3's emitter
// keeps every event of a document until the document ends, so one document
// of that size takes gigabytes and most of a minute. Each piece is encoded
// on its own and indented under its key; with no line width (yaml.v3 folds
// nothing) the bytes are those of encoding the whole at once.

// fileHead is fileState without its two long lists, which follow it.
type fileHead struct {
	Version     int            `yaml:"version"`
	Options     map[string]any `yaml:"options,omitempty"`
	Environment fileEnv        `yaml:"environment"`
}

func encodeYAML(w io.Writer, v any) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode emulator state: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode emulator state: %w", err)
	}
	return nil
}

// encodeList writes "key:" and the items as a sequence under it, chunk
// items to a document, as encoding them in a mapping at the top level does.
func encodeList[T, F any](w io.Writer, key string, items []T, chunk int, conv func(T) (F, error)) error {
	if len(items) == 0 {
		_, err := fmt.Fprintf(w, "%s: []\n", key)
		return err
	}
	if _, err := fmt.Fprintf(w, "%s:\n", key); err != nil {
		return err
	}
	var buf bytes.Buffer
	for from := 0; from < len(items); from += chunk {
		part := make([]F, 0, min(chunk, len(items)-from))
		for _, it := range items[from:min(from+chunk, len(items))] {
			f, err := conv(it)
			if err != nil {
				return err
			}
			part = append(part, f)
		}
		buf.Reset()
		if err := encodeYAML(&buf, part); err != nil {
			return err
		}
		if err := indent(w, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// indent writes b with two spaces before every line that is not empty.
func indent(w io.Writer, b []byte) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		if len(line) > 1 {
			bw.WriteString("  ")
		}
		bw.Write(line)
	}
	if !ok {
		return bw.Flush()
	}
	return nil
}
