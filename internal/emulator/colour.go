package emulator

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kindesync/kindesync/internal/kinde"
)

// parseColour accepts #rgb or #rrggbb, as Kinde's brand settings do, and
// returns the red, green and blue components.
func parseColour(s string) ([3]uint8, error) {
	hex, ok := strings.CutPrefix(s, "#")
	if ok && len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if !ok || len(hex) != 6 || err != nil {
		return [3]uint8{}, fmt.Errorf("%q is not a colour: want #rgb or #rrggbb", s)
	}
	return [3]uint8{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// colour is how Kinde reads a colour back (DESIGN §3): raw as written, hex
// expanded to six digits in the case written, hsl computed from it. Unset
// colours are null.
func colour(raw string) *kinde.Color {
	if raw == "" {
		return nil
	}
	rgb, err := parseColour(raw)
	if err != nil {
		// Only checked colours are stored; serve what is there anyway.
		return &kinde.Color{Raw: raw, Hex: raw, HSL: raw}
	}
	hex := raw
	if len(raw) == 4 {
		hex = string([]byte{'#', raw[1], raw[1], raw[2], raw[2], raw[3], raw[3]})
	}
	return &kinde.Color{Raw: raw, Hex: hex, HSL: hsl(rgb)}
}

// hsl formats a colour as CSS hsl(h, s%, l%), rounded to integers.
func hsl(rgb [3]uint8) string {
	r, g, b := float64(rgb[0])/255, float64(rgb[1])/255, float64(rgb[2])/255
	hi, lo := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	l := (hi + lo) / 2
	var h, s float64
	if d := hi - lo; d > 0 {
		if l > 0.5 {
			s = d / (2 - hi - lo)
		} else {
			s = d / (hi + lo)
		}
		switch hi {
		case r:
			h = math.Mod((g-b)/d+6, 6)
		case g:
			h = (b-r)/d + 2
		default:
			h = (r-g)/d + 4
		}
		h *= 60
	}
	return fmt.Sprintf("hsl(%d, %d%%, %d%%)", int(math.Round(h))%360, int(math.Round(s*100)), int(math.Round(l*100)))
}
