//go:build unix

package cli

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock without waiting; held is false when
// another process has it. The kernel drops it if the process dies.
func tryLock(f *os.File) (held bool, err error) {
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
