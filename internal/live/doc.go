// Package live reads Kinde into the shape the plan diffs (plan.Live): the
// environment catalog, only the parts of each organization the files manage,
// the users they name; the catalog from live state for name checks; export's
// conversion back to the spec model; and the re-read and fingerprints that
// decide whether a saved plan is stale.
//
// It imports kinde (through the small Source interface), spec and plan's
// types; never render, apply or cli.
package live
