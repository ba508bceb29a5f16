package emulator

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// Kinde takes logos in PNG, JPEG, GIF, SVG, AVIF or WebP, under 1 MB. The
// format is told by content, as a server must: the file name and the part's
// Content-Type are the client's word.

// maxLogo is the largest logo accepted: 1 MB, counted as 1 MiB.
const maxLogo = 1 << 20

// checkLogo returns the format of an acceptable logo, or why it is not.
func checkLogo(data []byte) (string, error) {
	if len(data) > maxLogo {
		return "", fmt.Errorf("the logo is %d bytes; at most %d (1 MB) are accepted", len(data), maxLogo)
	}
	if f := logoFormat(data); f != "" {
		return f, nil
	}
	return "", fmt.Errorf("the logo is not a PNG, JPEG, GIF, SVG, AVIF or WebP image")
}

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
