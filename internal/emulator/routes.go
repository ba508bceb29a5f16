package emulator

// routes registers every operation the emulator serves, by the spec's path
// and operationId (which Stats counts by), with the scope Kinde requires.
func (s *Server) routes() {
	const (
		org    = "/api/v1/organization"
		orgs   = "/api/v1/organizations/{org_code}"
		member = orgs + "/users/{user_id}"
		conns  = "/api/v1/organizations/{organization_code}/connections"
	)
	// Organizations.
	s.api("GET", org, "getOrganization", "read:organizations", s.getOrganization)
	s.api("POST", org, "createOrganization", "create:organizations", s.createOrganization)
	s.api("GET", "/api/v1/organizations", "getOrganizations", "read:organizations", s.getOrganizations)
	s.api("PATCH", org+"/{org_code}", "updateOrganization", "update:organizations", s.updateOrganization)
	s.api("DELETE", org+"/{org_code}", "deleteOrganization", "delete:organizations", s.deleteOrganization)
	s.api("DELETE", org+"/{org_code}/handle", "DeleteOrganizationHandle", "delete:organization_handles", s.deleteOrganizationHandle)

	// Members.
	s.api("GET", orgs+"/users", "GetOrganizationUsers", "read:organization_users", s.getOrganizationUsers)
	s.api("POST", orgs+"/users", "AddOrganizationUsers", "create:organization_users", s.addOrganizationUsers)
	s.api("PATCH", orgs+"/users", "UpdateOrganizationUsers", "update:organization_users", s.updateOrganizationUsers)
	s.api("DELETE", member, "RemoveOrganizationUser", "delete:organization_users", s.removeOrganizationUser)
	s.api("GET", member+"/roles", "GetOrganizationUserRoles", "read:organization_user_roles", s.getOrganizationUserRoles)
	s.api("POST", member+"/roles", "CreateOrganizationUserRole", "create:organization_user_roles", s.createOrganizationUserRole)
	s.api("DELETE", member+"/roles/{role_id}", "DeleteOrganizationUserRole", "delete:organization_user_roles", s.deleteOrganizationUserRole)
	s.api("GET", member+"/permissions", "GetOrganizationUserPermissions", "read:organization_user_permissions", s.getOrganizationUserPermissions)
	s.api("POST", member+"/permissions", "CreateOrganizationUserPermission", "create:organization_user_permissions", s.createOrganizationUserPermission)
	s.api("DELETE", member+"/permissions/{permission_id}", "DeleteOrganizationUserPermission", "delete:organization_user_permissions", s.deleteOrganizationUserPermission)

	// Organization settings.
	s.api("GET", orgs+"/feature_flags", "GetOrganizationFeatureFlags", "read:organization_feature_flags", s.getOrganizationFeatureFlags)
	s.api("DELETE", orgs+"/feature_flags", "DeleteOrganizationFeatureFlagOverrides", "delete:organization_feature_flags", s.deleteOrganizationFeatureFlagOverrides)
	s.api("PATCH", orgs+"/feature_flags/{feature_flag_key}", "UpdateOrganizationFeatureFlagOverride", "update:organization_feature_flags", s.updateOrganizationFeatureFlagOverride)
	s.api("DELETE", orgs+"/feature_flags/{feature_flag_key}", "DeleteOrganizationFeatureFlagOverride", "delete:organization_feature_flags", s.deleteOrganizationFeatureFlagOverride)
	s.api("GET", orgs+"/properties", "GetOrganizationPropertyValues", "read:organization_properties", s.getOrganizationPropertyValues)
	s.api("PATCH", orgs+"/properties", "UpdateOrganizationProperties", "update:organization_properties", s.updateOrganizationProperties)
	s.api("PUT", orgs+"/properties/{property_key}", "UpdateOrganizationProperty", "update:organization_properties", s.updateOrganizationProperty)
	s.api("GET", conns, "GetOrganizationConnections", "read:organization_connections", s.getOrganizationConnections)
	s.api("POST", conns+"/{connection_id}", "EnableOrgConnection", "create:organization_connections", s.enableOrgConnection)
	s.api("DELETE", conns+"/{connection_id}", "RemoveOrgConnection", "delete:organization_connections", s.removeOrgConnection)
	s.api("GET", orgs+"/logos", "ReadOrganizationLogo", "read:organizations", s.readOrganizationLogo)
	s.api("POST", orgs+"/logos/{type}", "AddOrganizationLogo", "update:organizations", s.addOrganizationLogo)
	s.api("DELETE", orgs+"/logos/{type}", "DeleteOrganizationLogo", "update:organizations", s.deleteOrganizationLogo)
	s.api("PUT", orgs+"/mfa", "ReplaceOrganizationMFA", "update:organization_mfa", s.replaceOrganizationMFA)
	s.api("PATCH", orgs+"/sessions", "UpdateOrganizationSessions", "update:organizations", s.updateOrganizationSessions)

	// Environment.
	s.api("GET", "/api/v1/roles", "GetRoles", "read:roles", s.getRoles)
	s.api("GET", "/api/v1/roles/{role_id}/permissions", "GetRolePermissions", "read:role_permissions", s.getRolePermissions)
	s.api("GET", "/api/v1/permissions", "GetPermissions", "read:permissions", s.getPermissions)
	s.api("GET", "/api/v1/environment/feature_flags", "GetEnvironementFeatureFlags", "read:environment_feature_flags", s.getEnvironmentFeatureFlags)
	s.api("GET", "/api/v1/properties", "GetProperties", "read:properties", s.getProperties)
	s.api("POST", "/api/v1/properties", "CreateProperty", "create:properties", s.createProperty)
	s.api("GET", "/api/v1/property_categories", "GetCategories", "read:property_categories", s.getCategories)
	s.api("POST", "/api/v1/property_categories", "CreateCategory", "create:property_categories", s.createCategory)
	s.api("GET", "/api/v1/connections", "GetConnections", "read:connections", s.getConnections)
	s.api("GET", "/api/v1/users", "getUsers", "read:users", s.getUsers)
	s.api("POST", "/api/v1/user", "createUser", "create:users", s.createUser)

	s.extraRoutes()

	s.mux.HandleFunc("POST /oauth2/token", s.token)
	s.mux.HandleFunc("GET "+JWKSPath, s.jwks)
	s.mux.HandleFunc("/", s.unknownRoute)
}
