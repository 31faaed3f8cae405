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
