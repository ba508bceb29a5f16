// Package emulator is a stateful, in-memory fake of the Kinde Management API
// served over real HTTP (DESIGN §6). It answers the operations kindesync uses
// (see routes.go), and those other clients use (routes_extra.go: APIs and
// their scopes, applications, members' API scopes and MFA, the catalog's
// writes, users, identities, invitations), with the spec's shapes and status
// codes, keeps Kinde's quirks (DESIGN §3), enforces the documented limits,
// and has knobs for latency, a rate limit, a cap on requests in flight and
// injected faults.
// docs/emulator.md lists every operation served, every knob, and every place
// where the emulator follows live Kinde against the spec; a test checks that
// it names each operation and each field of Options.
//
// In a test, use package emulatortest. In the CLI:
//
//	st, err := emulator.LoadState(path)
//	srv, err := emulator.New(st, emulator.Options{})
//	base, err := srv.Start("127.0.0.1:0")
//	defer srv.Close()
//	... talk to base ...
//	err = emulator.SaveState(path, srv.Snapshot())
//
// # State file
//
// The YAML of DESIGN §2 plus `environment` and `users`, read strictly
// (unknown keys are errors, every problem reported as file:line:col):
//
//	version: 1
//	environment:
//	  roles:         [{key: admin, name: Admin, permissions: [reports:read]}]
//	  permissions:   [{key: reports:read, name: Read reports}]
//	  feature_flags: [{key: dark_mode, type: bool, default: false}, {key: seats, type: int, default: 5}]
//	  property_categories: [{id: cat_0192b7e8b4f8ca08110d2b22059662a8, name: General, context: org}]
//	  properties:    [{key: kp_org_city, name: City}]          # context org, single_line_text by default
//	  connections:   [{id: conn_0192c16abb53b44277e597d31877ba5b, name: Google, strategy: "oauth2:google"}]
//	users:
//	  - {id: kp_5ce676e5d6a24bc9aac2fba35a46e958, email: alice@acme.com, first_name: Alice}
//	organizations:
//	  - {code: org_1ccfb819462, is_default: true, name: Default Organization}
//	  - code: org_7d45b01ef13            # left out: derived from name, external_id and handle
//	    name: Acme
//	    external_id: acme
//	    handle: acme
//	    button_color: "#0055ff"           # stored as written, served as {raw, hex, hsl}
//	    is_enforce_mfa: true              # write-only: stored, never served
//	    mfa: {enabled_factors: [mfa:email]}
//	    sessions: {authenticated_session_lifetime: 86400}
//	    connections: [Google]             # by name or id
//	    feature_flags: {seats: 50}        # overrides, typed by the flag's type
//	    properties: {kp_org_city: Sydney}
//	    logos:
//	      light: logos/acme.png           # a path relative to the state file, or
//	      dark: {file_name: acme-dark.png, data: iVBORw0KGgo...}   # inline, base64
//	    members:
//	      - {email: alice@acme.com, roles: [admin], permissions: [reports:read]}
//
// Optional, for the routes of routes_extra.go: environment.apis
// ([{name, audience, scopes: [{key}], applications: [ids]}]),
// environment.applications ([{name, type: reg, connections: [Google],
// settings: {is_ask_for_name: true}}]), a flag's allow_override_level and
// environment-level override, a connection's organization_code, a user's
// picture, identities ([{type: username, name: alice}]) and
// email_identity_id, an
// organization's is_directory_synced and invites, and a member's api_scopes
// ({audience: [scope keys]}) and mfa_factors ([{type: sms, name: ...}]).
// Times are RFC 3339 strings.
//
// Ids left out (of roles, permissions, properties, categories, connections,
// users, organizations) are derived from what they identify, so they are the
// same at every load; ids of things created through the API come from
// Options.Seed. A state without a default organization gets one. Members,
// role and permission references must name users, roles and permissions of
// the file. SaveState writes the canonical form: lists sorted by identity
// (users and members by email, the default organization first), names that
// equal their key left out, logos as the path they were read from while that
// file still holds them and inline otherwise.
//
// # Behaviour worth knowing
//
//   - Bad credentials on the API are 403 (the spec's forbidden response),
//     with codes TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED; a scope the
//     token does not grant (Options.Scopes) is 403 SCOPE_MISSING naming it.
//     The token endpoint answers RFC 6749 errors (401 invalid_client, 400
//     ...). Tokens are RS256 JWTs with a kid, whose key GET
//     /.well-known/jwks.json serves, with scp and scope claims (auth.go).
//
// # Where it follows live Kinde against the spec
//
// (Each with its source in docs/emulator.md; internal/contract accepts these
// shapes, and only these, in contract/deviations.go.)
//
//   - Nullable fields are null when unset, never "" (views.go), and
//     created_on, joined_on, suspended_on are real RFC 3339 times from
//     Options.Now, kept in the state file; those a file does not give are
//     served as the emulator's start and not written back.
//   - Connection lists are flat objects, not {connection: {...}}.
//   - Unknown request fields are ignored, and counted in Stats.UnknownFields
//     and logged (unknown.go); emulatortest fails a test that sent one.
//   - Feature flags of type json are served with their object as the value;
//     int flags are 32-bit (a decimal trimmed); an org override needs the
//     flag's allow_override_level to be org or usr (flagvalues.go).
//   - Logos are PNG, JPEG, GIF, SVG, AVIF or WebP by content, at most 1 MiB
//     (logos.go).
//   - A bulk add naming a member succeeds as the spec documents, or with
//     Options.ConflictOnExistingMember answers 409, as Kinde's Terraform
//     provider expects.
//   - create_organization answers billing_customer_id when asked to create a
//     billing customer.
//
// # Other behaviour worth knowing
//
//   - An unknown organization is a 404 in not_found_response shape (errors an
//     object) where the operation declares a 404 (deleteOrganization), and a
//     400 ORGANIZATION_INVALID elsewhere. Unknown routes are 404 ROUTE_NOT_FOUND.
//   - Adding what is there already (a role, a permission, a connection, a
//     member) changes nothing and succeeds; removing what is not there is a
//     400, except feature flag overrides (200) and logos (the spec's 204).
//   - Organization user permissions list the roles granting each permission
//     only with expand=roles (the spec's parameter); a direct grant has [].
//   - An empty property value (PUT ?value= or PATCH "" or null) removes the
//     value, which then reads back as null.
//   - PATCH /organizations/{org_code}/users sets the roles and permissions it
//     is sent for members (lists left out stay), adds non-members, and removes
//     those with operation delete.
//   - Rate limiting and faults apply to API operations, not to /oauth2/token;
//     latency and the cap on requests in flight apply to every request,
//     except that with Options.Shed only API operations are capped, and
//     shed with 429 rather than queued. The rate limiter is a token bucket
//     or fixed windows of a second or a minute (ratelimit.go).
//   - next_token carries a MAC: a token the emulator did not issue is a 400.
//   - Catalog writes keep references whole: a role or permission key that
//     changes is renamed in roles, members and invitations; deleting a role,
//     permission, flag, property, connection, API, scope or user removes it
//     from everything that held it. A flag's allow_override_level cannot
//     change, nor its type while anything overrides it.
//   - Invitations are capped per organization by Options.InviteActiveLimit
//     and InviteDailyLimit (the spec names both limits, not their values);
//     going over either, or inviting to an is_directory_synced organization,
//     is a 400. A connection's options are checked for shape, never kept.
//   - Where live Kinde is known to differ from the spec (kinde-go's tests
//     run against a live tenant), the emulator follows live Kinde: a created
//     permission's id is answered in permission.id; a role update keeps the
//     name or key it leaves out; connections, properties and categories
//     list in creation order (their ids grow, like Kinde's time-ordered ones).
package emulator
