package emulator

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/kindesync/kindesync/internal/kinde"
)

// Tokens are JWTs like Kinde's: RS256, a kid naming the key, which GET
// /.well-known/jwks.json serves, so that SDKs that verify signatures log in.
// The RSA key is made once per process (2048 bits take a while, and tests
// start hundreds of emulators); what makes a token this emulator's own is
// its jti, which carries a MAC under the emulator's random key.

// JWKSPath is where the emulator serves its public signing key.
const JWKSPath = "/.well-known/jwks.json"

var signingKey = sync.OnceValues(func() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 2048)
})

type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

type jwtClaims struct {
	Aud   []string `json:"aud"`
	Azp   string   `json:"azp"`
	Exp   int64    `json:"exp"`
	Gty   []string `json:"gty"`
	Iat   int64    `json:"iat"`
	Iss   string   `json:"iss"`
	Jti   string   `json:"jti"`
	Scope string   `json:"scope"`
	Scp   []string `json:"scp"`
	V     string   `json:"v"`
}

// jwk is one key of the JWKS document (RFC 7517).
type jwk struct {
	Kty string `json:"kty"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	Kid string `json:"kid"`
	N   string `json:"n"`
	E   string `json:"e"`
}

func publicJWK(k *rsa.PublicKey) jwk {
	n := base64.RawURLEncoding.EncodeToString(k.N.Bytes())
	e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())
	// The kid is the key's RFC 7638 thumbprint: stable for the key, and
	// different for any other.
	sum := sha256.Sum256(fmt.Appendf(nil, `{"e":"%s","kty":"RSA","n":"%s"}`, e, n))
	return jwk{Kty: "RSA", Alg: "RS256", Use: "sig", Kid: base64.RawURLEncoding.EncodeToString(sum[:]), N: n, E: e}
}

// base is the URL the emulator names itself by: Options.PublicURL, or the
// address it listens on.
func (s *Server) base() string {
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL
	}
	return s.baseURL
}

func (s *Server) audience() string { return s.base() + "/api" }

// jwks is GET /.well-known/jwks.json.
func (s *Server) jwks(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, "jwks", false, func() int {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		return writeJSON(w, http.StatusOK, struct {
			Keys []jwk `json:"keys"`
		}{[]jwk{s.jwk}})
	})
}

// token is POST /oauth2/token: the client credentials grant, with the
// client id and secret in the form or in HTTP Basic auth.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, "token", false, func() int {
		status, body := s.issue(r)
		if status == http.StatusOK {
			w.Header().Set("Cache-Control", "no-store")
		}
		return writeJSON(w, status, body)
	})
}

func (s *Server) issue(r *http.Request) (int, any) {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<16)
	if err := r.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "the body must be a form")
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "only client_credentials is supported")
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if subtle.ConstantTimeCompare([]byte(id), []byte(s.opts.ClientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) != 1 {
		return oauthError(http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
	}
	if aud := r.PostForm.Get("audience"); aud != "" && !s.sameAudience(aud) {
		return oauthError(http.StatusBadRequest, "invalid_request", "audience must be "+s.audience())
	}
	now := s.opts.Now()
	scopes := s.granted()
	claims := jwtClaims{
		Aud: []string{s.audience()}, Azp: id, Iat: now.Unix(), Exp: now.Add(s.opts.TokenTTL).Unix(),
		Gty: []string{"client_credentials"}, Iss: s.base(), Jti: s.newJTI(),
		Scope: strings.Join(scopes, " "), Scp: scopes, V: "2",
	}
	tok, err := s.sign(claims)
	if err != nil {
		return oauthError(http.StatusInternalServerError, "server_error", "signing failed")
	}
	s.stats.update(func(st *Stats) { st.TokensIssued++ })
	if s.opts.OnToken != nil {
		s.opts.OnToken(tok)
	}
	return http.StatusOK, kinde.TokenResponse{
		AccessToken: tok, TokenType: "bearer",
		ExpiresIn: int(s.opts.TokenTTL.Seconds()), Scope: claims.Scope,
	}
}

// granted is the sorted list of scopes issued tokens carry: Options.Scopes,
// or every scope of the operations served.
func (s *Server) granted() []string {
	scopes := slices.Clone(s.opts.Scopes)
	if scopes == nil {
		for _, op := range s.ops {
			scopes = append(scopes, op.Scope)
		}
	}
	slices.Sort(scopes)
	return slices.Compact(scopes)
}

// sameAudience compares host and path only: a client that talks plain HTTP
// to a loopback emulator may still name its audience https://host/api, as it
// would for Kinde. Both the public URL and the address listened on are the
// emulator's names.
func (s *Server) sameAudience(aud string) bool {
	got, err := url.Parse(aud)
	if err != nil {
		return false
	}
	for _, base := range []string{s.audience(), s.baseURL + "/api"} {
		if want, err := url.Parse(base); err == nil && strings.EqualFold(got.Host, want.Host) && strings.TrimSuffix(got.Path, "/") == want.Path {
			return true
		}
	}
	return false
}

func oauthError(status int, code, description string) (int, any) {
	return status, kinde.TokenErrorResponse{Error: code, ErrorDescription: description}
}

// newJTI is 16 random hex digits and 16 of their MAC.
func (s *Server) newJTI() string {
	nonce := make([]byte, 8)
	rand.Read(nonce) //nolint:errcheck // crypto/rand does not fail
	h := hex.EncodeToString(nonce)
	return h + hex.EncodeToString(s.mac("jti:" + h)[:8])
}

func (s *Server) ownJTI(jti string) bool {
	if len(jti) != 32 {
		return false
	}
	mac, err := hex.DecodeString(jti[16:])
	return err == nil && hmac.Equal(mac, s.mac("jti:" + jti[:16])[:8])
}

func (s *Server) sign(c jwtClaims) (string, error) {
	h, _ := json.Marshal(jwtHeader{Alg: "RS256", Kid: s.jwk.Kid, Typ: "JWT"})
	p, _ := json.Marshal(c)
	unsigned := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p)
	sum := sha256.Sum256([]byte(unsigned))
	sig, err := rsa.SignPKCS1v15(nil, s.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

func (s *Server) mac(unsigned string) []byte {
	m := hmac.New(sha256.New, s.hmacKey)
	m.Write([]byte(unsigned))
	return m.Sum(nil)
}

// authorize accepts only unexpired tokens this server issued, for its
// credentials, and which grant the operation's scope. Kinde's spec answers
// bad credentials and missing scopes with 403.
func (s *Server) authorize(r *http.Request, op, scope string) error {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "bearer") || tok == "" {
		return forbidden("TOKEN_MISSING", "Missing bearer token.")
	}
	c, ok := s.verify(tok)
	if !ok {
		return forbidden("TOKEN_INVALID", "Invalid token.")
	}
	if s.opts.Now().Unix() >= c.Exp {
		return forbidden("TOKEN_EXPIRED", "Token has expired.")
	}
	if !slices.Contains(c.Aud, s.audience()) || c.Azp != s.opts.ClientID {
		return forbidden("TOKEN_INVALID", "Token is not for this API.")
	}
	if !slices.Contains(c.Scp, scope) {
		return forbidden("SCOPE_MISSING", fmt.Sprintf("The token lacks the scope %s, which %s needs: grant it to the M2M application.", scope, op))
	}
	return nil
}

// verify checks a token's header, signature and jti, and returns its claims.
func (s *Server) verify(tok string) (jwtClaims, bool) {
	var c jwtClaims
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return c, false
	}
	var h jwtHeader
	head, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || json.Unmarshal(head, &h) != nil || h.Alg != "RS256" || h.Kid != s.jwk.Kid {
		return c, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err != nil || rsa.VerifyPKCS1v15(&s.key.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return c, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(payload, &c) != nil || !s.ownJTI(c.Jti) {
		return c, false
	}
	return c, true
}
