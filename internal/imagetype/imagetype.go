// Package imagetype tells a logo's image format from its first bytes: the
// formats Kinde accepts (PNG, JPEG, GIF, SVG, AVIF, WebP). The YAML checks
// (spec) and the emulator both use it, so the file a user is told is fine is
// the file the emulator accepts. It imports nothing of kindesync's.
package imagetype

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// Format names the image format of b ("png", "jpeg", "gif", "webp", "avif",
// "svg"), or "" when it is none of them.
func Format(b []byte) string {
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
