package sim

import "math/rand/v2"

// Role names a consumer of randomness within one session. Each role has its
// own stream, so that, for example, switching on a facilitator does not
// shift the parties' draws.
type Role uint64

// The roles that draw random numbers in a session.
const (
	RoleProtocol    Role = 1
	RolePartyA      Role = 2
	RolePartyB      Role = 3
	RoleFacilitator Role = 4
	// RoleAssumptions draws a run's uncertain assumptions: the values of
	// the scenario fields given as distributions. Each assumption has a
	// stream of its own within this role, keyed by its path: see
	// AssumptionRand.
	RoleAssumptions Role = 5
)

// PartyRole returns the role of party i (0 or 1).
func PartyRole(i int) Role { return RolePartyA + Role(i) }

// RunSeed derives the seed of run number run from the master seed. It is a
// pure function: the same master seed and index always give the same seed,
// whatever the number of workers or shards.
func RunSeed(master uint64, run int) uint64 {
	return splitmix(splitmix(master) ^ splitmix(uint64(run)+0x632be59bd9b4e019))
}

// NewRand returns the random stream of role within the session seeded by
// seed: a PCG generator seeded from a hash of (seed, role).
func NewRand(seed uint64, role Role) *rand.Rand {
	return rand.New(newSource(seed, role))
}

// AssumptionRand returns the random stream of the assumption at path in
// the run seeded by seed. The path names the field the assumption sets, as
// --set does ("parties.armenia.discount", "parties.armenia.weights.corridor").
//
// Every path has a stream of its own: a PCG generator seeded from a hash
// of (seed, RoleAssumptions, FNV-1a of path). A draw therefore depends on
// the run's seed and its own path only, never on which other assumptions
// exist or in which order they are drawn, so adding, removing or changing
// one uncertain field leaves every other field's draws as they were; and
// the assumptions share nothing with the streams of the parties, the
// protocol or the facilitator (NewRand), whose draws uncertainty never
// shifts. Two arms of a comparison that give a field the same distribution
// thus draw the same value for it in every run: common random numbers.
func AssumptionRand(seed uint64, path string) *rand.Rand {
	src := assumptionSource(seed, path)
	return rand.New(&src)
}

// AssumptionUniform returns the uniform number in (0, 1) that drives the
// draw by inversion of the assumption at path in the run seeded by seed:
// (x + 0.5)/2⁵³, with x the top 53 bits of the first number of
// AssumptionRand(seed, path). It is never 0 or 1, so every quantile
// function is finite there. It allocates nothing.
func AssumptionUniform(seed uint64, path string) float64 {
	src := assumptionSource(seed, path)
	return (float64(src.Uint64()>>11) + 0.5) / (1 << 53)
}

// assumptionSource returns the source of AssumptionRand.
func assumptionSource(seed uint64, path string) rand.PCG {
	h := splitmix(seed ^ splitmix(uint64(RoleAssumptions)))
	k := splitmix(h ^ splitmix(fnv1a(path)))
	return *rand.NewPCG(k, splitmix(k))
}

// fnv1a is the 64-bit FNV-1a hash of s (Fowler, Noll and Vo).
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func newSource(seed uint64, role Role) *rand.PCG {
	h := splitmix(seed ^ splitmix(uint64(role)))
	return rand.NewPCG(h, splitmix(h))
}

// splitmix is the SplitMix64 finaliser (Steele, Lea and Flood 2014): a
// bijective mix of 64 bits.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
