package cli

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/kinde"
)

// credentialsError names what is missing when neither a token nor a client
// id and secret are set, or returns nil.
func (g *Globals) credentialsError() error {
	if g.Token != "" || (g.ClientID != "" && g.ClientSecret != "") {
		return nil
	}
	var missing []string
	if g.ClientID == "" {
		missing = append(missing, "KINDE_MANAGEMENT_CLIENT_ID (--client-id)")
	}
	if g.ClientSecret == "" {
		missing = append(missing, "KINDE_MANAGEMENT_CLIENT_SECRET (--client-secret)")
	}
	return fmt.Errorf("no Kinde credentials: set %s, the id and secret of an M2M application authorised for the Management API; or KINDE_MANAGEMENT_TOKEN (--token) to an access token",
		strings.Join(missing, " and "))
}

// scopes maps an operationId to the scope Kinde requires for it (the spec's
// x-scope), read once from the emulator's route table, which a test holds
// to the spec.
var scopes = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	srv, err := emulator.New(nil, emulator.Options{})
	if err != nil {
		return m
	}
	defer srv.Close()
	for _, op := range srv.Operations() {
		m[op.ID] = op.Scope
	}
	return m
})

// hint says what to do about an error: which domain could not be reached,
// or for a 401 or 403, which credentials were refused or which scope the
// M2M application lacks.
func hint(err error) string {
	// A host that cannot be reached is a wrong domain far more often than
	// an outage.
	var ue *kinde.UnreachableError
	if errors.As(err, &ue) {
		return fmt.Sprintf("check the domain: KINDE_DOMAIN (--domain) is %s; it must be your environment's acme.kinde.com domain", ue.Base)
	}
	var ae *kinde.APIError
	if !errors.As(err, &ae) {
		return ""
	}
	switch ae.StatusCode {
	case http.StatusUnauthorized:
		return "Kinde refused the credentials: check KINDE_MANAGEMENT_CLIENT_ID and KINDE_MANAGEMENT_CLIENT_SECRET (or that KINDE_MANAGEMENT_TOKEN has not expired) and that KINDE_DOMAIN is the environment they belong to"
	case http.StatusForbidden:
		if sc := scopes()[ae.Operation]; sc != "" {
			return fmt.Sprintf("the M2M application lacks the scope %s, which %s needs: grant it to the application in Kinde (its APIs page, Kinde Management API, scopes); docs/scopes.md lists what each command needs", sc, ae.Operation)
		}
		return "Kinde refused the call: the M2M application may lack a scope; docs/scopes.md lists what each command needs"
	}
	return ""
}
