package kinde

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// The secret and token the fuzzed client holds: no error may print them.
const (
	fuzzSecret = "fz-S3cret/+=&value"
	fuzzToken  = "eyJhbGciOiJIUzI1NiJ9.eyJmdXp6Ijp0cnVlfQ.c2lnbmF0dXJl"
)

// FuzzDecodeResponse feeds arbitrary answers (status, Content-Type, body) to
// the client's response handling: decode for a 2xx, into each kind of
// answer kindesync reads and for a write whose answer it does not read;
// apiError otherwise. It must not panic; an error's text must be short,
// printable and free of the secret and the token, however the server
// wraps them; and a success must be JSON, not Kinde's error shape.
func FuzzDecodeResponse(f *testing.F) {
	seeds := []struct {
		status int
		ctype  string
		body   string
	}{
		{200, "application/json", `{"code":"OK","organizations":[{"code":"org_1","name":"A"}],"next_token":""}`},
		{200, "application/json; charset=utf-8", `{"organization":{"code":"org_1"}}`},
		{200, "application/json", `{"organizations":[{"code":"org_`},
		{200, "text/html", `<html><body>Please log in</body></html>`},
		{200, "application/json", `{"errors":[{"code":"INTERNAL","message":"boom"}]}`},
		{200, "application/json", `{"errors":{"code":"NOT_FOUND","message":"gone"}}`},
		{200, "", `not json`},
		{204, "", ``},
		{400, "application/json", `{"errors":[{"code":"BAD","message":"client_secret=` + url.QueryEscape(fuzzSecret) + `"}]}`},
		{401, "application/json", `{"error":"invalid_client","error_description":"bad secret ` + fuzzSecret + `"}`},
		{500, "text/plain", "Authorization: Bearer " + fuzzToken[:20] + "\x00" + fuzzToken[20:]},
		{502, "text/html", strings.Repeat("<p>", 500)},
		{200, "application/json", `{"organizations":[{"code":1e999}]}`},
		{200, "application/json", strings.Repeat("[", 10000)},
		{200, "application/json", "\xff\xfe{\"code\":\"OK\"}"},
		{302, "", ``},
	}
	for _, s := range seeds {
		f.Add(s.status, s.ctype, []byte(s.body))
	}
	c, err := New(Config{Domain: "acme.kinde.com", ClientID: "id", ClientSecret: fuzzSecret})
	if err != nil {
		f.Fatal(err)
	}
	c.secrets.add(fuzzToken)
	f.Fuzz(func(t *testing.T, status int, ctype string, body []byte) {
		if status < 100 || status > 599 {
			status = 200 + (status%400+400)%400
		}
		res := result{status: status, header: http.Header{}, body: body}
		if ctype != "" {
			res.header.Set("Content-Type", ctype)
		}
		get := &request{op: "getOrganizations", method: http.MethodGet, path: "/api/v1/organizations"}
		post := &request{op: "AddOrganizationUsers", method: http.MethodPost, path: "/api/v1/organizations/org_1/users"}
		if status < 200 || status >= 300 {
			checkErrText(t, c.apiError(get, res, ""))
			return
		}
		outs := []any{&GetOrganizationsResponse{}, &Organization{}, &CreateOrganizationResponse{},
			&GetOrganizationUsersResponse{}, &TokenResponse{}, nil}
		for _, out := range outs {
			r := get
			if out == nil {
				r = post
			}
			err := c.decode(r, res, out)
			if err != nil {
				checkErrText(t, err)
				continue
			}
			trimmed := bytes.TrimSpace(body)
			if len(trimmed) > 0 && !isJSON(ctype) {
				t.Errorf("a %s body decoded as success", ctype)
			}
			var er ErrorResponse
			if len(trimmed) > 0 && json.Unmarshal(trimmed, &er) == nil && len(er.Errors) > 0 {
				t.Errorf("Kinde's error shape decoded as success: %q", body)
			}
		}
	})
}

func checkErrText(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	for _, s := range []string{fuzzSecret, fuzzToken, url.QueryEscape(fuzzSecret)} {
		if strings.Contains(msg, s) {
			t.Errorf("error text holds a secret: %q", msg)
		}
	}
	if len(msg) > 4000 {
		t.Errorf("error text of %d bytes", len(msg))
	}
	for _, r := range msg {
		if !unicode.IsPrint(r) && r != ' ' {
			t.Errorf("error text holds %U: %q", r, msg)
			break
		}
	}
}
