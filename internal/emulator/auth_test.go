package emulator_test

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kindesync/kindesync/internal/contract"
	"github.com/kindesync/kindesync/internal/emulator"
	"github.com/kindesync/kindesync/internal/emulator/emulatortest"
)

// jwtParts splits a token and decodes its header and claims.
func jwtParts(t *testing.T, tok string, header, claims any) (signed string, sig []byte) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	for i, v := range []any{header, claims} {
		data, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil || json.Unmarshal(data, v) != nil {
			t.Fatalf("token part %d: %v", i, err)
		}
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	return parts[0] + "." + parts[1], sig
}

type jwks struct {
	Keys []struct{ Kty, Alg, Use, Kid, N, E string } `json:"keys"`
}

func getJWKS(t *testing.T, e *emulatortest.Emulator) jwks {
	t.Helper()
	resp, err := e.Client.Get(e.URL + emulator.JWKSPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set jwks
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("jwks: %d %v", resp.StatusCode, err)
	}
	return set
}

// A token verifies with the key the JWKS serves, as SDKs that check
// signatures do, and carries scp and scope.
func TestTokenVerifiesWithJWKS(t *testing.T) {
	e := emulatortest.StartYAML(t, fixture, emulator.Options{})
	var header struct{ Alg, Kid, Typ string }
	var claims struct {
		Aud   []string
		Iss   string
		Scope string
		Scp   []string
	}
	signed, sig := jwtParts(t, e.Token(), &header, &claims)
	set := getJWKS(t, e)
	if len(set.Keys) != 1 {
		t.Fatalf("jwks has %d keys, want 1", len(set.Keys))
	}
	k := set.Keys[0]
	if header.Alg != "RS256" || header.Kid != k.Kid || k.Kty != "RSA" || k.Alg != "RS256" || k.Use != "sig" {
		t.Errorf("header %+v, key %+v: want RS256 with the key's kid", header, k)
	}
	n, err1 := base64.RawURLEncoding.DecodeString(k.N)
	ex, err2 := base64.RawURLEncoding.DecodeString(k.E)
	if err1 != nil || err2 != nil {
		t.Fatalf("jwk n, e: %v %v", err1, err2)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(ex).Int64())}
	sum := sha256.Sum256([]byte(signed))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		t.Errorf("signature does not verify with the JWKS key: %v", err)
	}
	if pub.N.BitLen() != 2048 {
		t.Errorf("key has %d bits, want 2048", pub.N.BitLen())
	}
	if !slices.IsSorted(claims.Scp) || claims.Scope != strings.Join(claims.Scp, " ") || !slices.Contains(claims.Scp, "read:organizations") {
		t.Errorf("scp %v, scope %q: want the sorted scopes, joined by spaces in scope", claims.Scp, claims.Scope)
	}
	if claims.Iss != e.URL || !slices.Equal(claims.Aud, []string{e.URL + "/api"}) {
		t.Errorf("iss %q aud %v", claims.Iss, claims.Aud)
	}
}

// A token signed right but not issued by this emulator is refused: all
// emulators of a process share the RSA key, not the jti MAC.
func TestTamperedTokenRefused(t *testing.T) {
	c := start(t, emulator.Options{})
	parts := strings.Split(c.token, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := strings.Replace(string(payload), `"v":"2"`, `"v":"3"`, 1)
	c.token = parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(forged)) + "." + parts[2]
	if status, body := c.do("GET", "/api/v1/organizations", nil); status != http.StatusForbidden || errorCode(t, body) != "TOKEN_INVALID" {
		t.Errorf("edited claims: %d %s, want 403 TOKEN_INVALID", status, body)
	}
}

// With Options.Scopes, tokens grant those scopes only, and an operation
// whose x-scope is not granted answers 403 naming it.
func TestScopes(t *testing.T) {
	c := start(t, emulator.Options{Scopes: []string{"read:organizations", "read:roles"}})
	var claims struct{ Scp []string }
	jwtParts(t, c.token, &struct{}{}, &claims)
	if diff := cmp.Diff([]string{"read:organizations", "read:roles"}, claims.Scp); diff != "" {
		t.Errorf("scp (-want +got):\n%s", diff)
	}
	c.call("GET", "/api/v1/organizations", nil, http.StatusOK, nil)
	c.call("GET", "/api/v1/roles", nil, http.StatusOK, nil)
	status, body := c.do("GET", "/api/v1/permissions", nil)
	var e struct {
		Errors []struct{ Code, Message string }
	}
	json.Unmarshal(body, &e)
	if status != http.StatusForbidden || len(e.Errors) != 1 || e.Errors[0].Code != "SCOPE_MISSING" || !strings.Contains(e.Errors[0].Message, "read:permissions") {
		t.Errorf("GET permissions without read:permissions: %d %s, want 403 SCOPE_MISSING naming the scope", status, body)
	}
	if _, err := emulator.New(nil, emulator.Options{Scopes: []string{"everything"}}); err == nil {
		t.Error("a scope not of the form verb:noun was accepted")
	}
}

// Behind a proxy the emulator names itself by its public URL: the token's
// audience and issuer, and logo URLs. Either audience is accepted.
func TestPublicURL(t *testing.T) {
	const public = "https://kinde.example.com:8443"
	e := emulatortest.StartYAML(t, fixture, emulator.Options{PublicURL: public + "/"})
	form := func(aud string) url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {"emulator"}, "client_secret": {"emulator"}, "audience": {aud}}
	}
	for aud, want := range map[string]int{public + "/api": 200, e.URL + "/api": 200, "https://other.example.com/api": 400} {
		if status, body := postToken(t, e, form(aud)); status != want {
			t.Errorf("audience %s: %d %v, want %d", aud, status, body, want)
		}
	}
	_, body := postToken(t, e, form(public+"/api"))
	tok := body["access_token"].(string)
	var claims struct {
		Aud []string
		Iss string
	}
	jwtParts(t, tok, &struct{}{}, &claims)
	if claims.Iss != public || !slices.Equal(claims.Aud, []string{public + "/api"}) {
		t.Errorf("iss %q aud %v, want the public URL", claims.Iss, claims.Aud)
	}
	c := &client{t: t, e: e, token: tok}
	c.call("GET", "/api/v1/organizations", nil, http.StatusOK, nil)
	if status := uploadLogo(c, "light", "acme.png", png); status != http.StatusOK {
		t.Fatalf("upload: %d", status)
	}
	_, data := c.do("GET", "/api/v1/organization?code="+acme, nil)
	if logo, _ := raw(t, data)["logo"].(string); !strings.HasPrefix(logo, public+"/logo?") {
		t.Errorf("logo URL %q does not start with the public URL", logo)
	}
	if _, err := emulator.New(nil, emulator.Options{PublicURL: "kinde.example.com"}); err == nil {
		t.Error("a public URL without a scheme was accepted")
	}
}

var codeScope = regexp.MustCompile(`<code>([a-z_]+:[a-z_]+)</code>`)

// Every operation served is the spec's: its method, path, operationId and
// x-scope, so that scopes are enforced as Kinde enforces them.
func TestOperationsMatchTheSpec(t *testing.T) {
	doc, err := contract.Spec()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.New(nil, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, op := range srv.Operations() {
		if seen[op.ID] {
			t.Errorf("%s registered twice", op.ID)
		}
		seen[op.ID] = true
		item := doc.Paths.Find(op.Path)
		if item == nil {
			t.Errorf("%s: path %s is not in the spec", op.ID, op.Path)
			continue
		}
		so := item.GetOperation(op.Method)
		if so == nil {
			t.Errorf("%s: %s %s is not in the spec", op.ID, op.Method, op.Path)
			continue
		}
		if so.OperationID != op.ID {
			t.Errorf("%s %s: operationId %s, the spec says %s", op.Method, op.Path, op.ID, so.OperationID)
		}
		// The spec gives the scope as x-scope, or for about half of the
		// operations only in the description, as <code>scope</code>.
		scope, _ := so.Extensions["x-scope"].(string)
		if scope == "" {
			if m := codeScope.FindStringSubmatch(so.Description); m != nil {
				scope = m[1]
			}
		}
		if scope != op.Scope {
			t.Errorf("%s: scope %s, the spec's is %q", op.ID, op.Scope, scope)
		}
	}
}
