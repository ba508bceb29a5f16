package emulator

import (
	"time"

	"github.com/kindesync/kindesync/internal/kinde"
)

// What the emulator serves where it is stricter than internal/kinde's wire
// types: live Kinde sends null for a nullable field that is not set, never
// "" (kinde's types read both the same). Each view embeds the wire type and
// shadows its nullable strings with pointers of the same JSON name, which
// encoding/json prefers to the embedded field.

// orgJSON is get_organization_response.
type orgJSON struct {
	kinde.Organization
	Handle          *string `json:"handle"`
	ExternalID      *string `json:"external_id"`
	Logo            *string `json:"logo"`
	LogoDark        *string `json:"logo_dark"`
	FaviconSVG      *string `json:"favicon_svg"`
	FaviconFallback *string `json:"favicon_fallback"`
	SenderName      *string `json:"sender_name"`
	SenderEmail     *string `json:"sender_email"`
	SuspendedOn     *string `json:"suspended_on"`
}

func nullOrgJSON(v kinde.Organization) orgJSON {
	return orgJSON{
		Organization: v, Handle: null(v.Handle), ExternalID: null(v.ExternalID),
		Logo: null(v.Logo), LogoDark: null(v.LogoDark), FaviconSVG: null(v.FaviconSVG), FaviconFallback: null(v.FaviconFallback),
		SenderName: null(v.SenderName), SenderEmail: null(v.SenderEmail), SuspendedOn: null(v.SuspendedOn),
	}
}

// orgSummaryJSON is organization_item_schema.
type orgSummaryJSON struct {
	kinde.OrganizationSummary
	Handle     *string `json:"handle"`
	ExternalID *string `json:"external_id"`
}

// getOrganizationsJSON is get_organizations_response.
type getOrganizationsJSON struct {
	Code          string           `json:"code"`
	Message       string           `json:"message"`
	Organizations []orgSummaryJSON `json:"organizations"`
	NextToken     string           `json:"next_token,omitempty"`
}

// orgUserJSON is organization_user.
type orgUserJSON struct {
	kinde.OrganizationUser
	Email          *string `json:"email"`
	LastName       *string `json:"last_name"`
	FirstName      *string `json:"first_name"`
	Picture        *string `json:"picture"`
	LastAccessedOn *string `json:"last_accessed_on"`
}

// getOrganizationUsersJSON is get_organization_users_response.
type getOrganizationUsersJSON struct {
	Code              string        `json:"code"`
	Message           string        `json:"message"`
	OrganizationUsers []orgUserJSON `json:"organization_users"`
	NextToken         string        `json:"next_token,omitempty"`
}

func nullOrgUserJSON(v kinde.OrganizationUser) orgUserJSON {
	return orgUserJSON{
		OrganizationUser: v, Email: null(v.Email), LastName: null(v.LastName), FirstName: null(v.FirstName),
		Picture: null(v.Picture), LastAccessedOn: null(v.LastAccessedOn),
	}
}

// null is nil for an unset string.
func null(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// timestamp is how the API writes a time: RFC 3339 in UTC. A time the
// state does not know is served as the emulator's start, so that a
// created_on is never empty, as in Kinde.
func (s *Server) timestamp(t time.Time) string {
	if t.IsZero() {
		t = s.started
	}
	return t.UTC().Format(time.RFC3339)
}

// now is the emulator's clock, in UTC, to the second as Kinde's timestamps.
func (s *Server) now() time.Time { return s.opts.Now().UTC().Truncate(time.Second) }
