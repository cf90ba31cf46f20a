package dev.quotient.plugin.leaderboards.engine;

import java.util.Arrays;

/**
 * Members ranked by an integer score, highest first; equal scores in member order. Members are small
 * integers (an index the caller assigns), scores are longs.
 *
 * <p>An array-backed treap keyed by (score descending, member ascending) whose nodes carry their
 * subtree size: an update, a rank and a lookup by position each take O(log n). Each member is its own
 * node, so a member costs four ints and a long (24 bytes) and no object. Not thread-safe: the owner
 * serialises access.
 */
public final class RankedBoard {

  private static final int NIL = -1;

  private int[] left;
  private int[] right;
  private int[] size;
  private int[] priority;
  private long[] score;
  private int root = NIL;
  private int members;
  private int seed = 0x9E3779B9;

  public RankedBoard() {
    this(16);
  }

  public RankedBoard(int expectedMembers) {
    int n = Math.max(16, expectedMembers);
    left = new int[n];
    right = new int[n];
    size = new int[n];
    priority = new int[n];
    score = new long[n];
  }

  /** Adds {@code delta} to the member's score, entering the member (from 0) when new; returns the new score. */
  public long add(int member, long delta) {
    if (contains(member)) {
      if (delta == 0) {
        return score[member];
      }
      root = remove(root, member);
      score[member] += delta;
    } else {
      grow(member);
      score[member] = delta;
      priority[member] = nextPriority();
      members++;
    }
    left[member] = NIL;
    right[member] = NIL;
    size[member] = 1;
    root = insert(root, member);
    return score[member];
  }

  public boolean contains(int member) {
    return member >= 0 && member < size.length && size[member] > 0;
  }

  /** The member's score, 0 when not on the board. */
  public long score(int member) {
    return contains(member) ? score[member] : 0;
  }

  public int size() {
    return members;
  }

  /**
   * The member's place in the board's order, 0 for the first; -1 when not on the board. Members with
   * equal scores have consecutive positions (see {@link #rank} for the shared rank).
   */
  public int position(int member) {
    if (!contains(member)) {
      return -1;
    }
    int before = sizeOf(left[member]);
    int t = root;
    while (t != member) {
      if (before(member, t)) {
        t = left[t];
      } else {
        before += sizeOf(left[t]) + 1;
        t = right[t];
      }
    }
    return before;
  }

  /** The member's rank, shared by equal scores (1, 2, 2, 4): 1 + how many score more; -1 when absent. */
  public int rank(int member) {
    return contains(member) ? countAbove(score[member]) + 1 : -1;
  }

  /** How many members score more than {@code s}. */
  public int countAbove(long s) {
    int count = 0;
    int t = root;
    while (t != NIL) {
      if (score[t] > s) {
        count += sizeOf(left[t]) + 1;
        t = right[t];
      } else {
        t = left[t];
      }
    }
    return count;
  }

  /** The member at a position (0 for the first). */
  public int memberAt(int position) {
    if (position < 0 || position >= members) {
      throw new IndexOutOfBoundsException(position);
    }
    int t = root;
    int k = position;
    while (true) {
      int l = sizeOf(left[t]);
      if (k < l) {
        t = left[t];
      } else if (k == l) {
        return t;
      } else {
        k -= l + 1;
        t = right[t];
      }
    }
  }

  /** The members at positions {@code from} (inclusive) to {@code to} (exclusive), clipped to the board. */
  public int[] range(int from, int to) {
    int a = Math.max(0, from);
    int b = Math.min(members, to);
    if (a >= b) {
      return new int[0];
    }
    int[] out = new int[b - a];
    collect(root, a, b, 0, out);
    return out;
  }

  /** In-order walk of the nodes whose positions fall in [a, b); {@code offset} is the subtree's first position. */
  private void collect(int t, int a, int b, int offset, int[] out) {
    if (t == NIL) {
      return;
    }
    int l = sizeOf(left[t]);
    int here = offset + l;
    if (a < here) {
      collect(left[t], a, b, offset, out);
    }
    if (here >= a && here < b) {
      out[here - a] = t;
    }
    if (b > here + 1) {
      collect(right[t], a, b, here + 1, out);
    }
  }

  /** Bytes the board's arrays hold (what it costs in memory besides the member index). */
  public long bytes() {
    return (long) left.length * (4 * Integer.BYTES + Long.BYTES);
  }

  private boolean before(int a, int b) {
    return score[a] > score[b] || (score[a] == score[b] && a < b);
  }

  private int sizeOf(int t) {
    return t == NIL ? 0 : size[t];
  }

  private void update(int t) {
    size[t] = sizeOf(left[t]) + sizeOf(right[t]) + 1;
  }

  private int insert(int t, int m) {
    if (t == NIL) {
      return m;
    }
    if (priority[m] > priority[t]) {
      splitInto(t, m);
      update(m);
      return m;
    }
    if (before(m, t)) {
      left[t] = insert(left[t], m);
    } else {
      right[t] = insert(right[t], m);
    }
    update(t);
    return t;
  }

  /** Splits {@code t} around {@code m}'s key into m's left (before m) and right (after m) subtrees. */
  private void splitInto(int t, int m) {
    // Iterative split: walk down, hanging nodes on the rightmost spine of the left part and the leftmost
    // spine of the right part, then fix sizes on the way back up.
    int[] path = new int[64];
    int depth = 0;
    int lTail = NIL;
    int rTail = NIL;
    left[m] = NIL;
    right[m] = NIL;
    while (t != NIL) {
      if (depth == path.length) {
        path = Arrays.copyOf(path, depth * 2);
      }
      path[depth++] = t;
      if (before(t, m)) {
        if (lTail == NIL) {
          left[m] = t;
        } else {
          right[lTail] = t;
        }
        lTail = t;
        t = right[t];
      } else {
        if (rTail == NIL) {
          right[m] = t;
        } else {
          left[rTail] = t;
        }
        rTail = t;
        t = left[t];
      }
    }
    if (lTail != NIL) {
      right[lTail] = NIL;
    }
    if (rTail != NIL) {
      left[rTail] = NIL;
    }
    for (int i = depth - 1; i >= 0; i--) {
      update(path[i]);
    }
  }

  private int remove(int t, int m) {
    if (t == m) {
      return merge(left[t], right[t]);
    }
    if (before(m, t)) {
      left[t] = remove(left[t], m);
    } else {
      right[t] = remove(right[t], m);
    }
    update(t);
    return t;
  }

  private int merge(int a, int b) {
    if (a == NIL) {
      return b;
    }
    if (b == NIL) {
      return a;
    }
    if (priority[a] > priority[b]) {
      right[a] = merge(right[a], b);
      update(a);
      return a;
    }
    left[b] = merge(a, left[b]);
    update(b);
    return b;
  }

  private void grow(int member) {
    if (member < 0) {
      throw new IllegalArgumentException("members are numbered from 0: " + member);
    }
    if (member < size.length) {
      return;
    }
    int n = Math.max(member + 1, size.length + (size.length >> 1));
    left = Arrays.copyOf(left, n);
    right = Arrays.copyOf(right, n);
    size = Arrays.copyOf(size, n);
    priority = Arrays.copyOf(priority, n);
    score = Arrays.copyOf(score, n);
  }

  private int nextPriority() {
    // xorshift: cheap, and a treap only needs priorities that are independent of the keys.
    int x = seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    seed = x;
    return x;
  }
}
