// Drives Kinde's own Management API client, @kinde/management-api-js, over
// the organization operations the emulator serves, against an emulator over
// TLS. Run by TestManagementAPIJS (sdk_test.go), which starts the emulator
// and passes KINDE_DOMAIN, the credentials, NODE_EXTRA_CA_CERTS and KINDE_SDK
// (a file URL of the package's ES module). Prints one JSON line per check:
// {"name": ..., "ok": true|false, "error": ...}.
const { init, getToken, validateToken, Organizations, Users, Roles, Permissions } = await import(process.env.KINDE_SDK);

init();

const acme = "org_7d45b01ef13";
const googleConn = "conn_0192c16abb53b44277e597d31877ba5b";
const reportsAPI = "7ccd126599aa422a771abcb341596881";
const readReports = "api_scope_0193ab57965aef77b2b687d0ef673713";
const aliceSMS = "mfa_0193278a00ac29b3f6d4e4d462d55c48";
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

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

let token, alice, carol, viewer, reportsRead, code, invite;

await check("token", async () => {
  token = await getToken();
  assert(typeof token === "string" && token.split(".").length === 3, "not a JWT");
});
await check("validateToken (RS256 against the JWKS)", async () => {
  assert(await validateToken(token, process.env.KINDE_DOMAIN + "/api"), "the token does not verify");
});
await check("look-ups (users, roles, permissions)", async () => {
  const users = await Users.getUsers({ pageSize: 500 });
  alice = users.users.find((u) => u.email === "alice@acme.com").id;
  carol = users.users.find((u) => u.email === "carol@acme.com").id;
  viewer = (await Roles.getRoles({ pageSize: 500 })).roles.find((r) => r.key === "viewer").id;
  reportsRead = (await Permissions.getPermissions({ pageSize: 500 })).permissions.find((p) => p.key === "reports:read").id;
});

await check("getOrganizations", async () => {
  const r = await Organizations.getOrganizations({ pageSize: 500 });
  assert(r.organizations.some((o) => o.code === acme), "acme missing");
  assert(r.organizations.find((o) => o.code === acme).handle === null, "unset handle is not null");
});
await check("getOrganization", async () => {
  const o = await Organizations.getOrganization({ code: acme });
  assert(o.name === "Acme", "name " + o.name);
  assert(iso.test(o.created_on), "created_on " + o.created_on);
  assert(o.sender_email === null && o.logo === null, "unset fields are not null");
});
await check("createOrganization (with a billing customer)", async () => {
  const r = await Organizations.createOrganization({
    requestBody: { name: "SDK Org", handle: "sdk_org", external_id: "sdk-1", is_create_billing_customer: true },
  });
  code = r.organization.code;
  assert(/^org_[0-9a-f]{11}$/.test(code), "code " + code);
  assert(typeof r.organization.billing_customer_id === "string", "no billing_customer_id");
});
await check("updateOrganization", async () => {
  await Organizations.updateOrganization({ orgCode: code, requestBody: { name: "SDK Org 2", button_color: "#00f" } });
  const o = await Organizations.getOrganization({ code });
  assert(o.name === "SDK Org 2" && o.button_color.hex === "#0000ff", JSON.stringify(o.button_color));
});
await check("deleteOrganizationHandle", async () => {
  await Organizations.deleteOrganizationHandle({ orgCode: code });
  assert((await Organizations.getOrganization({ code })).handle === null, "handle still set");
});

await check("getOrganizationUsers", async () => {
  const r = await Organizations.getOrganizationUsers({ orgCode: acme, pageSize: 500 });
  assert(r.organization_users.some((u) => u.id === alice && u.roles.includes("admin")), "alice missing");
  assert(r.organization_users.every((u) => iso.test(u.joined_on)), "joined_on");
});
await check("addOrganizationUsers", async () => {
  const r = await Organizations.addOrganizationUsers({ orgCode: code, requestBody: { users: [{ id: carol, roles: ["viewer"] }] } });
  assert(r.users_added.includes(carol), JSON.stringify(r));
});
await check("updateOrganizationUsers", async () => {
  const r = await Organizations.updateOrganizationUsers({ orgCode: code, requestBody: { users: [{ id: carol, roles: ["admin"] }] } });
  assert(r.users_updated.includes(carol), JSON.stringify(r));
});
await check("createOrganizationUserRole", async () => {
  await Organizations.createOrganizationUserRole({ orgCode: code, userId: carol, requestBody: { role_id: viewer } });
});
await check("getOrganizationUserRoles", async () => {
  const r = await Organizations.getOrganizationUserRoles({ orgCode: code, userId: carol });
  assert(r.roles.some((x) => x.key === "viewer"), JSON.stringify(r));
});
await check("deleteOrganizationUserRole", async () => {
  await Organizations.deleteOrganizationUserRole({ orgCode: code, userId: carol, roleId: viewer });
});
await check("createOrganizationUserPermission", async () => {
  await Organizations.createOrganizationUserPermission({ orgCode: code, userId: carol, requestBody: { permission_id: reportsRead } });
});
await check("getOrganizationUserPermissions", async () => {
  const r = await Organizations.getOrganizationUserPermissions({ orgCode: code, userId: carol, expand: "roles" });
  assert(r.permissions.some((p) => p.key === "reports:read"), JSON.stringify(r));
});
await check("deleteOrganizationUserPermission", async () => {
  await Organizations.deleteOrganizationUserPermission({ orgCode: code, userId: carol, permissionId: reportsRead });
});
await check("deleteOrganizationUserApiScope", async () => {
  await Organizations.deleteOrganizationUserApiScope({ orgCode: acme, userId: alice, apiId: reportsAPI, scopeId: readReports });
});
await check("addOrganizationUserApiScope", async () => {
  await Organizations.addOrganizationUserApiScope({ orgCode: acme, userId: alice, apiId: reportsAPI, scopeId: readReports });
});
await check("getOrgUserMfa", async () => {
  const r = await Organizations.getOrgUserMfa({ orgCode: acme, userId: alice });
  assert(JSON.stringify(r).includes(aliceSMS), JSON.stringify(r));
});
await check("resetOrgUserMfa", async () => {
  await Organizations.resetOrgUserMfa({ orgCode: acme, userId: alice, factorId: aliceSMS });
});
await check("resetOrgUserMfaAll", async () => {
  await Organizations.resetOrgUserMfaAll({ orgCode: acme, userId: alice });
});

await check("updateOrganizationFeatureFlagOverride", async () => {
  await Organizations.updateOrganizationFeatureFlagOverride({ orgCode: acme, featureFlagKey: "dark_mode", value: "true" });
});
await check("getOrganizationFeatureFlags", async () => {
  const r = await Organizations.getOrganizationFeatureFlags({ orgCode: acme });
  assert(r.feature_flags.dark_mode.value === "true", JSON.stringify(r.feature_flags));
});
await check("deleteOrganizationFeatureFlagOverride", async () => {
  await Organizations.deleteOrganizationFeatureFlagOverride({ orgCode: acme, featureFlagKey: "dark_mode" });
});
await check("deleteOrganizationFeatureFlagOverrides", async () => {
  await Organizations.deleteOrganizationFeatureFlagOverrides({ orgCode: acme });
});
await check("updateOrganizationProperty", async () => {
  await Organizations.updateOrganizationProperty({ orgCode: acme, propertyKey: "kp_org_city", value: "Perth" });
});
await check("updateOrganizationProperties", async () => {
  await Organizations.updateOrganizationProperties({ orgCode: acme, requestBody: { properties: { kp_org_city: "Hobart" } } });
});
await check("getOrganizationPropertyValues", async () => {
  const r = await Organizations.getOrganizationPropertyValues({ orgCode: acme });
  assert(r.properties.find((p) => p.key === "kp_org_city").value === "Hobart", JSON.stringify(r));
});
await check("replaceOrganizationMfa", async () => {
  await Organizations.replaceOrganizationMfa({ orgCode: acme, requestBody: { enabled_factors: ["mfa:email"], is_recovery_codes_enabled: true } });
});
await check("updateOrganizationSessions", async () => {
  await Organizations.updateOrganizationSessions({ orgCode: acme, requestBody: { is_use_org_sso_session_policy: true, authenticated_session_lifetime: 3600 } });
});
await check("addOrganizationLogo", async () => {
  await Organizations.addOrganizationLogo({ orgCode: acme, type: "light", formData: { logo: new Blob([png], { type: "image/png" }) } });
  assert((await Organizations.getOrganization({ code: acme })).logo.startsWith(process.env.KINDE_DOMAIN + "/logo?"), "logo URL");
});
await check("readOrganizationLogo", async () => {
  const r = await Organizations.readOrganizationLogo({ orgCode: acme });
  assert(r.logos.some((l) => l.type === "light"), JSON.stringify(r));
});
await check("deleteOrganizationLogo", async () => {
  await Organizations.deleteOrganizationLogo({ orgCode: acme, type: "light" });
});
await check("enableOrgConnection", async () => {
  await Organizations.enableOrgConnection({ organizationCode: code, connectionId: googleConn });
});
await check("getOrganizationConnections (flat)", async () => {
  const r = await Organizations.getOrganizationConnections({ organizationCode: code });
  assert(r.connections.some((c) => c.id === googleConn && c.name === "Google"), JSON.stringify(r));
});
await check("removeOrgConnection", async () => {
  await Organizations.removeOrgConnection({ organizationCode: code, connectionId: googleConn });
});

await check("createOrganizationInvite", async () => {
  const r = await Organizations.createOrganizationInvite({ orgCode: acme, requestBody: { email: "frank@acme.com", first_name: "Frank", roles: ["viewer"] } });
  invite = r.invite.code;
  assert(invite, JSON.stringify(r));
});
await check("getOrganizationInvites", async () => {
  const r = await Organizations.getOrganizationInvites({ orgCode: acme });
  assert(JSON.stringify(r).includes("frank@acme.com"), JSON.stringify(r));
});
await check("getOrganizationInvite", async () => {
  const r = await Organizations.getOrganizationInvite({ orgCode: acme, inviteCode: invite });
  assert(JSON.stringify(r).includes("frank@acme.com"), JSON.stringify(r));
});
await check("deleteOrganizationInvite", async () => {
  await Organizations.deleteOrganizationInvite({ orgCode: acme, inviteCode: invite });
});

await check("removeOrganizationUser", async () => {
  await Organizations.removeOrganizationUser({ orgCode: code, userId: carol });
});
await check("deleteOrganization", async () => {
  await Organizations.deleteOrganization({ orgCode: code });
});
await check("an error in Kinde's shape", async () => {
  try {
    await Organizations.getOrganization({ code: "org_00000000000" });
  } catch (e) {
    assert(e.status === 400 && e.body.errors[0].code === "ORGANIZATION_INVALID", JSON.stringify(e.body));
    return;
  }
  throw new Error("no error for an unknown organization");
});
