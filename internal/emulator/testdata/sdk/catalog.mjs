// Drives @kinde/management-api-js over the environment catalog (roles,
// permissions, feature flags, properties and categories, connections, APIs
// and their scopes) and users, as orgs.mjs does over organizations; run by
// TestManagementAPIJS with the same environment, printing the same lines.
const { init, Roles, Permissions, FeatureFlags, Environments, Properties, PropertyCategories, Connections, Apis, Users } =
  await import(process.env.KINDE_SDK);

init();

const acme = "org_7d45b01ef13";

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function check(name, fn) {
  try {
    await fn();
    console.log(JSON.stringify({ name, ok: true }));
  } catch (e) {
    const body = e && e.body !== undefined ? " " + JSON.stringify(e.body) : "";
    const status = e && e.status ? ` (status ${e.status})` : "";
    console.log(JSON.stringify({ name, ok: false, error: String((e && e.message) || e) + status + body }));
  }
}

const find = (list, pred, what) => {
  const x = list.find(pred);
  assert(x, what + " not found in " + JSON.stringify(list));
  return x;
};

let perm, role, prop, cat, conn, api, scope, user;

await check("createPermission", async () => {
  await Permissions.createPermission({ requestBody: { name: "Export reports", key: "reports:export", description: "d" } });
  perm = find((await Permissions.getPermissions({ pageSize: 500 })).permissions, (p) => p.key === "reports:export", "permission").id;
});
await check("updatePermissions", async () => {
  await Permissions.updatePermissions({ permissionId: perm, requestBody: { name: "Export all reports" } });
});
await check("createRole", async () => {
  await Roles.createRole({ requestBody: { name: "Auditor", key: "auditor", description: "Reads", is_default_role: false } });
  role = find((await Roles.getRoles({ pageSize: 500 })).roles, (r) => r.key === "auditor", "role").id;
});
await check("getRole", async () => {
  const r = await Roles.getRole({ roleId: role });
  assert(JSON.stringify(r).includes("Auditor"), JSON.stringify(r));
});
await check("updateRoles", async () => {
  await Roles.updateRoles({ roleId: role, requestBody: { name: "Auditors", key: "auditor" } });
});
await check("updateRolePermissions", async () => {
  await Roles.updateRolePermissions({ roleId: role, requestBody: { permissions: [{ id: perm }] } });
});
await check("getRolePermissions", async () => {
  const r = await Roles.getRolePermissions({ roleId: role, pageSize: 500 });
  assert(r.permissions.some((p) => p.id === perm), JSON.stringify(r));
});
await check("removeRolePermission", async () => {
  await Roles.removeRolePermission({ roleId: role, permissionId: perm });
});
await check("deleteRole", async () => {
  await Roles.deleteRole({ roleId: role });
});
await check("deletePermission", async () => {
  await Permissions.deletePermission({ permissionId: perm });
});

await check("createFeatureFlag", async () => {
  await FeatureFlags.createFeatureFlag({
    requestBody: { name: "Beta", key: "beta", type: "bool", allow_override_level: "org", default_value: "false" },
  });
});
await check("updateFeatureFlag", async () => {
  await FeatureFlags.updateFeatureFlag({
    featureFlagKey: "beta", name: "Beta 2", description: "d", type: "bool", allowOverrideLevel: "org", defaultValue: "true",
  });
});
await check("updateEnvironementFeatureFlagOverride", async () => {
  await Environments.updateEnvironementFeatureFlagOverride({ featureFlagKey: "beta", requestBody: { value: "false" } });
});
await check("getEnvironementFeatureFlags", async () => {
  const r = await Environments.getEnvironementFeatureFlags();
  assert(r.feature_flags.beta.value === "false", JSON.stringify(r.feature_flags));
});
await check("deleteEnvironementFeatureFlagOverride", async () => {
  await Environments.deleteEnvironementFeatureFlagOverride({ featureFlagKey: "beta" });
});
await check("deleteEnvironementFeatureFlagOverrides", async () => {
  await Environments.deleteEnvironementFeatureFlagOverrides();
});
await check("deleteFeatureFlag", async () => {
  await FeatureFlags.deleteFeatureFlag({ featureFlagKey: "beta" });
});

await check("createCategory", async () => {
  const r = await PropertyCategories.createCategory({ requestBody: { name: "Billing", context: "org" } });
  cat = r.category.id;
});
await check("updateCategory", async () => {
  await PropertyCategories.updateCategory({ categoryId: cat, requestBody: { name: "Billing details" } });
});
await check("getCategories", async () => {
  const r = await PropertyCategories.getCategories({ pageSize: 500 });
  assert(r.categories.some((c) => c.id === cat && c.name === "Billing details"), JSON.stringify(r));
});
await check("createProperty", async () => {
  const r = await Properties.createProperty({
    requestBody: { name: "Plan", key: "kp_org_plan", type: "single_line_text", context: "org", is_private: true, category_id: cat },
  });
  prop = r.property.id;
});
await check("updateProperty", async () => {
  await Properties.updateProperty({ propertyId: prop, requestBody: { name: "Plan name", is_private: false, category_id: cat } });
});
await check("getProperties", async () => {
  const r = await Properties.getProperties({ pageSize: 500, context: "org" });
  assert(r.properties.some((p) => p.id === prop), JSON.stringify(r));
});
await check("deleteProperty", async () => {
  await Properties.deleteProperty({ propertyId: prop });
});

await check("createConnection (org-managed enterprise)", async () => {
  const r = await Connections.createConnection({
    requestBody: { name: "Acme Okta", display_name: "Acme", strategy: "saml:okta", organization_code: acme },
  });
  conn = r.connection.id;
});
await check("getConnection", async () => {
  const r = await Connections.getConnection({ connectionId: conn });
  assert(JSON.stringify(r).includes("Acme Okta"), JSON.stringify(r));
});
await check("updateConnection", async () => {
  await Connections.updateConnection({ connectionId: conn, requestBody: { display_name: "Acme SSO 2" } });
});
await check("replaceConnection", async () => {
  await Connections.replaceConnection({ connectionId: conn, requestBody: { name: "Acme Okta", display_name: "Acme SSO 3" } });
});
await check("getConnections (flat)", async () => {
  const r = await Connections.getConnections({ pageSize: 500 });
  assert(r.connections.every((c) => typeof c.id === "string" && c.connection === undefined), JSON.stringify(r));
});
await check("deleteConnection", async () => {
  await Connections.deleteConnection({ connectionId: conn });
});

await check("addApis", async () => {
  const r = await Apis.addApis({ requestBody: { name: "Analytics", audience: "https://analytics.acme.com" } });
  api = r.api.id;
});
await check("getApis", async () => {
  const r = await Apis.getApis({});
  assert(JSON.stringify(r).includes("https://analytics.acme.com"), JSON.stringify(r));
});
await check("getApi", async () => {
  const r = await Apis.getApi({ apiId: api });
  assert(JSON.stringify(r).includes("Analytics"), JSON.stringify(r));
});
await check("addApiScope", async () => {
  const r = await Apis.addApiScope({ apiId: api, requestBody: { key: "read:charts", description: "Read charts" } });
  scope = r.scope.id;
});
await check("getApiScopes", async () => {
  const r = await Apis.getApiScopes({ apiId: api });
  assert(JSON.stringify(r).includes("read:charts"), JSON.stringify(r));
});
await check("getApiScope", async () => {
  const r = await Apis.getApiScope({ apiId: api, scopeId: scope });
  assert(JSON.stringify(r).includes("read:charts"), JSON.stringify(r));
});
await check("updateApiScope", async () => {
  await Apis.updateApiScope({ apiId: api, scopeId: scope, requestBody: { description: "Read all charts" } });
});
await check("deleteApiScope", async () => {
  await Apis.deleteApiScope({ apiId: api, scopeId: scope });
});
await check("deleteApi", async () => {
  await Apis.deleteApi({ apiId: api });
});

await check("createUser", async () => {
  const r = await Users.createUser({
    requestBody: { profile: { given_name: "Gail", family_name: "G" }, identities: [{ type: "email", details: { email: "gail@acme.com" } }] },
  });
  user = r.id;
  assert(user, JSON.stringify(r));
});
await check("getUserData", async () => {
  const r = await Users.getUserData({ id: user });
  assert(JSON.stringify(r).includes("Gail"), JSON.stringify(r));
});
await check("updateUser", async () => {
  await Users.updateUser({ id: user, requestBody: { given_name: "Gale" } });
});
await check("createUserIdentity", async () => {
  await Users.createUserIdentity({ userId: user, requestBody: { value: "gail", type: "username" } });
});
await check("getUserIdentities", async () => {
  const r = await Users.getUserIdentities({ userId: user });
  assert(JSON.stringify(r).includes("gail"), JSON.stringify(r));
});
await check("deleteUser", async () => {
  await Users.deleteUser({ id: user });
});
