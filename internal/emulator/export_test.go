package emulator

import "reflect"

// Normalized reports whether the server's state is already in the order a
// whole normalize gives: the writes that normalize only their org must
// leave nothing else out of order.
func (s *Server) Normalized() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.clone()
	c.normalize()
	return reflect.DeepEqual(c, s.st.clone())
}
