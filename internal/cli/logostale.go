package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/kindesync/kindesync/internal/plan"
)

// staleLogos names every logo file of a saved plan whose bytes are not the
// ones the plan was reviewed with: the plan holds a hash, the file is read
// again at upload time, and what is uploaded must be what was reviewed.
func staleLogos(p *plan.Plan) ([]string, error) {
	var changed []string
	seen := map[string]bool{}
	for _, s := range p.Steps {
		if s.Kind != plan.KindLogo || seen[s.Address] {
			continue
		}
		seen[s.Address] = true
		want := plan.LogoHash(s)
		b, err := os.ReadFile(s.Target.File)
		if err != nil {
			return nil, fmt.Errorf("logo of %s: %w", s.Address, err)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != want {
			changed = append(changed, fmt.Sprintf("%s (%s, planned as sha256:%.12s)", s.Address, s.Target.File, want))
		}
	}
	return changed, nil
}
