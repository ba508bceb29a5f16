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

	// The environment catalog's writes.
	const (
		role = "/api/v1/roles/{role_id}"
		flag = "/api/v1/feature_flags/{feature_flag_key}"
		env  = "/api/v1/environment/feature_flags"
	)
	s.api("POST", "/api/v1/roles", "CreateRole", "create:roles", s.createRole)
	s.api("GET", role, "GetRole", "read:roles", s.getRole)
	s.api("PATCH", role, "UpdateRoles", "update:roles", s.updateRoles)
	s.api("DELETE", role, "DeleteRole", "delete:roles", s.deleteRole)
	s.api("PATCH", role+"/permissions", "UpdateRolePermissions", "update:role_permissions", s.updateRolePermissions)
	s.api("DELETE", role+"/permissions/{permission_id}", "RemoveRolePermission", "delete:role_permissions", s.removeRolePermission)
	s.api("POST", "/api/v1/permissions", "CreatePermission", "create:permissions", s.createPermission)
	s.api("PATCH", "/api/v1/permissions/{permission_id}", "UpdatePermissions", "update:permissions", s.updatePermissions)
	s.api("DELETE", "/api/v1/permissions/{permission_id}", "DeletePermission", "delete:permissions", s.deletePermission)
	s.api("POST", "/api/v1/feature_flags", "CreateFeatureFlag", "create:feature_flags", s.createFeatureFlag)
	s.api("PUT", flag, "UpdateFeatureFlag", "update:feature_flags", s.updateFeatureFlag)
	s.api("DELETE", flag, "DeleteFeatureFlag", "delete:feature_flags", s.deleteFeatureFlag)
	s.api("DELETE", env, "DeleteEnvironementFeatureFlagOverrides", "delete:environment_feature_flags", s.deleteEnvironmentFeatureFlagOverrides)
	s.api("PATCH", env+"/{feature_flag_key}", "UpdateEnvironementFeatureFlagOverride", "update:environment_feature_flags", s.updateEnvironmentFeatureFlagOverride)
	s.api("DELETE", env+"/{feature_flag_key}", "DeleteEnvironementFeatureFlagOverride", "delete:environment_feature_flags", s.deleteEnvironmentFeatureFlagOverride)
	s.api("PUT", "/api/v1/properties/{property_id}", "UpdateProperty", "update:properties", s.updateProperty)
	s.api("DELETE", "/api/v1/properties/{property_id}", "DeleteProperty", "delete:properties", s.deleteProperty)
	s.api("PUT", "/api/v1/property_categories/{category_id}", "UpdateCategory", "update:property_categories", s.updateCategory)

	// Connections, users and their identities, invitations.
	const (
		conn   = "/api/v1/connections/{connection_id}"
		app    = "/api/v1/applications/{application_id}"
		invite = "/api/v1/organization/{org_code}/invites"
	)
	s.api("POST", "/api/v1/connections", "CreateConnection", "create:connections", s.createConnection)
	s.api("GET", conn, "GetConnection", "read:connections", s.getConnection)
	s.api("PATCH", conn, "UpdateConnection", "update:connections", s.updateConnection)
	s.api("PUT", conn, "ReplaceConnection", "update:connections", s.replaceConnection)
	s.api("DELETE", conn, "deleteConnection", "delete:connections", s.deleteConnection)
	s.api("GET", "/api/v1/user", "getUserData", "read:users", s.getUserData)
	s.api("PATCH", "/api/v1/user", "updateUser", "update:users", s.updateUser)
	s.api("DELETE", "/api/v1/user", "deleteUser", "delete:users", s.deleteUser)
	s.api("GET", "/api/v1/users/{user_id}/identities", "GetUserIdentities", "read:user_identities", s.getUserIdentities)
	s.api("POST", "/api/v1/users/{user_id}/identities", "CreateUserIdentity", "create:user_identities", s.createUserIdentity)
	s.api("GET", "/api/v1/applications", "getApplications", "read:applications", s.getApplications)
	s.api("POST", "/api/v1/applications", "createApplication", "create:applications", s.createApplication)
	s.api("GET", app, "getApplication", "read:applications", s.getApplication)
	s.api("PATCH", app, "updateApplication", "update:applications", s.updateApplication)
	s.api("DELETE", app, "deleteApplication", "delete:applications", s.deleteApplication)
	s.api("GET", app+"/connections", "GetApplicationConnections", "read:application_connections", s.getApplicationConnections)
	s.api("POST", app+"/connections/{connection_id}", "EnableConnection", "create:application_connections", s.enableConnection)
	s.api("DELETE", app+"/connections/{connection_id}", "RemoveConnection", "delete:application_connections", s.removeConnection)
	s.api("PATCH", api+"/applications", "updateAPIApplications", "update:apis", s.updateAPIApplications)
	s.api("GET", "/api/v1/identities/{identity_id}", "GetIdentity", "read:identities", s.getIdentity)
	s.api("PATCH", "/api/v1/identities/{identity_id}", "UpdateIdentity", "update:identities", s.updateIdentity)
	s.api("DELETE", "/api/v1/identities/{identity_id}", "DeleteIdentity", "delete:identities", s.deleteIdentity)
	s.api("GET", invite, "getOrganizationInvites", "read:organization_invites", s.getOrganizationInvites)
	s.api("POST", invite, "createOrganizationInvite", "create:organization_invites", s.createOrganizationInvite)
	s.api("GET", invite+"/{invite_code}", "getOrganizationInvite", "read:organization_invites", s.getOrganizationInvite)
	s.api("DELETE", invite+"/{invite_code}", "deleteOrganizationInvite", "delete:organization_invites", s.deleteOrganizationInvite)
}
