package kinde

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path/filepath"
	"strings"
)

// The generic entry points below serve apply, whose plan holds its calls as
// data (op, method, escaped path, query, body). They share the one request
// path with the typed methods, so counters, limits and retries are the same.

// Call sends one request described as data: op is the operationId, path is
// already escaped, body is JSON-encoded if not nil, and a 2xx answer is
// decoded into out if not nil. AddOrganizationUsers and
// UpdateOrganizationUsers bodies with more than BulkLimit users are split
// as the typed methods split them, and the answers merged.
func (c *Client) Call(ctx context.Context, op, method, path string, query url.Values, body, out any) error {
	if method == http.MethodPost && op == "AddOrganizationUsers" || method == http.MethodPatch && op == "UpdateOrganizationUsers" {
		if handled, err := c.callBulk(ctx, op, path, body, out); handled {
			return err
		}
	}
	r, err := newRequest(op, method, path, query, body)
	if err != nil {
		return err
	}
	return c.do(ctx, r, out)
}

// callBulk splits a bulk users body through the typed methods. It declines
// (handled false) a body of BulkLimit users or fewer, or one it cannot read.
func (c *Client) callBulk(ctx context.Context, op, path string, body, out any) (bool, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return false, nil
	}
	var req UpdateOrganizationUsersRequest // a superset of AddOrganizationUsersRequest
	if json.Unmarshal(raw, &req) != nil || len(req.Users) <= BulkLimit {
		return false, nil
	}
	code, ok := orgCodeOfUsersPath(path)
	if !ok {
		return false, nil
	}
	var res any
	if op == "AddOrganizationUsers" {
		users := make([]AddOrganizationUser, len(req.Users))
		for i, u := range req.Users {
			users[i] = AddOrganizationUser{ID: u.ID, Roles: u.Roles, Permissions: u.Permissions}
		}
		res, err = c.AddOrganizationUsers(ctx, code, users)
	} else {
		res, err = c.UpdateOrganizationUsers(ctx, code, req.Users)
	}
	if out != nil {
		if b, merr := json.Marshal(res); merr == nil {
			if uerr := json.Unmarshal(b, out); uerr != nil && err == nil {
				err = fmt.Errorf("kinde: %s: merging answers: %w", op, uerr)
			}
		}
	}
	return true, err
}

// orgCodeOfUsersPath reads the org code out of "/api/v1/organizations/{org_code}/users".
func orgCodeOfUsersPath(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/api/v1/organizations/")
	if !ok {
		return "", false
	}
	esc, ok := strings.CutSuffix(rest, "/users")
	if !ok || strings.Contains(esc, "/") {
		return "", false
	}
	code, err := url.PathUnescape(esc)
	return code, err == nil
}

// Upload POSTs content as the multipart/form-data file field, as
// AddOrganizationLogo does.
func (c *Client) Upload(ctx context.Context, op, path, field, filename string, content []byte) error {
	body, ctype, err := multipartFile(field, filename, content)
	if err != nil {
		return fmt.Errorf("kinde: %s: %w", op, err)
	}
	r := &request{
		op: op, method: http.MethodPost, path: path, body: body, contentType: ctype,
		// Uploading sets the file at this path; a repeat leaves the same.
		idempotent: true,
	}
	return c.do(ctx, r, nil)
}

// multipartFile encodes one file field. The part's Content-Type comes from
// the file name's extension, else from sniffing the bytes, so that Kinde
// sees image/png rather than application/octet-stream.
func multipartFile(field, filename string, content []byte) ([]byte, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	ctype := mime.TypeByExtension(strings.ToLower(filepath.Ext(filename)))
	if ctype == "" {
		ctype = http.DetectContentType(content)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, field, filepath.Base(filename)))
	h.Set("Content-Type", ctype)
	part, err := mw.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(content); err != nil {
		return nil, "", err
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}

// FindOrganization returns the code of the organization that has every
// identity given (external_id and handle; an empty one is not compared), or
// "" if there is none. An org that shares only the handle is someone else's:
// adopting it would apply a new org's steps to another customer's org. It
// reads the whole list: the spec has no filter for either.
func (c *Client) FindOrganization(ctx context.Context, externalID, handle string) (string, error) {
	if externalID == "" && handle == "" {
		return "", nil
	}
	orgs, err := c.GetOrganizations(ctx)
	if err != nil {
		return "", err
	}
	for _, o := range orgs {
		if (externalID == "" || o.ExternalID == externalID) && (handle == "" || o.Handle == handle) {
			return o.Code, nil
		}
	}
	return "", nil
}

// FindUserByEmail returns the id of the user with this email (compared
// case-insensitively), or "" if there is none.
func (c *Client) FindUserByEmail(ctx context.Context, email string) (string, error) {
	users, err := c.GetUsersByEmail(ctx, []string{email})
	if err != nil {
		return "", err
	}
	for _, u := range users {
		if strings.EqualFold(u.Email, strings.TrimSpace(email)) {
			return u.ID, nil
		}
	}
	return "", nil
}

// FindProperty reports whether a property with this key exists, in any context.
func (c *Client) FindProperty(ctx context.Context, key string) (bool, error) {
	props, err := c.GetProperties(ctx, "")
	if err != nil {
		return false, err
	}
	for _, p := range props {
		if p.Key == key {
			return true, nil
		}
	}
	return false, nil
}
