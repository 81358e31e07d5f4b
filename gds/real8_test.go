package gds

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/layoutmig/layoutmig/internal/shareddata"
)

// The smallest and largest powers of sixteen that bound the normalised GDSII
// real range: 16^-65 (exponent byte 0, fraction 1/16) and 16^63 (one past the
// largest value, exponent byte 127 with a full fraction).
var (
	real8Min  = math.Ldexp(1, -260)
	real8Over = math.Ldexp(1, 252)
)

func TestReal8KnownEncodings(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		bits uint64
	}{
		{"zero", 0, 0},
		{"one", 1, 0x4110000000000000},
		{"minus one", -1, 0xC110000000000000},
		{"one half", 0.5, 0x4080000000000000},
		{"one sixteenth", 0.0625, 0x4010000000000000},
		{"two", 2, 0x4120000000000000},
		{"ten", 10, 0x41A0000000000000},
		{"ninety degrees", 90, 0x425A000000000000},
		{"minus ninety degrees", -90, 0xC25A000000000000},
		{"one hundred eighty degrees", 180, 0x42B4000000000000},
		{"two hundred seventy degrees", 270, 0x4310E00000000000},
		// UNITS as the PDK libraries write them (see
		// TestReal8UnitsOfRealFiles): 1 nm database unit in µm user units.
		{"user unit 0.001 (sky130, gf180mcu, IHP)", 0.001, 0x3E4189374BC6A7F0},
		{"1e-9 metres per database unit", 1e-9, 0x3944B82FA09B5A54},
		{"user unit 0.0001 (Nangate45)", 1e-4, 0x3D68DB8BAC710CB4},
		{"1e-10 metres per database unit (Nangate45)", 1e-10, 0x386DF37F675EF6EC},
		{"user unit 0.00025 (ASAP7)", 0.00025, 0x3E10624DD2F1A9FC},
		{"2.5e-10 metres per database unit (ASAP7)", 2.5e-10, 0x39112E0BE826D695},
		{"smallest normalised real 16^-65", real8Min, 0x0010000000000000},
		{"largest real below 16^63", math.Nextafter(real8Over, 0), 0x7FFFFFFFFFFFFFF8},
		{"minus largest real below 16^63", -math.Nextafter(real8Over, 0), 0xFFFFFFFFFFFFFFF8},
		{"smallest denormalised real 2^-312", math.Ldexp(1, -312), 0x0000000000000001},
		{"tiny 1e-70", 1e-70, 0x06B0AF48EC79ACE8},
		{"huge 1e70", 1e70, 0x7B172EBAD6DDC73D},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EncodeReal8(tc.v)
			if err != nil {
				t.Fatalf("EncodeReal8(%g): %v", tc.v, err)
			}
			if got != tc.bits {
				t.Errorf("EncodeReal8(%g) = %#016x, want %#016x", tc.v, got, tc.bits)
			}
			if back := DecodeReal8(tc.bits); back != tc.v {
				t.Errorf("DecodeReal8(%#016x) = %g, want %g", tc.bits, back, tc.v)
			}
		})
	}
}

// Some writers do not normalise: a fraction with leading zero nibbles is
// still a valid GDSII real and must decode to its value.
func TestReal8DecodeUnnormalised(t *testing.T) {
	tests := []struct {
		name string
		bits uint64
		want float64
	}{
		{"one with a leading zero nibble", 0x4201000000000000, 1},
		{"one as 2^-56 * 2^56", 0x4E00000000000001, 1},
		{"fraction of one unit at exponent 64", 0x4000000000000001, math.Ldexp(1, -56)},
		{"negative zero fraction is zero", 0x8000000000000000, 0},
		{"exponent without fraction is zero", 0x7F00000000000000, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DecodeReal8(tc.bits); got != tc.want {
				t.Errorf("DecodeReal8(%#016x) = %g, want %g", tc.bits, got, tc.want)
			}
		})
	}
}

// The UNITS record of every PDK library must decode to the value the table
// above names and encode back to the very same bits.
func TestReal8UnitsOfRealFiles(t *testing.T) {
	files := shareddata.PDKFiles(t)
	seen := map[uint64]bool{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for p := 0; p+4 <= len(data); {
			n := int(binary.BigEndian.Uint16(data[p:]))
			if n < 4 || p+n > len(data) {
				t.Fatalf("%s: bad record at %d", path, p)
			}
			if RecordType(data[p+2]) == UNITS {
				for _, bits := range []uint64{binary.BigEndian.Uint64(data[p+4:]), binary.BigEndian.Uint64(data[p+12:])} {
					if seen[bits] {
						continue
					}
					seen[bits] = true
					v := DecodeReal8(bits)
					back, err := EncodeReal8(v)
					if err != nil || back != bits {
						t.Errorf("%s: UNITS real %#016x decodes to %g, which encodes to %#016x (%v)", path, bits, v, back, err)
					}
				}
				break
			}
			p += n
		}
	}
	want := map[uint64]bool{0x3E4189374BC6A7F0: true, 0x3944B82FA09B5A54: true}
	for bits := range want {
		if !seen[bits] {
			t.Errorf("no PDK file has the UNITS real %#016x the known-encodings table cites", bits)
		}
	}
	t.Logf("%d files, distinct UNITS reals: %d", len(files), len(seen))
}

func TestReal8RoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 200000
	if testing.Short() {
		n = 20000
	}
	for i := 0; i < n; i++ {
		var v float64
		if i%2 == 0 {
			// Any float64 bit pattern in the GDSII range.
			v = math.Float64frombits(rng.Uint64())
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) < real8Min || math.Abs(v) >= real8Over {
				continue
			}
		} else {
			// Magnitudes layouts use, 1e-12 to 1e12, with full mantissas.
			v = math.Pow(10, rng.Float64()*24-12)
			if rng.IntN(2) == 0 {
				v = -v
			}
		}
		bits, err := EncodeReal8(v)
		if err != nil {
			t.Fatalf("EncodeReal8(%g): %v", v, err)
		}
		if back := DecodeReal8(bits); back != v {
			t.Fatalf("EncodeReal8(%g) = %#016x decodes to %g", v, bits, back)
		}
	}
}

// exactReal8 is the value of a GDSII real computed exactly with math/big and
// rounded to the nearest float64, ties to even.
func exactReal8(bits uint64) float64 {
	mant := bits & (1<<56 - 1)
	exp := int((bits >> 56) & 0x7F)
	f := new(big.Float).SetPrec(64).SetUint64(mant)
	f.SetMantExp(f, 4*(exp-64)-56)
	if bits>>63 != 0 {
		f.Neg(f)
	}
	v, _ := f.Float64()
	return v
}

func TestReal8DecodeRoundsLikeMathBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(bits uint64) {
		t.Helper()
		if got, want := DecodeReal8(bits), exactReal8(bits); got != want {
			t.Fatalf("DecodeReal8(%#016x) = %b, math/big says %b", bits, got, want)
		}
	}
	for i := 0; i < 100000; i++ {
		bits := rng.Uint64()
		// Most random fractions have a leading 1 nibble bit; force 54 to
		// 56 significant bits so that the last 1 to 3 bits are rounded off.
		bits |= 1 << (53 + rng.IntN(3))
		check(bits)
	}
	// Ties: 56 significant bits whose lowest three are 100 (exactly half an
	// ulp), with even and odd kept parts; 55 bits whose last two are 10.
	for _, mant := range []uint64{
		0x80000000000004, // kept part even: round down
		0x8000000000000C, // kept part odd: round up
		0xFFFFFFFFFFFFFC, // rounds up to 2^56, a carry into the next power
		0x40000000000002, // 55 bits ending in 10, kept part even: down
		0x40000000000006, // 55 bits ending in 10, kept part odd: up
		0x80000000000005, // just above the tie: up
		0x80000000000003, // just below the tie: down
	} {
		for _, exp := range []uint64{0, 1, 63, 64, 65, 126, 127} {
			check(exp<<56 | mant&(1<<56-1))
			check(1<<63 | exp<<56 | mant&(1<<56-1))
		}
	}
	if got, want := DecodeReal8(0x4180000000000004), 8.0; got != want {
		t.Errorf("tie rounds to even: got %v, want %v", got, want)
	}
	if got, want := DecodeReal8(0x418000000000000C), 8+math.Ldexp(1, -48); got != want {
		t.Errorf("tie rounds to even (up): got %v, want %v", got, want)
	}
}

func TestReal8OutOfRange(t *testing.T) {
	for _, v := range []float64{
		math.NaN(), math.Inf(1), math.Inf(-1),
		real8Over, -real8Over, 1e300, -math.MaxFloat64, math.MaxFloat64,
	} {
		if bits, err := EncodeReal8(v); !errors.Is(err, ErrRealRange) {
			t.Errorf("EncodeReal8(%g) = %#016x, %v; want ErrRealRange", v, bits, err)
		}
	}
	// Below the smallest denormalised real, values flush to zero.
	for _, v := range []float64{math.Ldexp(1, -313), math.SmallestNonzeroFloat64, -1e-300} {
		if bits, err := EncodeReal8(v); err != nil || bits&(1<<63-1) != 0 {
			t.Errorf("EncodeReal8(%g) = %#016x, %v; want zero", v, bits, err)
		}
	}
}
