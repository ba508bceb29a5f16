package spec

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/kindesync/kindesync/internal/imagetype"
	"gopkg.in/yaml.v3"
)

// MaxLogoSize is the largest logo Kinde takes: "under 1 MB", counted as
// 1 MiB as the emulator does.
const MaxLogoSize = 1 << 20

// checkLogo resolves a logo path relative to the YAML file and checks what
// apply will upload, so that validate refuses what Kinde would: the file
// must stay inside the YAML file's directory (a shared configuration must
// not be able to upload ~/.ssh/id_rsa as a logo), also once symbolic links
// are resolved; it must be a regular file of at most MaxLogoSize bytes; and
// its bytes must be a PNG, JPEG, GIF, SVG, AVIF or WebP image. The path
// returned is the one written, joined to the directory and cleaned, so that
// messages and plans show it as the user knows it.
func (d *decoder) checkLogo(n *yaml.Node, v string) (string, bool) {
	p, real, problem := logoPath(d.dir, v)
	if problem != "" {
		d.errorf(n, "%s", problem)
		return "", false
	}
	b, err := readRegular(real, MaxLogoSize)
	if err != nil {
		d.errorf(n, "%s %s", v, fileError(err))
		return "", false
	}
	if imagetype.Format(b) == "" {
		d.errorf(n, "%s is not a PNG, JPEG, GIF, SVG, AVIF or WebP image (by its content)", v)
		return "", false
	}
	return p, true
}

// logoPath resolves the logo path v of a YAML file in dir: the path as
// written, joined and cleaned, and the file it names once links are
// resolved; or why it is refused (outside dir, also through a link, or not
// there).
func logoPath(dir, v string) (p, real, problem string) {
	p = v
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	p = filepath.Clean(p)
	if !inside(dir, p) {
		return "", "", v + " is outside the directory of this YAML file; logos must be beside it or below it"
	}
	real, err := filepath.EvalSymlinks(p)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", v + " does not exist (paths are relative to the YAML file)"
	}
	if err != nil {
		return "", "", v + ": " + fileError(err)
	}
	if realDir, err := filepath.EvalSymlinks(dir); err != nil || !inside(realDir, real) {
		return "", "", v + " is a link to a file outside the directory of this YAML file; logos must be beside it or below it"
	}
	return p, real, ""
}

// LogoBytes is what the load reads for the logo path v of a YAML file in
// dir, or nil where it refuses to read: outside dir, not a regular file
// (a FIFO, a device), or over MaxLogoSize. --changed-from compares logos
// by content before the load checks them, and must read no more than the
// load would: a logo of /dev/zero would otherwise fill memory.
func LogoBytes(dir, v string) []byte {
	_, real, problem := logoPath(dir, v)
	if problem != "" {
		return nil
	}
	b, err := readRegular(real, MaxLogoSize)
	if err != nil {
		return nil
	}
	return b
}

// inside reports whether path p is dir or below it, lexically.
func inside(dir, p string) bool {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	absP, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(absDir, absP)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
