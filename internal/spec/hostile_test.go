package spec

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRefusesSpecialFiles: only regular files are read, so that a FIFO
// or a device named *.yaml is an error and never a hang, and a file larger
// than MaxFileSize is an error before it is read.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo", "a.yaml")
	mkdir(t, filepath.Dir(fifo))
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	dev := filepath.Join(dir, "dev", "zero.yaml")
	mkdir(t, filepath.Dir(dev))
	if err := os.Symlink("/dev/zero", dev); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: the size is what is checked, nothing is written.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tests := []struct{ path, want string }{
		{fifo, fifo + ": is not a regular file (a named pipe)"},
		{filepath.Dir(fifo), fifo + ": is not a regular file (a named pipe)"},
		{dev, dev + ": is not a regular file (a character device)"},
		{filepath.Dir(dev), dev + ": is not a regular file (a character device)"},
		{big, big + ": is larger than 64 MiB"},
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() { _, err := testLoader.Load(tt.path); done <- err }()
		select {
		case err := <-done:
			if err == nil || err.Error() != tt.want {
				t.Errorf("Load(%s) = %v, want %s", tt.path, err, tt.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Load(%s) hangs", tt.path)
		}
	}
}

// TestLogoChecks covers what the invalid corpus cannot hold: a FIFO, an
// oversized file, every accepted format by its bytes, and an absolute path
// inside the YAML file's directory, which is allowed.
func TestLogoChecks(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	avif := append([]byte("\x00\x00\x00\x18ftypavif\x00\x00\x00\x00mif1miaf"), make([]byte, 8)...)
	write("a.png", []byte("\x89PNG\r\n\x1a\nrest"))
	write("a.jpg", []byte("\xff\xd8\xff\xe0rest"))
	write("a.gif", []byte("GIF89arest"))
	write("a.webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "))
	write("a.avif", avif)
	write("a.svg", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"1\"></svg>"))
	write("plain.svg", []byte("<svg/>"))
	write("empty.png", nil)
	write("big.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, MaxLogoSize)...))
	write("max.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, MaxLogoSize-8)...))
	write("svgz.svg", []byte("<svgfoo/>"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.png"), 0o644); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "a.png")
	tests := []struct{ path, want string }{
		{"a.png", ""}, {"a.jpg", ""}, {"a.gif", ""}, {"a.webp", ""}, {"a.avif", ""}, {"a.svg", ""}, {"plain.svg", ""},
		{"max.png", ""}, {abs, ""},
		{"empty.png", "empty.png is not a PNG, JPEG, GIF, SVG, AVIF or WebP image (by its content)"},
		{"svgz.svg", "svgz.svg is not a PNG, JPEG, GIF, SVG, AVIF or WebP image (by its content)"},
		{"big.png", "big.png is larger than 1 MiB"},
		{"fifo.png", "fifo.png is not a regular file (a named pipe)"},
	}
	for _, tt := range tests {
		yml := filepath.Join(dir, "k.yaml")
		write("k.yaml", []byte(fmt.Sprintf("version: 1\norganizations:\n  - code: org_1\n    logos: {light: %q}\n", tt.path)))
		done := make(chan error, 1)
		go func() { _, err := testLoader.Load(yml); done <- err }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("logo %s: Load hangs", tt.path)
		}
		want := ""
		if tt.want != "" {
			want = yml + ":4:20: organizations[0].logos.light: " + tt.want
		}
		if got := errString(err); got != want {
			t.Errorf("logo %s: Load = %q, want %q", tt.path, got, want)
		}
	}
}

// TestNoSecretInMessages: no message of the invalid corpus shows a value
// that came from the environment.
func TestNoSecretInMessages(t *testing.T) {
	chdir(t, filepath.Join(corpus, "invalid"))
	for _, c := range invalidCases(t, ".") {
		_, err := testLoader.Load(c)
		msg := errString(err)
		for _, secret := range []string{testEnv["API_SECRET"], testEnv["SHORT_SECRET"]} {
			if strings.Contains(strings.ToLower(msg), strings.ToLower(secret)) {
				t.Errorf("%s: a message shows the value of a variable:\n%s", c, msg)
			}
		}
	}
}

// TestAliasBombBounded: aliases that repeat a bad value a million times
// neither flood the output nor take memory and time in proportion: at most
// maxFileProblems problems are kept, MaxShown shown.
func TestAliasBombBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("a million values")
	}
	var b strings.Builder
	b.WriteString("version: 1\norganizations:\n  - code: org_0\n    members: &m\n")
	b.WriteString("      - {email: bad, roles: &r [" + strings.TrimSuffix(strings.Repeat("1, ", 100), ", ") + "]}\n")
	b.WriteString(strings.Repeat("      - {email: bad, roles: *r}\n", 99))
	for i := 1; i < 100; i++ {
		fmt.Fprintf(&b, "  - {code: org_%d, members: *m}\n", i)
	}
	file := filepath.Join(t.TempDir(), "bomb.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := testLoader.Load(file)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Load = %v, want Problems", err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d bytes of YAML, 1,000,000 bad values: %v, %d MiB allocated, %d problems kept, %d bytes of message",
		b.Len(), elapsed, alloc>>20, len(probs), len(probs.Error()))
	if len(probs) > maxFileProblems+1 {
		t.Errorf("%d problems kept, want at most %d", len(probs), maxFileProblems+1)
	}
	if lines := strings.Count(probs.Error(), "\n") + 1; lines != MaxShown+1 || !strings.HasSuffix(probs.Error(), fmt.Sprintf("and %d more problems", len(probs)-MaxShown)) {
		t.Errorf("the message has %d lines, want %d ending with \"and N more problems\"", lines, MaxShown+1)
	}
	if alloc > 1<<30 {
		t.Errorf("loading allocated %d MiB, want under 1 GiB", alloc>>20)
	}
	if elapsed > time.Minute {
		t.Errorf("loading took %v", elapsed)
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestCheckNamesRedacts: names checked against Kinde after loading keep
// the values of variables out of their messages too.
func TestCheckNamesRedacts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "k.yaml")
	src := "version: 1\norganizations:\n  - code: org_1\n    connections: [${API_SECRET}]\n    feature_flags: {seats: \"${API_SECRET}\"}\n" +
		"    members:\n      - email: ${API_SECRET}@acme.com\n        roles: [${API_SECRET}]\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := testLoader.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	got := doc.CheckNames(testCatalog()).Error()
	if strings.Contains(got, testEnv["API_SECRET"]) || strings.Count(got, "${API_SECRET}") != 4 {
		t.Errorf("CheckNames shows a variable's value, or not its name:\n%s", got)
	}
}
