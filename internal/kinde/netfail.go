package kinde

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
)

// UnreachableError is a failure to reach the API that no retry can mend:
// the host does not resolve, nothing listens on the port, the TLS handshake
// fails or the certificate is not trusted, or the server does not speak
// TLS. Retrying these only makes a mistyped domain hang (with every caller
// fetching its own token); the setting must be fixed instead.
type UnreachableError struct {
	Base   string // the API origin, e.g. "https://acme.kinde.com"
	Reason string // what went wrong, in a few words
	Err    error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach %s: %s: %v", e.Base, e.Reason, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// permanentReason says why a transport error cannot be mended by sending
// again, or "" when it may be transient (a reset, a timeout, a server
// closing an idle connection).
func permanentReason(err error) string {
	var dns *net.DNSError
	if errors.As(err, &dns) && (dns.IsNotFound || !dns.IsTemporary && !dns.IsTimeout) {
		return "the host name does not resolve"
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return "the connection was refused (nothing listens there)"
	}
	var (
		unknownCA *x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		verify    *tls.CertificateVerificationError
		record    tls.RecordHeaderError
		alert     tls.AlertError
	)
	switch {
	case errors.As(err, &unknownCA) || errors.As(err, &verify):
		return "its TLS certificate is not trusted"
	case errors.As(err, &hostname):
		return "its TLS certificate is for another host"
	case errors.As(err, &invalid):
		return "its TLS certificate is not valid"
	case errors.As(err, &record):
		return "it does not speak TLS (is it a plain http:// server?)"
	case errors.As(err, &alert):
		return "the TLS handshake was refused"
	}
	// Go reports a plain-HTTP answer to a TLS client this way too.
	if strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		return "it does not speak TLS (is it a plain http:// server?)"
	}
	return ""
}
