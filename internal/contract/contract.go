// Package contract checks HTTP traffic against the Kinde Management API
// reference (an embedded copy of kinde-management-api.yaml), so that tests of
// the client and of the emulator fail when either side drifts from the spec.
// It is test support: only tests import it, and it is the only package that
// uses kin-openapi.
//
// Loader notes (kin-openapi v0.153):
//   - The document's server is https://{subdomain}.kinde.com and every path
//     has `servers: []`. Servers are dropped after loading so that routes
//     match on the path alone, whatever host the test talks to.
//   - Examples are not validated (several of the spec's examples contradict
//     their own schemas); the document is otherwise validated once at load.
package contract

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

//go:embed kinde-management-api.yaml
var specYAML []byte

// TokenPath is the OAuth2 token endpoint and JWKSPath the token signing
// keys. They are not part of the Management API spec, so requests to them
// are passed through unchecked.
const (
	TokenPath = "/oauth2/token"
	JWKSPath  = "/.well-known/jwks.json"
)

var (
	loadOnce  sync.Once
	loadedDoc *openapi3.T
	router    routers.Router
	loadErr   error
)

// Spec returns the parsed, validated spec, loaded once per process.
func Spec() (*openapi3.T, error) {
	load()
	return loadedDoc, loadErr
}

func load() {
	loadOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(specYAML)
		if err != nil {
			loadErr = fmt.Errorf("contract: load spec: %w", err)
			return
		}
		if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
			loadErr = fmt.Errorf("contract: validate spec: %w", err)
			return
		}
		doc.Servers = nil
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			loadErr = fmt.Errorf("contract: route spec: %w", err)
			return
		}
		loadedDoc, router = doc, r
	})
}

// Operation is the spec operation a request was matched to.
type Operation struct {
	ID     string // operationId, e.g. getOrganizations
	Method string
	Path   string // the spec's path template

	input *openapi3filter.RequestValidationInput
}

func (o *Operation) String() string {
	return fmt.Sprintf("%s %s (%s)", o.Method, o.Path, o.ID)
}

func options() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError: true,
		// Setting defaults would rewrite the request body that the server
		// then receives; a check must not change what it checks.
		SkipSettingDefaults: true,
		AuthenticationFunc:  checkBearer,
	}
}

// checkBearer enforces the spec's kindeBearerAuth scheme: an Authorization
// header carrying a bearer token. Whether the token is valid is the server's
// business.
func checkBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	h := in.RequestValidationInput.Request.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || token == "" {
		return errors.New("no bearer token in the Authorization header")
	}
	return nil
}

// CheckRequest finds req's operation in the spec and validates the request
// against it. The body is read and replaced, so req can still be sent.
func CheckRequest(req *http.Request) (*Operation, error) {
	load()
	if loadErr != nil {
		return nil, loadErr
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: not an operation of the spec: %w", req.Method, req.URL.Path, err)
	}
	op := &Operation{ID: route.Operation.OperationID, Method: req.Method, Path: route.Path}
	op.input = &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    options(),
	}
	if err := openapi3filter.ValidateRequest(req.Context(), op.input); err != nil {
		return op, fmt.Errorf("%s: request: %s", op, describe(err))
	}
	return op, nil
}

// CheckResponse validates a response to an operation found by CheckRequest.
// A 2xx status must be one the operation declares; error statuses the spec
// leaves out are accepted (the spec lists few of Kinde's errors), but their
// bodies are checked when it declares them.
func CheckResponse(op *Operation, status int, header http.Header, body []byte) error {
	if status >= 200 && status < 300 && op.input.Route.Operation.Responses.Status(status) == nil {
		return fmt.Errorf("%s: response status %d is not declared by the spec", op, status)
	}
	if fix := deviations[op.ID]; fix != nil && status >= 200 && status < 300 {
		fixed, err := fix(body)
		if err != nil {
			return fmt.Errorf("%s: response %d: %w", op, status, err)
		}
		body = fixed
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: op.input,
		Status:                 status,
		Header:                 header,
		Options:                options(),
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(op.input.Request.Context(), in); err != nil {
		return fmt.Errorf("%s: response %d: %s", op, status, describe(err))
	}
	return nil
}

// describe flattens kin-openapi's nested errors into "field: message" lines,
// the field being a JSON pointer into the body or a parameter name.
func describe(err error) string {
	var lines []string
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			field := "field /" + strings.Join(se.JSONPointer(), "/")
			var re *openapi3filter.RequestError
			if errors.As(err, &re) && re.Parameter != nil {
				field = re.Parameter.In + " parameter " + re.Parameter.Name
			}
			lines = append(lines, fmt.Sprintf("%s: %s", field, se.Reason))
			return
		}
		lines = append(lines, err.Error())
	}
	walk(err)
	sort.Strings(lines)
	return strings.Join(lines, "; ")
}

// Transport returns a RoundTripper that validates each request against its
// operation before sending it through base (http.DefaultTransport if nil),
// and each response after. A request that does not match the spec is not
// sent: the test fails and the client gets an error. A response that does
// not match fails the test and is still returned. Requests to TokenPath and
// JWKSPath pass unchecked.
func Transport(tb testing.TB, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if _, err := Spec(); err != nil {
		tb.Fatalf("%v", err)
	}
	return &transport{tb: tb, base: base}
}

type transport struct {
	tb   testing.TB
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == TokenPath || req.URL.Path == JWKSPath {
		return t.base.RoundTrip(req)
	}
	// RoundTrip must not modify the caller's request; validation replaces
	// the body, so work on a copy.
	req = req.Clone(req.Context())
	op, err := CheckRequest(req)
	if err != nil {
		t.tb.Errorf("contract: %v", err)
		return nil, fmt.Errorf("contract: %w", err)
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := CheckResponse(op, resp.StatusCode, resp.Header, body); err != nil {
		t.tb.Errorf("contract: %v", err)
	}
	return resp, nil
}
