package live

import (
	"context"
	"fmt"

	"github.com/kindesync/kindesync/internal/plan"
	"github.com/kindesync/kindesync/internal/spec"
)

// unlistedConnections reads, for validate --remote, the connections of each
// org whose file entry names a connection the environment's list lacks: an
// id enabled on that org (an SSO connection it manages, as export writes
// it) is a name the plan accepts there. Other orgs cost no call.
func unlistedConnections(ctx context.Context, src Source, doc *spec.Document, env plan.Env) ([]*plan.LiveOrg, error) {
	known := map[string]bool{}
	for _, c := range env.Connections {
		known[c.ID], known[c.Name] = true, true
	}
	var out []*plan.LiveOrg
	for _, o := range doc.Organizations {
		if o.Code == "" || !namesUnknown(o.Connections, known) {
			continue
		}
		conns, err := src.GetOrganizationConnections(ctx, o.Code)
		if err != nil {
			return nil, fmt.Errorf("connections of organization %s: %w", o.Code, err)
		}
		lo := &plan.LiveOrg{Org: &spec.Organization{Code: o.Code, Connections: []spec.Ref{}}}
		for _, c := range conns {
			lo.Org.Connections = append(lo.Org.Connections, spec.Ref{Value: c.ID})
		}
		out = append(out, lo)
	}
	return out, nil
}

func namesUnknown(refs []spec.Ref, known map[string]bool) bool {
	for _, r := range refs {
		if !known[r.Value] {
			return true
		}
	}
	return false
}
