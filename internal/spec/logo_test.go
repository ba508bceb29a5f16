package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// LogoBytes reads a logo only where the load would: --changed-from hashes
// logos before the load checks them.
func TestLogoBytes(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "cfg")
	png := []byte("\x89PNG\r\n\x1a\n")
	for name, b := range map[string][]byte{"cfg/logo.png": png, "secret.png": png, "cfg/big.png": make([]byte, MaxLogoSize+1)} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "secret.png"), filepath.Join(dir, "link.png")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.png"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want []byte
	}{
		{"logo.png", png},
		{"../secret.png", nil},
		{filepath.Join(root, "secret.png"), nil},
		{"link.png", nil},
		{"pipe.png", nil},
		{"/dev/zero", nil},
		{"big.png", nil},
		{"missing.png", nil},
	} {
		if got := LogoBytes(dir, tt.path); !bytes.Equal(got, tt.want) {
			t.Errorf("LogoBytes(%q) = %d bytes, want %d", tt.path, len(got), len(tt.want))
		}
	}
}
