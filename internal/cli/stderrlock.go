package cli

import "io"

// lockedWriter serialises writes to one stream from several goroutines:
// the progress ticker and the client's verbose log both write to stderr
// while apply runs, and a bytes.Buffer (tests) or a pipe is not safe for
// that.
type lockedWriter struct {
	env *Env
	w   io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.env.stderrMu.Lock()
	defer l.env.stderrMu.Unlock()
	return l.w.Write(b)
}

// sharedStderr is stderr for writers that run concurrently.
func (e *Env) sharedStderr() io.Writer { return lockedWriter{env: e, w: e.Stderr} }
