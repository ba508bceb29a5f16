package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// lockPath is the lock file of an emulator state file: beside it, because
// the state file itself is replaced by a rename on every save, and a lock on
// the old inode would not hold the next command back.
func lockPath(state string) string {
	return filepath.Join(filepath.Dir(state), "."+filepath.Base(state)+".lock")
}

// lockState takes the lock of an emulator state file for the length of a
// command, from its load to its save: two commands on one file otherwise
// both load the same state and the later save drops the earlier one's
// writes. A command that finds the lock held says so on stderr and waits
// for it, until ctx ends (Ctrl-C).
func lockState(ctx context.Context, state string, stderr io.Writer) (release func(), err error) {
	path := lockPath(state)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("emulator state lock: %w", err)
	}
	said := false
	for {
		held, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("emulator state lock %s: %w", path, err)
		}
		if held {
			return func() { unlock(f); f.Close() }, nil
		}
		if !said {
			fmt.Fprintf(stderr, "kindesync: %s is in use by another kindesync command (lock %s); waiting for it to finish\n", state, path)
			said = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for the lock on %s: %w", state, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
