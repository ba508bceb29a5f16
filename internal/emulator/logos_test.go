package emulator_test

import (
	"bytes"
	"testing"

	"github.com/kindesync/kindesync/internal/emulator"
)

// Logos are PNG, JPEG, GIF, SVG, AVIF or WebP by content, at most 1 MiB.
func TestLogoFormats(t *testing.T) {
	c := start(t, emulator.Options{})
	avif := append([]byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), 0, 0, 0, 0)
	avifCompat := []byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avis")
	heic := []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	big := append(bytes.Clone(png), make([]byte, 1<<20)...)
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"png", png, 200},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), 200},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), 200},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), 200},
		{"avif", avif, 200},
		{"avif as a compatible brand", avifCompat, 200},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 200},
		{"svg after a declaration, a comment and a doctype", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- logo -->\n<!DOCTYPE svg>\n<svg viewBox=\"0 0 1 1\"></svg>"), 200},
		{"exactly 1 MiB", append(bytes.Clone(png), make([]byte, 1<<20-len(png))...), 200},
		{"over 1 MiB", big, 400},
		{"heic", heic, 400},
		{"bmp", []byte("BM\x00\x00\x00\x00"), 400},
		{"html that mentions svg", []byte("<html><svg></svg></html>"), 400},
		{"svgz-like name only", []byte("<svgfoo/>"), 400},
		{"text", []byte("not an image"), 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := uploadLogo(c, "light", "logo", tt.data); got != tt.want {
				t.Errorf("upload: status %d, want %d", got, tt.want)
			}
		})
	}
}
