package spec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

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
	p := v
	if !filepath.IsAbs(p) {
		p = filepath.Join(d.dir, p)
	}
	p = filepath.Clean(p)
	if !inside(d.dir, p) {
		d.errorf(n, "%s is outside the directory of this YAML file; logos must be beside it or below it", v)
		return "", false
	}
	real, err := filepath.EvalSymlinks(p)
	if errors.Is(err, fs.ErrNotExist) {
		d.errorf(n, "%s does not exist (paths are relative to the YAML file)", v)
		return "", false
	}
	if err != nil {
		d.errorf(n, "%s: %s", v, fileError(err))
		return "", false
	}
	if realDir, err := filepath.EvalSymlinks(d.dir); err != nil || !inside(realDir, real) {
		d.errorf(n, "%s is a link to a file outside the directory of this YAML file; logos must be beside it or below it", v)
		return "", false
	}
	b, err := readRegular(real, MaxLogoSize)
	if err != nil {
		d.errorf(n, "%s %s", v, fileError(err))
		return "", false
	}
	if logoFormat(b) == "" {
		d.errorf(n, "%s is not a PNG, JPEG, GIF, SVG, AVIF or WebP image (by its content)", v)
		return "", false
	}
	return p, true
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

// logoFormat tells an image format by its first bytes, as Kinde does (the
// file name is the user's word). The emulator has its own copy, as the
// server side of the same rule.
func logoFormat(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp"
	case isAVIF(b):
		return "avif"
	case isSVG(b):
		return "svg"
	}
	return ""
}

// isAVIF looks for an ISO BMFF ftyp box whose major or a compatible brand is
// avif (image) or avis (sequence).
func isAVIF(b []byte) bool {
	if len(b) < 16 || string(b[4:8]) != "ftyp" {
		return false
	}
	size := int(binary.BigEndian.Uint32(b[:4]))
	if size < 16 || size > len(b) {
		return false
	}
	for i := 8; i+4 <= size; i += 4 {
		if i == 12 {
			continue // the minor version, not a brand
		}
		if brand := string(b[i : i+4]); brand == "avif" || brand == "avis" {
			return true
		}
	}
	return false
}

// isSVG accepts an XML document whose root element is svg: after a byte
// order mark, white space, an XML declaration, comments and a doctype.
func isSVG(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(b, []byte("<!")):
			end = []byte(">")
		case bytes.HasPrefix(b, []byte("<svg")):
			return len(b) > 4 && strings.IndexByte(" \t\r\n>/", b[4]) >= 0
		default:
			return false
		}
		i := bytes.Index(b, end)
		if i < 0 {
			return false
		}
		b = b[i+len(end):]
	}
}
