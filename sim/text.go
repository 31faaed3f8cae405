package sim

// maxShuffled is the largest neighbourhood the single text tries in a full
// random order; larger ones are sampled with replacement, at most this many
// times before the text counts as a local optimum.
const maxShuffled = 1 << 16

// textState holds the single-text buffers, reused from session to session.
type textState struct {
	perm []int32
}

// neighbours counts the proposals that differ from a text in one issue or,
// with Package2, in one or two issues. The count does not depend on the
// text.
func neighbours(s *Space, m Moves) int {
	one, two := 0, 0
	for i := range s.radix {
		ri := int(s.radix[i]) - 1
		one += ri
		if m == Package2 {
			for j := i + 1; j < len(s.radix); j++ {
				two += ri * (int(s.radix[j]) - 1)
			}
		}
	}
	return one + two
}

// neighbour returns the k-th neighbour of text in a fixed enumeration: first
// every one-issue change (by issue, then by value, skipping the current
// value), then every two-issue change (by pair of issues, then values).
func neighbour(s *Space, text Outcome, k int) Outcome {
	shift := func(cur, v int) int { // the v-th value other than cur
		if v >= cur {
			return v + 1
		}
		return v
	}
	for i := range s.radix {
		ri := int(s.radix[i]) - 1
		if k < ri {
			return s.Neighbour(text, i, shift(s.ValueIndex(text, i), k))
		}
		k -= ri
	}
	for i := range s.radix {
		ri := int(s.radix[i]) - 1
		for j := i + 1; j < len(s.radix); j++ {
			rj := int(s.radix[j]) - 1
			if k < ri*rj {
				o := s.Neighbour(text, i, shift(s.ValueIndex(text, i), k/rj))
				return s.Neighbour(o, j, shift(s.ValueIndex(o, j), k%rj))
			}
			k -= ri * rj
		}
	}
	panic("sim: neighbour index out of range")
}

// singleText plays the mediated single negotiating text (Raiffa 1982;
// Klein, Faratin, Sayama and Bar-Yam 2003; NegMAS's hill-climbing veto
// mechanism). A mediator that knows nothing of the parties' preferences
// starts from a random text and, each round, proposes a neighbour of the
// current text (Protocol.Moves), trying the neighbourhood in random order
// and starting afresh after every accepted move. Each party votes yes iff
// the proposal is strictly better for it than the current text; the text
// changes only on two yeses. When no neighbour wins both votes, or at the
// deadline, each party signs the final text iff it is worth at least its
// reservation value; both signatures make the agreement, otherwise the
// session ends in conflict.
func (s *Session) singleText(res Result, trace bool) Result {
	n := s.n
	pr := n.Protocol
	sp := n.Space
	text := Outcome(s.proto.IntN(sp.Size()))
	total := neighbours(sp, pr.Moves)
	shuffled := total <= maxShuffled
	if shuffled && cap(s.text.perm) < total {
		s.text.perm = make([]int32, total)
	}
	perm := s.text.perm[:min(total, cap(s.text.perm))]
	tried := 0 // proposals tried since the last accepted move
	reset := func() {
		tried = 0
		if shuffled {
			for i := range perm {
				perm[i] = int32(i)
			}
		}
	}
	reset()
	s.setTime(0)
	s.hist.add(Offer{Round: 0, By: -1, Outcome: text})
	s.event(trace, 0, -1, EventDraft, text)
	r := 0
	for ; r < pr.Deadline && total > 0; r++ {
		s.setTime(r)
		var k int
		if shuffled {
			if tried == total {
				break // local optimum: no neighbour wins both votes
			}
			j := tried + s.proto.IntN(total-tried)
			perm[tried], perm[j] = perm[j], perm[tried]
			k = int(perm[tried])
		} else {
			if tried == maxShuffled {
				break
			}
			k = s.proto.IntN(total)
		}
		tried++
		prop := neighbour(sp, text, k)
		s.hist.add(Offer{Round: int32(r), By: -1, Outcome: prop})
		s.event(trace, r, -1, EventDraft, prop)
		yes := 0
		for p := range 2 {
			u := n.Parties[p].Utility
			if u.Of(prop) > u.Of(text) {
				yes++
				s.event(trace, r, p, EventVoteYes, prop)
			} else {
				s.event(trace, r, p, EventVoteNo, prop)
			}
		}
		if yes == 2 {
			text = prop
			reset()
		}
	}
	last := max(0, min(r, pr.Deadline-1))
	s.setTime(last)
	for p := range 2 {
		if n.Parties[p].Utility.Of(text) < n.Parties[p].Reservation {
			s.event(trace, last, p, EventReject, text)
			return s.finish(res, EndConflict, last, p, NoOutcome, trace)
		}
		s.event(trace, last, p, EventAccept, text)
	}
	return s.finish(res, EndAgreement, last, -1, text, trace)
}
