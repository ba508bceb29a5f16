package emulator

import (
	"cmp"
	"slices"
	"strings"
)

// Lookups. Environment lists are short enough for linear scans. Users and
// organizations can number hundreds of thousands: normalize keeps them
// sorted by id and code after every write, so they are binary-searched, with
// a scan as the fallback for a handler that looks up what it appended
// before the state was sorted again.

func (st *State) org(code string) *Organization {
	if i, ok := slices.BinarySearchFunc(st.Organizations, code, func(o *Organization, c string) int { return cmp.Compare(o.Code, c) }); ok {
		return st.Organizations[i]
	}
	for _, o := range st.Organizations {
		if o.Code == code {
			return o
		}
	}
	return nil
}

func (st *State) user(id string) *User {
	if i, ok := slices.BinarySearchFunc(st.Users, id, func(u *User, id string) int { return cmp.Compare(u.ID, id) }); ok {
		return st.Users[i]
	}
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
