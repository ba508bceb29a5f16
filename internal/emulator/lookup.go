package emulator

import "strings"

// Lookups. Lists are short enough for linear scans, and a scan never goes
// stale the way an index can.

func (st *State) org(code string) *Organization {
	for _, o := range st.Organizations {
		if o.Code == code {
			return o
		}
	}
	return nil
}

func (st *State) user(id string) *User {
	for _, u := range st.Users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

func (st *State) userByEmail(email string) *User {
	for _, u := range st.Users {
		if u.Email != "" && strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

func find[T any](items []*T, match func(*T) bool) *T {
	for _, it := range items {
		if match(it) {
			return it
		}
	}
	return nil
}

func (e *Environment) role(key string) *Role {
	return find(e.Roles, func(r *Role) bool { return r.Key == key })
}

func (e *Environment) roleByID(id string) *Role {
	return find(e.Roles, func(r *Role) bool { return r.ID == id })
}

func (e *Environment) permission(key string) *Permission {
	return find(e.Permissions, func(p *Permission) bool { return p.Key == key })
}

func (e *Environment) permissionByID(id string) *Permission {
	return find(e.Permissions, func(p *Permission) bool { return p.ID == id })
}

func (e *Environment) flag(key string) *FeatureFlag {
	return find(e.FeatureFlags, func(f *FeatureFlag) bool { return f.Key == key })
}

func (e *Environment) property(key string) *Property {
	return find(e.Properties, func(p *Property) bool { return p.Key == key })
}

func (e *Environment) connection(id string) *Connection {
	return find(e.Connections, func(c *Connection) bool { return c.ID == id })
}

func (o *Organization) member(userID string) *Member {
	return find(o.Members, func(m *Member) bool { return m.UserID == userID })
}
