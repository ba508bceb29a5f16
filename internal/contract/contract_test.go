package contract

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSpecLoads(t *testing.T) {
	doc, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Paths.Len(); got < 100 {
		t.Errorf("spec has %d paths, want the full reference", got)
	}
}

// recorder is a testing.TB that keeps the failures the transport reports,
// so that a test can check that a mismatch is caught.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestTransport(t *testing.T) {
	// The server answers whatever the test case says.
	var answer string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, answer)
	}))
	defer srv.Close()

	tests := []struct {
		name, method, path, auth, body, answer string
		want                                   string // part of the failure; empty: none
		sent                                   bool
	}{
		{
			name: "valid", method: "GET", path: "/api/v1/organizations?page_size=2", auth: "Bearer x",
			answer: `{"code":"OK","organizations":[{"code":"org_1","name":"A"}],"next_token":"n"}`, sent: true,
		},
		{
			name: "response field of the wrong type", method: "GET", path: "/api/v1/organizations", auth: "Bearer x",
			answer: `{"organizations":[{"code":1}]}`, sent: true,
			want: "getOrganizations): response 200: field /organizations/0/code: value must be a string",
		},
		{
			name: "query parameter of the wrong type", method: "GET", path: "/api/v1/organizations?page_size=many", auth: "Bearer x",
			want: `parameter "page_size" in query`,
		},
		{
			name: "no bearer token", method: "GET", path: "/api/v1/organizations", want: "bearer",
		},
		{
			name: "request body missing a required field", method: "POST", path: "/api/v1/organization", auth: "Bearer x",
			body: `{"handle":"x"}`, want: `createOrganization): request: field /name: property "name" is missing`,
		},
		{
			name: "not in the spec", method: "GET", path: "/api/v1/nothing", auth: "Bearer x", want: "not an operation of the spec",
		},
		{
			name: "flat connections (live Kinde) pass", method: "GET", path: "/api/v1/connections", auth: "Bearer x",
			answer: `{"code":"OK","connections":[{"id":"conn_1","name":"Google","display_name":"Google","strategy":"oauth2:google"}],"has_more":false}`, sent: true,
		},
		{
			name: "flat connections are still checked field by field", method: "GET", path: "/api/v1/organizations/org_1/connections", auth: "Bearer x",
			answer: `{"connections":[{"id":1,"name":"Google"}]}`, sent: true,
			want: "field /connections/0/connection/id: value must be a string",
		},
		{
			name: "wrapped connections (the spec) pass", method: "GET", path: "/api/v1/connections", auth: "Bearer x",
			answer: `{"connections":[{"connection":{"id":"conn_1","name":"Google"}}]}`, sent: true,
		},
		{
			name: "json flags with an object (live Kinde) pass", method: "GET", path: "/api/v1/environment/feature_flags", auth: "Bearer x",
			answer: `{"feature_flags":{"cfg":{"type":"json","value":{"a":[1]}},"on":{"type":"bool","value":"true"}}}`, sent: true,
		},
		{
			name: "json flags need an object", method: "GET", path: "/api/v1/organizations/org_1/feature_flags", auth: "Bearer x",
			answer: `{"feature_flags":{"cfg":{"type":"json","value":"{}"}}}`, sent: true,
			want: "field /feature_flags/cfg/type: value is not one of the allowed values",
		},
		{
			name: "token endpoint passes", method: "POST", path: TokenPath, body: "grant_type=client_credentials",
			answer: `{"access_token":"x"}`, sent: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answer = tt.answer
			rec := &recorder{}
			client := &http.Client{Transport: Transport(rec, nil)}
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, body)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := client.Do(req)
			if sent := err == nil; sent != tt.sent {
				t.Errorf("sent = %v (err %v), want %v", sent, err, tt.sent)
			}
			if resp != nil {
				resp.Body.Close()
			}
			got := strings.Join(rec.errs, "\n")
			switch {
			case tt.want == "" && got != "":
				t.Errorf("unexpected failure: %s", got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("failure %q does not mention %q", got, tt.want)
			}
		})
	}
}

func TestUndeclaredSuccessStatus(t *testing.T) {
	// createProperty declares 201; a 200 is a contract breach.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"property":{"id":"prop_1"}}`)
	}))
	defer srv.Close()
	rec := &recorder{}
	client := &http.Client{Transport: Transport(rec, nil)}
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/properties", strings.NewReader(
		`{"name":"N","key":"k","type":"single_line_text","context":"org","is_private":false,"category_id":"c"}`))
	req.Header.Set("Authorization", "Bearer x")
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := strings.Join(rec.errs, "\n"); !strings.Contains(got, "status 200 is not declared") {
		t.Errorf("failures %q, want the undeclared 200", got)
	}
}
