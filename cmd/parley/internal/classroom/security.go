package classroom

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// codeAlphabet is the class code's alphabet: capitals and digits without
// those easily confused (0 O, 1 I L, 5 S, 8 B).
const codeAlphabet = "ACDEFGHJKMNPQRTUVWXYZ234679"

// codeLength is the class code's length: 27⁶ ≈ 3.9·10⁸ codes, and join
// attempts are rate-limited per address.
const codeLength = 6

// classCode returns a random class code, from crypto/rand.
func classCode() (string, error) {
	b := make([]byte, codeLength)
	for i := range b {
		// Rejection sampling keeps the letters uniform.
		for {
			var x [1]byte
			if _, err := rand.Read(x[:]); err != nil {
				return "", fmt.Errorf("drawing the class code: %w", err)
			}
			if int(x[0]) < 256/len(codeAlphabet)*len(codeAlphabet) {
				b[i] = codeAlphabet[int(x[0])%len(codeAlphabet)]
				break
			}
		}
	}
	return string(b), nil
}

// normalCode returns a typed class code as it is compared: in capitals,
// without spaces and dashes.
func normalCode(s string) string {
	s = strings.ToUpper(s)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// randomToken returns 32 random bytes from crypto/rand, base64url-encoded.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("drawing a token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// equal compares a secret with a candidate in constant time (for equal
// lengths; the lengths of our secrets are public).
func equal(secret, candidate string) bool {
	return subtle.ConstantTimeCompare([]byte(secret), []byte(candidate)) == 1
}

// bucket is a token bucket: rate tokens a second, up to burst.
type bucket struct {
	tokens float64
	at     time.Time
}

// limits keeps a token bucket per key (a seat, an address). Buckets that
// have filled up again are forgotten, so memory follows the active keys.
type limits struct {
	mu    sync.Mutex
	rate  float64
	burst float64
	now   func() time.Time
	b     map[string]*bucket
}

func newLimits(rate, burst float64, now func() time.Time) *limits {
	return &limits{rate: rate, burst: burst, now: now, b: map[string]*bucket{}}
}

// allow takes cost tokens from key's bucket and reports whether there
// were enough; if not, it also returns how long to wait for them.
func (l *limits) allow(key string, cost float64) (bool, time.Duration) {
	return l.use(key, cost, true)
}

// left reports whether key's bucket holds cost tokens, taking none: for
// limits that only failures spend (wrong class codes, wrong tokens).
func (l *limits) left(key string, cost float64) bool {
	ok, _ := l.use(key, cost, false)
	return ok
}

func (l *limits) use(key string, cost float64, take bool) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.b[key]
	if b == nil {
		if len(l.b) > 100_000 {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.b[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= cost {
		if take {
			b.tokens -= cost
		}
		return true, 0
	}
	wait := time.Duration((cost - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

// prune forgets the buckets that are full again.
func (l *limits) prune(now time.Time) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.b, k)
		}
	}
}
