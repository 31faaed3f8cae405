// Package numtext writes numbers and counts as parley's scenario files and
// messages write them, so that package scenarios and package
// scenarios/genius (whose converted scenarios scenarios reads back) agree to
// the byte.
package numtext

import (
	"math"
	"strconv"
)

// Decimal returns the shortest decimal that reads back as the same
// float64, without an exponent for magnitudes in [1e-6, 1e21): the form of
// numbers in parley's messages, value ids of numeric issues and canonical
// scenarios. Zero, positive or negative, is "0".
func Decimal(x float64) string {
	if x == 0 {
		return "0"
	}
	if a := math.Abs(x); a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Shortest returns the shortest text that reads back as the same float64,
// in strconv's 'g' form (an exponent from 1e21 up and below 1e-4): the
// form of sweep values and of numbers in converted GENIUS scenarios. Zero,
// positive or negative, is "0".
func Shortest(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Noun returns noun, with an s added unless n is 1: Noun(2, "issue") is
// "issues".
func Noun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// Count returns n and noun, pluralised: "1 issue", "3 issues".
func Count(n int, noun string) string {
	return strconv.Itoa(n) + " " + Noun(n, noun)
}
