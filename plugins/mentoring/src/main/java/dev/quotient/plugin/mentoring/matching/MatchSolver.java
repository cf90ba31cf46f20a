package dev.quotient.plugin.mentoring.matching;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Organisation-wide optimal matching: the assignment of mentees to mentors with the largest total
 * score, each mentee at most once, each mentor at most their capacity, no forbidden pair. Exact:
 * a min-cost flow (source to each mentee with capacity 1, mentee to allowed mentor at cost -score,
 * mentor to sink with the mentor's capacity) solved by successive shortest paths with Dijkstra on
 * reduced costs. The flow's cost is convex in its value, so augmenting stops at the first path that
 * would not raise the total. Deterministic: the same input gives the same pairs.
 */
public final class MatchSolver {

  private MatchSolver() {}

  public static Assignment solve(Problem p) {
    int n = p.mentees();
    int m = p.mentors();
    int source = 0;
    int sink = n + m + 1;
    Graph g = new Graph(n + m + 2);
    for (int i = 0; i < n; i++) {
      g.add(source, 1 + i, 1, 0);
    }
    int[] pairEdge = new int[n * m];
    Arrays.fill(pairEdge, -1);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        int s = p.score()[i][j];
        if (s > 0 && p.capacity()[j] > 0) {
          pairEdge[i * m + j] = g.add(1 + i, 1 + n + j, 1, -s);
        }
      }
    }
    for (int j = 0; j < m; j++) {
      if (p.capacity()[j] > 0) {
        g.add(1 + n + j, sink, p.capacity()[j], 0);
      }
    }
    // Potentials that make every reduced cost non-negative: the graph is a DAG at the start.
    long[] potential = new long[g.nodes];
    for (int j = 0; j < m; j++) {
      long min = 0;
      for (int i = 0; i < n; i++) {
        if (pairEdge[i * m + j] >= 0) {
          min = Math.min(min, -p.score()[i][j]);
        }
      }
      potential[1 + n + j] = min;
      potential[sink] = Math.min(potential[sink], min);
    }
    long total = 0;
    long[] dist = new long[g.nodes];
    int[] via = new int[g.nodes];
    while (true) {
      Arrays.fill(dist, Long.MAX_VALUE);
      Arrays.fill(via, -1);
      dist[source] = 0;
      PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
          : Long.compare(a[1], b[1]));
      queue.add(new long[] {0, source});
      while (!queue.isEmpty()) {
        long[] top = queue.poll();
        int u = (int) top[1];
        if (top[0] > dist[u]) {
          continue;
        }
        for (int e = g.head[u]; e >= 0; e = g.next[e]) {
          if (g.cap[e] <= 0) {
            continue;
          }
          int v = g.to[e];
          long nd = dist[u] + g.cost[e] + potential[u] - potential[v];
          if (nd < dist[v]) {
            dist[v] = nd;
            via[v] = e;
            queue.add(new long[] {nd, v});
          }
        }
      }
      if (dist[sink] == Long.MAX_VALUE) {
        break;
      }
      long pathCost = dist[sink] - potential[source] + potential[sink];
      if (pathCost >= 0) {
        break;
      }
      // Nodes beyond the sink's distance (or unreachable) move by the sink's distance: every reduced
      // cost stays non-negative, so the next Dijkstra is exact.
      for (int v = 0; v < g.nodes; v++) {
        potential[v] += Math.min(dist[v], dist[sink]);
      }
      for (int v = sink; v != source; v = g.to[via[v] ^ 1]) {
        g.cap[via[v]] -= 1;
        g.cap[via[v] ^ 1] += 1;
      }
      total -= pathCost;
    }
    int[] mentorOf = new int[n];
    Arrays.fill(mentorOf, -1);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        int e = pairEdge[i * m + j];
        if (e >= 0 && g.cap[e] == 0) {
          mentorOf[i] = j;
        }
      }
    }
    return new Assignment(mentorOf, total);
  }

  /** A residual graph in arrays: edge e and its reverse e ^ 1. */
  private static final class Graph {
    final int nodes;
    final int[] head;
    int[] to = new int[16];
    int[] next = new int[16];
    int[] cap = new int[16];
    long[] cost = new long[16];
    int edges;

    Graph(int nodes) {
      this.nodes = nodes;
      this.head = new int[nodes];
      Arrays.fill(head, -1);
    }

    int add(int u, int v, int capacity, long c) {
      int e = edges;
      put(u, v, capacity, c);
      put(v, u, 0, -c);
      return e;
    }

    private void put(int u, int v, int capacity, long c) {
      if (edges == to.length) {
        to = Arrays.copyOf(to, edges * 2);
        next = Arrays.copyOf(next, edges * 2);
        cap = Arrays.copyOf(cap, edges * 2);
        cost = Arrays.copyOf(cost, edges * 2);
      }
      to[edges] = v;
      cap[edges] = capacity;
      cost[edges] = c;
      next[edges] = head[u];
      head[u] = edges++;
    }
  }
}
