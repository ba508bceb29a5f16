package emulator

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
)

// Application is an application (a client of Kinde's auth): its id is
// also its client id. Settings holds the on/off settings of the spec
// (is_ask_for_name, has_cancel_button, ...) that were set.
type Application struct {
	ID           string
	Name         string
	Type         string // reg | spa | m2m | device
	OrgCode      string // the organization an m2m application is scoped to
	LoginURI     string
	HomepageURI  string
	LanguageKey  string
	RedirectURIs []string
	LogoutURIs   []string
	Connections  []string // connection ids enabled for it
	Settings     map[string]bool
}

// applicationSettings are the boolean settings updateApplication takes and
// getApplication answers.
var applicationSettings = []string{
	"has_cancel_button", "is_access_control_enabled", "is_allow_faceless_auth", "is_ask_for_name",
	"has_marketing_consent", "has_sign_in_link_on_sign_up_page", "has_register_link_on_sign_in_page",
	"has_sign_in_with_sso_button", "use_gravatar_fallback",
}

var applicationTypes = []string{"reg", "spa", "m2m", "device"}

// clientSecret is the secret the API answers for an application that has
// one (a back end: reg, m2m). It is derived from the id and kept nowhere:
// the emulator's token endpoint accepts only its own credentials, so this
// is a stand-in that authenticates nothing.
func (a *Application) clientSecret() string {
	if a.Type != "reg" && a.Type != "m2m" {
		return ""
	}
	sum := sha256.Sum256([]byte("kindesync emulator client secret\x00" + a.ID))
	return hex.EncodeToString(sum[:24])
}

func (e *Environment) application(id string) *Application {
	return find(e.Applications, func(a *Application) bool { return a.ID == id })
}

func normalizeApplications(e *Environment) {
	slices.SortFunc(e.Applications, func(a, b *Application) int { return cmp.Compare(a.ID, b.ID) })
	for _, a := range e.Applications {
		sortUnique(&a.Connections)
		if len(a.RedirectURIs) == 0 {
			a.RedirectURIs = nil
		}
		if len(a.LogoutURIs) == 0 {
			a.LogoutURIs = nil
		}
		if len(a.Settings) == 0 {
			a.Settings = nil
		}
	}
	for _, api := range e.APIs {
		sortUnique(&api.Applications)
	}
}

func cloneApplication(a Application) Application {
	a.RedirectURIs = slices.Clone(a.RedirectURIs)
	a.LogoutURIs = slices.Clone(a.LogoutURIs)
	a.Connections = slices.Clone(a.Connections)
	a.Settings = maps.Clone(a.Settings)
	return a
}

// The state file's applications: connections by name or id, as
// organizations name them; APIs name the applications they authorize by id.

type fileApplication struct {
	ID           string          `yaml:"id,omitempty"`
	Name         string          `yaml:"name"`
	Type         string          `yaml:"type"`
	OrgCode      string          `yaml:"org_code,omitempty"`
	LoginURI     string          `yaml:"login_uri,omitempty"`
	HomepageURI  string          `yaml:"homepage_uri,omitempty"`
	LanguageKey  string          `yaml:"language_key,omitempty"`
	RedirectURIs []string        `yaml:"redirect_uris,omitempty"`
	LogoutURIs   []string        `yaml:"logout_uris,omitempty"`
	Connections  []string        `yaml:"connections,omitempty,flow"`
	Settings     map[string]bool `yaml:"settings,omitempty"`
}

func (l *loader) applications(e *Environment, apps []fileApplication) {
	ids := map[string]bool{}
	for i, f := range apps {
		path := at("environment", "applications", i)
		if f.Name == "" {
			l.errorf(path, "an application needs a name")
		}
		l.oneOf(append(path, "type"), "type", f.Type, applicationTypes...)
		a := &Application{
			ID: or(f.ID, derivedID(idApplication, "application:"+f.Name)), Name: f.Name, Type: f.Type, OrgCode: f.OrgCode,
			LoginURI: f.LoginURI, HomepageURI: f.HomepageURI, LanguageKey: f.LanguageKey,
			RedirectURIs: f.RedirectURIs, LogoutURIs: f.LogoutURIs, Settings: f.Settings,
		}
		l.unique(ids, a.ID, path, "application id")
		for k := range f.Settings {
			if !slices.Contains(applicationSettings, k) {
				l.errorf(append(path, "settings", k), "settings are %v", applicationSettings)
			}
		}
		for j, ref := range f.Connections {
			id, err := resolveConnection(e, ref)
			if err != nil {
				l.errorf(append(path, "connections", j), "%v", err)
			}
			a.Connections = append(a.Connections, id)
		}
		e.Applications = append(e.Applications, a)
	}
}

// applicationOrgs checks, once organizations are read, the organizations
// that applications are scoped to.
func (l *loader) applicationOrgs(st *State) {
	for i, a := range st.Environment.Applications {
		if a.OrgCode != "" && st.org(a.OrgCode) == nil {
			l.errorf(at("environment", "applications", i, "org_code"), "no organization with code %q", a.OrgCode)
		}
	}
}

func fileApplications(e *Environment) []fileApplication {
	var out []fileApplication
	for _, a := range e.Applications {
		fa := fileApplication{
			ID: a.ID, Name: a.Name, Type: a.Type, OrgCode: a.OrgCode, LoginURI: a.LoginURI, HomepageURI: a.HomepageURI,
			LanguageKey: a.LanguageKey, RedirectURIs: a.RedirectURIs, LogoutURIs: a.LogoutURIs, Settings: a.Settings,
		}
		for _, id := range a.Connections {
			fa.Connections = append(fa.Connections, connectionRef(e, id))
		}
		out = append(out, fa)
	}
	return out
}
