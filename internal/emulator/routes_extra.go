package emulator

// extraRoutes registers the operations kindesync does not send but other
// clients of the Management API do, as routes does: by path, operationId
// and the scope of the spec.
func (s *Server) extraRoutes() {
	const (
		member = "/api/v1/organizations/{org_code}/users/{user_id}"
		api    = "/api/v1/apis/{api_id}"
	)
	// Organization members: API scopes and MFA.
	s.api("POST", member+"/apis/{api_id}/scopes/{scope_id}", "addOrganizationUserAPIScope", "create:organization_user_api_scopes", s.addOrganizationUserAPIScope)
	s.api("DELETE", member+"/apis/{api_id}/scopes/{scope_id}", "deleteOrganizationUserAPIScope", "delete:organization_user_api_scopes", s.deleteOrganizationUserAPIScope)
	s.api("GET", member+"/mfa", "GetOrgUserMFA", "read:organization_user_mfa", s.getOrgUserMFA)
	s.api("DELETE", member+"/mfa", "ResetOrgUserMFAAll", "delete:organization_user_mfa", s.resetOrgUserMFAAll)
	s.api("DELETE", member+"/mfa/{factor_id}", "ResetOrgUserMFA", "delete:organization_user_mfa", s.resetOrgUserMFA)

	// APIs and their scopes.
	s.api("GET", "/api/v1/apis", "getAPIs", "read:apis", s.getAPIs)
	s.api("POST", "/api/v1/apis", "addAPIs", "create:apis", s.addAPIs)
	s.api("GET", api, "getAPI", "read:apis", s.getAPI)
	s.api("DELETE", api, "deleteAPI", "delete:apis", s.deleteAPI)
	s.api("GET", api+"/scopes", "getAPIScopes", "read:api_scopes", s.getAPIScopes)
	s.api("POST", api+"/scopes", "addAPIScope", "create:api_scopes", s.addAPIScope)
	s.api("GET", api+"/scopes/{scope_id}", "getAPIScope", "read:api_scopes", s.getAPIScope)
	s.api("PATCH", api+"/scopes/{scope_id}", "updateAPIScope", "update:api_scopes", s.updateAPIScope)
	s.api("DELETE", api+"/scopes/{scope_id}", "deleteAPIScope", "delete:apis_scopes", s.deleteAPIScope)
}
