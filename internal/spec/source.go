package spec

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Source is a configuration file's content as Load reads it. A caller that
// needs the text before the load (plan --changed-from compares it with the
// files at a git revision) reads it with ReadSource and passes it on in
// Loader.Sources: the file is then read once, and its entries found once.
type Source struct {
	Name string
	Text []byte

	once sync.Once
	sp   *split // nil when the text cannot be split
}

// ReadSource reads a file as Load does: a regular file of at most
// MaxFileSize. The error is Problems, naming the file.
func ReadSource(file string) (*Source, error) {
	b, err := readRegular(file, MaxFileSize)
	if err != nil {
		return nil, Problems{{Pos: Pos{File: file}, Msg: fileError(err)}}
	}
	return &Source{Name: file, Text: b}, nil
}

// Entries is SplitEntries' entries of the text, found once however often
// it is asked for, and safe to ask for from several goroutines.
func (s *Source) Entries() (entries []Entry, ok bool) {
	sp := s.split()
	if sp == nil {
		return nil, false
	}
	return sp.entries, true
}

// Rest is SplitEntries' rest of the text, nil when it cannot be split.
func (s *Source) Rest() []byte {
	sp := s.split()
	if sp == nil {
		return nil
	}
	return sp.rest()
}

func (s *Source) split() *split {
	s.once.Do(func() { s.sp = splitText(s.Text) })
	return s.sp
}

// Parallel calls fn(0) … fn(n-1), at most GOMAXPROCS of them at a time,
// and returns when all have returned. The work of many files (split,
// decode) is independent; callers keep each result at its index, so what
// they combine afterwards keeps file order whatever finishes first.
func Parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
