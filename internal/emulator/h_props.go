package emulator

import (
	"slices"
)

// Writes to property definitions and categories. A property's key, type
// and context are set at creation and cannot change (KINDE-FACTS), so the
// update carries neither.

func (c *call) propertyFor() (*Property, error) {
	id := c.path("property_id")
	if p := find(c.st().Environment.Properties, func(p *Property) bool { return p.ID == id }); p != nil {
		return p, nil
	}
	return nil, badRequest("PROPERTY_INVALID", "No property with id %s.", id)
}

func (e *Environment) category(id string) *Category {
	return find(e.PropertyCategories, func(cat *Category) bool { return cat.ID == id })
}

func (s *Server) updateProperty(c *call) (int, any, error) {
	p, err := c.propertyFor()
	if err != nil {
		return fail(err)
	}
	var req struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
		IsPrivate   *bool   `json:"is_private"`
		CategoryID  *string `json:"category_id"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Name == nil || req.IsPrivate == nil || req.CategoryID == nil {
		return fail(badRequest("INVALID_REQUEST", "name, is_private and category_id are required."))
	}
	if err := checkLength("name", *req.Name, 128); err != nil {
		return fail(err)
	}
	if c.st().Environment.category(*req.CategoryID) == nil {
		return fail(badRequest("CATEGORY_INVALID", "No property category with id %s.", *req.CategoryID))
	}
	p.Name, p.IsPrivate, p.CategoryID = *req.Name, *req.IsPrivate, *req.CategoryID
	if req.Description != nil {
		p.Description = *req.Description
	}
	return ok(success())
}

// deleteProperty also removes the property's values from organizations.
func (s *Server) deleteProperty(c *call) (int, any, error) {
	p, err := c.propertyFor()
	if err != nil {
		return fail(err)
	}
	st := c.st()
	st.Environment.Properties = slices.DeleteFunc(st.Environment.Properties, func(x *Property) bool { return x == p })
	for _, o := range st.Organizations {
		delete(o.Properties, p.Key)
	}
	return ok(success())
}

func (s *Server) updateCategory(c *call) (int, any, error) {
	id := c.path("category_id")
	cat := c.st().Environment.category(id)
	if cat == nil {
		return fail(badRequest("CATEGORY_INVALID", "No property category with id %s.", id))
	}
	var req struct {
		Name *string `json:"name"`
	}
	if err := c.decode(&req, true); err != nil {
		return fail(err)
	}
	if req.Name == nil {
		return fail(badRequest("INVALID_REQUEST", "name is required."))
	}
	if err := checkLength("name", *req.Name, 128); err != nil {
		return fail(err)
	}
	cat.Name = *req.Name
	return ok(success())
}
