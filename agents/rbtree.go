package agents

import "github.com/parley-sim/parley/sim"

// rbTree is a map from float64 keys to outcomes kept as a red-black tree
// exactly as Java's java.util.TreeMap keeps it (the algorithms of Cormen
// et al. as the JDK writes them): the same rotations and colours, and the
// same removal, which copies the successor's key and value into a node with
// two children and unlinks the successor instead. GENIUS's HardHeaded holds
// references to nodes of such a tree while it removes entries from it, so
// what those references show afterwards depends on this node reuse; parley
// reproduces it by keeping the nodes in a pool and handing out their
// indices. The pool is allocated once; reset empties the tree.
type rbTree struct {
	nodes []rbNode
	root  int32
}

// rbNode is a node of an rbTree; links are pool indices, rbNil for none.
type rbNode struct {
	key                 float64
	o                   sim.Outcome
	left, right, parent int32
	black               bool
}

const rbNil int32 = -1

// newRBTree returns an empty tree with room for capacity nodes.
func newRBTree(capacity int) rbTree {
	return rbTree{nodes: make([]rbNode, 0, capacity), root: rbNil}
}

// reset empties the tree, keeping its pool.
func (t *rbTree) reset() {
	t.nodes = t.nodes[:0]
	t.root = rbNil
}

// entry returns the key and outcome node n holds now.
func (t *rbTree) entry(n int32) (float64, sim.Outcome) {
	return t.nodes[n].key, t.nodes[n].o
}

func (t *rbTree) parentOf(n int32) int32 {
	if n == rbNil {
		return rbNil
	}
	return t.nodes[n].parent
}

func (t *rbTree) leftOf(n int32) int32 {
	if n == rbNil {
		return rbNil
	}
	return t.nodes[n].left
}

func (t *rbTree) rightOf(n int32) int32 {
	if n == rbNil {
		return rbNil
	}
	return t.nodes[n].right
}

// isBlack is TreeMap's colorOf(n) == BLACK: a missing node is black.
func (t *rbTree) isBlack(n int32) bool { return n == rbNil || t.nodes[n].black }

func (t *rbTree) setBlack(n int32, black bool) {
	if n != rbNil {
		t.nodes[n].black = black
	}
}

func (t *rbTree) rotateLeft(p int32) {
	if p == rbNil {
		return
	}
	r := t.nodes[p].right
	t.nodes[p].right = t.nodes[r].left
	if l := t.nodes[r].left; l != rbNil {
		t.nodes[l].parent = p
	}
	pp := t.nodes[p].parent
	t.nodes[r].parent = pp
	switch {
	case pp == rbNil:
		t.root = r
	case t.nodes[pp].left == p:
		t.nodes[pp].left = r
	default:
		t.nodes[pp].right = r
	}
	t.nodes[r].left = p
	t.nodes[p].parent = r
}

func (t *rbTree) rotateRight(p int32) {
	if p == rbNil {
		return
	}
	l := t.nodes[p].left
	t.nodes[p].left = t.nodes[l].right
	if r := t.nodes[l].right; r != rbNil {
		t.nodes[r].parent = p
	}
	pp := t.nodes[p].parent
	t.nodes[l].parent = pp
	switch {
	case pp == rbNil:
		t.root = l
	case t.nodes[pp].right == p:
		t.nodes[pp].right = l
	default:
		t.nodes[pp].left = l
	}
	t.nodes[l].right = p
	t.nodes[p].parent = l
}

// put maps key to o: a new node, or the existing node of an equal key
// with its outcome replaced (TreeMap.put).
func (t *rbTree) put(key float64, o sim.Outcome) {
	if t.root == rbNil {
		t.nodes = append(t.nodes, rbNode{key: key, o: o, left: rbNil, right: rbNil, parent: rbNil, black: true})
		t.root = int32(len(t.nodes) - 1)
		return
	}
	cur, parent, less := t.root, rbNil, false
	for cur != rbNil {
		parent = cur
		switch k := t.nodes[cur].key; {
		case key < k:
			less, cur = true, t.nodes[cur].left
		case key > k:
			less, cur = false, t.nodes[cur].right
		default:
			t.nodes[cur].o = o
			return
		}
	}
	t.nodes = append(t.nodes, rbNode{key: key, o: o, left: rbNil, right: rbNil, parent: parent})
	e := int32(len(t.nodes) - 1)
	if less {
		t.nodes[parent].left = e
	} else {
		t.nodes[parent].right = e
	}
	t.fixAfterInsertion(e)
}

func (t *rbTree) fixAfterInsertion(x int32) {
	t.nodes[x].black = false
	for x != rbNil && x != t.root && !t.nodes[t.nodes[x].parent].black {
		px := t.parentOf(x)
		gx := t.parentOf(px)
		if px == t.leftOf(gx) {
			y := t.rightOf(gx)
			if !t.isBlack(y) {
				t.setBlack(px, true)
				t.setBlack(y, true)
				t.setBlack(gx, false)
				x = gx
			} else {
				if x == t.rightOf(px) {
					x = px
					t.rotateLeft(x)
				}
				t.setBlack(t.parentOf(x), true)
				t.setBlack(t.parentOf(t.parentOf(x)), false)
				t.rotateRight(t.parentOf(t.parentOf(x)))
			}
		} else {
			y := t.leftOf(gx)
			if !t.isBlack(y) {
				t.setBlack(px, true)
				t.setBlack(y, true)
				t.setBlack(gx, false)
				x = gx
			} else {
				if x == t.leftOf(px) {
					x = px
					t.rotateRight(x)
				}
				t.setBlack(t.parentOf(x), true)
				t.setBlack(t.parentOf(t.parentOf(x)), false)
				t.rotateLeft(t.parentOf(t.parentOf(x)))
			}
		}
	}
	t.nodes[t.root].black = true
}

// first returns the node of the smallest key, or rbNil.
func (t *rbTree) first() int32 {
	n := t.root
	if n == rbNil {
		return rbNil
	}
	for t.nodes[n].left != rbNil {
		n = t.nodes[n].left
	}
	return n
}

// last returns the node of the largest key, or rbNil.
func (t *rbTree) last() int32 {
	n := t.root
	if n == rbNil {
		return rbNil
	}
	for t.nodes[n].right != rbNil {
		n = t.nodes[n].right
	}
	return n
}

// successor returns the node of the next larger key, or rbNil.
func (t *rbTree) successor(n int32) int32 {
	switch {
	case n == rbNil:
		return rbNil
	case t.nodes[n].right != rbNil:
		p := t.nodes[n].right
		for t.nodes[p].left != rbNil {
			p = t.nodes[p].left
		}
		return p
	}
	p, ch := t.nodes[n].parent, n
	for p != rbNil && ch == t.nodes[p].right {
		ch, p = p, t.nodes[p].parent
	}
	return p
}

// find returns the node of key, or rbNil.
func (t *rbTree) find(key float64) int32 {
	n := t.root
	for n != rbNil {
		switch k := t.nodes[n].key; {
		case key < k:
			n = t.nodes[n].left
		case key > k:
			n = t.nodes[n].right
		default:
			return n
		}
	}
	return rbNil
}

// remove deletes key's entry, if any (TreeMap.remove): a node with two
// children takes its successor's key and outcome, and the successor's
// node is unlinked instead.
func (t *rbTree) remove(key float64) {
	p := t.find(key)
	if p == rbNil {
		return
	}
	if t.nodes[p].left != rbNil && t.nodes[p].right != rbNil {
		s := t.successor(p)
		t.nodes[p].key, t.nodes[p].o = t.nodes[s].key, t.nodes[s].o
		p = s
	}
	repl := t.nodes[p].left
	if repl == rbNil {
		repl = t.nodes[p].right
	}
	switch {
	case repl != rbNil:
		pp := t.nodes[p].parent
		t.nodes[repl].parent = pp
		switch {
		case pp == rbNil:
			t.root = repl
		case p == t.nodes[pp].left:
			t.nodes[pp].left = repl
		default:
			t.nodes[pp].right = repl
		}
		t.nodes[p].left, t.nodes[p].right, t.nodes[p].parent = rbNil, rbNil, rbNil
		if t.nodes[p].black {
			t.fixAfterDeletion(repl)
		}
	case t.nodes[p].parent == rbNil:
		t.root = rbNil
	default:
		if t.nodes[p].black {
			t.fixAfterDeletion(p)
		}
		if pp := t.nodes[p].parent; pp != rbNil {
			if p == t.nodes[pp].left {
				t.nodes[pp].left = rbNil
			} else if p == t.nodes[pp].right {
				t.nodes[pp].right = rbNil
			}
			t.nodes[p].parent = rbNil
		}
	}
}

func (t *rbTree) fixAfterDeletion(x int32) {
	for x != t.root && t.isBlack(x) {
		if x == t.leftOf(t.parentOf(x)) {
			sib := t.rightOf(t.parentOf(x))
			if !t.isBlack(sib) {
				t.setBlack(sib, true)
				t.setBlack(t.parentOf(x), false)
				t.rotateLeft(t.parentOf(x))
				sib = t.rightOf(t.parentOf(x))
			}
			if t.isBlack(t.leftOf(sib)) && t.isBlack(t.rightOf(sib)) {
				t.setBlack(sib, false)
				x = t.parentOf(x)
			} else {
				if t.isBlack(t.rightOf(sib)) {
					t.setBlack(t.leftOf(sib), true)
					t.setBlack(sib, false)
					t.rotateRight(sib)
					sib = t.rightOf(t.parentOf(x))
				}
				t.setBlack(sib, t.isBlack(t.parentOf(x)))
				t.setBlack(t.parentOf(x), true)
				t.setBlack(t.rightOf(sib), true)
				t.rotateLeft(t.parentOf(x))
				x = t.root
			}
		} else {
			sib := t.leftOf(t.parentOf(x))
			if !t.isBlack(sib) {
				t.setBlack(sib, true)
				t.setBlack(t.parentOf(x), false)
				t.rotateRight(t.parentOf(x))
				sib = t.leftOf(t.parentOf(x))
			}
			if t.isBlack(t.rightOf(sib)) && t.isBlack(t.leftOf(sib)) {
				t.setBlack(sib, false)
				x = t.parentOf(x)
			} else {
				if t.isBlack(t.leftOf(sib)) {
					t.setBlack(t.rightOf(sib), true)
					t.setBlack(sib, false)
					t.rotateLeft(sib)
					sib = t.leftOf(t.parentOf(x))
				}
				t.setBlack(sib, t.isBlack(t.parentOf(x)))
				t.setBlack(t.parentOf(x), true)
				t.setBlack(t.leftOf(sib), true)
				t.rotateRight(t.parentOf(x))
				x = t.root
			}
		}
	}
	t.setBlack(x, true)
}

// size returns the number of entries.
func (t *rbTree) size() int {
	n := 0
	for x := t.first(); x != rbNil; x = t.successor(x) {
		n++
	}
	return n
}
