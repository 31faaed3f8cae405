package agents

// NegMASTarget exposes the negmas convention's target to the external
// tests: exponent e, tolerance tol, time t, range [lo, hi].
func NegMASTarget(e, tol, t, lo, hi float64) float64 {
	m := &timeDependentMaker{conv: conventionNegmas, e: e, tol: tol}
	return m.target(t, lo, hi)
}
