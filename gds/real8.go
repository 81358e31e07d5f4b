package gds

import (
	"errors"
	"math"
)

// GDSII 8-byte reals are excess-64 base-16 floating point numbers: a sign
// bit, a 7-bit exponent E and a 56-bit fraction M, value (-1)^s * M/2^56 *
// 16^(E-64). Every float64 in range converts to GDSII exactly (53 bits fit
// in 56 whatever the base-16 alignment needs); a GDSII real with more than 53
// significant bits rounds to the nearest float64, ties to even.

// ErrRealRange is returned for a float64 that a GDSII real cannot hold (NaN,
// an infinity, or a magnitude of 16^63 or more).
var ErrRealRange = errors.New("value out of the GDSII real range")

// DecodeReal8 converts the bits of a GDSII 8-byte real into a float64,
// correctly rounded.
func DecodeReal8(bits uint64) float64 {
	mant := bits & (1<<56 - 1)
	if mant == 0 {
		return 0
	}
	exp := int((bits >> 56) & 0x7f)
	v := math.Ldexp(float64(mant), 4*(exp-64)-56)
	if bits>>63 != 0 {
		v = -v
	}
	return v
}

// EncodeReal8 converts a float64 into the bits of a GDSII 8-byte real,
// exactly within the normal range (down to 16^-65). Smaller magnitudes are
// denormalised (exponent 0, fraction shifted right, the bits that do not
// fit dropped) and become zero below 2^-56 * 16^-64.
func EncodeReal8(v float64) (uint64, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, ErrRealRange
	}
	if v == 0 {
		return 0, nil
	}
	var sign uint64
	if v < 0 {
		sign = 1 << 63
		v = -v
	}
	frac, e := math.Frexp(v) // v = frac * 2^e, frac in [0.5, 1)
	// Find k with 4k >= e and r = 4k-e in 0..3: v = (frac*2^-r) * 16^k.
	k := e / 4
	if 4*k < e {
		k++
	}
	r := 4*k - e
	exp := k + 64
	if exp > 127 {
		return 0, ErrRealRange
	}
	shift := 56 - r
	if exp < 0 {
		// Denormalise: a smaller exponent needs a right-shifted fraction.
		shift -= 4 * (-exp)
		exp = 0
		if shift < 0 {
			return 0, nil
		}
	}
	mant := uint64(math.Ldexp(frac, shift))
	if mant == 0 {
		return 0, nil
	}
	return sign | uint64(exp)<<56 | mant, nil
}
