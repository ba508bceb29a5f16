package emulator

import (
	"fmt"

	"github.com/kindesync/kindesync/internal/imagetype"
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
	if f := imagetype.Format(data); f != "" {
		return f, nil
	}
	return "", fmt.Errorf("the logo is not a PNG, JPEG, GIF, SVG, AVIF or WebP image")
}
