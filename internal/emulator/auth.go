package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kindesync/kindesync/internal/kinde"
)

// Tokens are JWT-shaped like Kinde's, because Kinde's SDKs decode them to
// decide when to fetch a new one. They are signed with HS256 and a key made
// at New, so only this emulator's tokens pass.

type jwtHeader struct {
	Alg string `json:"alg"`
	Typ string `json:"typ"`
}

type jwtClaims struct {
	Aud []string `json:"aud"`
	Azp string   `json:"azp"`
	Exp int64    `json:"exp"`
	Gty []string `json:"gty"`
	Iat int64    `json:"iat"`
	Iss string   `json:"iss"`
	Jti string   `json:"jti"`
	Scp []string `json:"scp"`
	V   string   `json:"v"`
}

func (s *Server) audience() string { return s.baseURL + "/api" }

// token is POST /oauth2/token: the client credentials grant, with the
// client id and secret in the form or in HTTP Basic auth.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, "token", func() int {
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
	jti := make([]byte, 16)
	rand.Read(jti) //nolint:errcheck // crypto/rand does not fail
	scopes := slices.Clone(s.scopes)
	slices.Sort(scopes)
	claims := jwtClaims{
		Aud: []string{s.audience()}, Azp: id, Iat: now.Unix(), Exp: now.Add(s.opts.TokenTTL).Unix(),
		Gty: []string{"client_credentials"}, Iss: s.baseURL, Jti: hex.EncodeToString(jti),
		Scp: slices.Compact(scopes), V: "2",
	}
	s.stats.update(func(st *Stats) { st.TokensIssued++ })
	tok := s.sign(claims)
	if s.opts.OnToken != nil {
		s.opts.OnToken(tok)
	}
	return http.StatusOK, kinde.TokenResponse{
		AccessToken: tok, TokenType: "bearer",
		ExpiresIn: int(s.opts.TokenTTL.Seconds()), Scope: strings.Join(claims.Scp, " "),
	}
}

// sameAudience compares host and path only: a client that talks plain HTTP
// to a loopback emulator may still name its audience https://host/api, as it
// would for Kinde.
func (s *Server) sameAudience(aud string) bool {
	want, err1 := url.Parse(s.audience())
	got, err2 := url.Parse(aud)
	return err1 == nil && err2 == nil && got.Host == want.Host && strings.TrimSuffix(got.Path, "/") == want.Path
}

func oauthError(status int, code, description string) (int, any) {
	return status, kinde.TokenErrorResponse{Error: code, ErrorDescription: description}
}

func (s *Server) sign(c jwtClaims) string {
	h, _ := json.Marshal(jwtHeader{Alg: "HS256", Typ: "JWT"})
	p, _ := json.Marshal(c)
	unsigned := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p)
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(s.mac(unsigned))
}

func (s *Server) mac(unsigned string) []byte {
	m := hmac.New(sha256.New, s.hmacKey)
	m.Write([]byte(unsigned))
	return m.Sum(nil)
}

// authorize accepts only unexpired tokens this server issued, for its
// credentials. Kinde's spec answers bad credentials with 403.
func (s *Server) authorize(r *http.Request) error {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "bearer") || tok == "" {
		return forbidden("TOKEN_MISSING", "Missing bearer token.")
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return forbidden("TOKEN_INVALID", "Invalid token.")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, s.mac(parts[0]+"."+parts[1])) {
		return forbidden("TOKEN_INVALID", "Invalid token.")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var c jwtClaims
	if err != nil || json.Unmarshal(payload, &c) != nil {
		return forbidden("TOKEN_INVALID", "Invalid token.")
	}
	if s.opts.Now().Unix() >= c.Exp {
		return forbidden("TOKEN_EXPIRED", "Token has expired.")
	}
	if !slices.Contains(c.Aud, s.audience()) || c.Azp != s.opts.ClientID {
		return forbidden("TOKEN_INVALID", "Token is not for this API.")
	}
	return nil
}
