// Package render writes a plan for people (text with optional colour,
// markdown for pull requests, split under GitHub's comment limit) and for
// machines (the JSON plan of DESIGN §5, and reading it back), always on an
// injected io.Writer.
//
// It imports plan and spec only: never the client, live or apply.
package render
