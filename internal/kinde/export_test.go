package kinde

// FakeClock lends the package's test clock to the external tests
// (package kinde_test) that drive the client against the emulator.
type FakeClock = fakeClock

// NewFakeClock returns a FakeClock at a fixed instant.
func NewFakeClock() *FakeClock { return newFakeClock() }
