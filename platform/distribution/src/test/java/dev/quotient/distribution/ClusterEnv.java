package dev.quotient.distribution;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** What a test gives a node to join a two-node Hazelcast cluster on loopback. */
final class ClusterEnv {

  private ClusterEnv() {}

  /** The environment of a node listening for Hazelcast on {@code port}, joining {@code members}. */
  static Map<String, String> of(int port, String members, String clusterName) {
    Map<String, String> env = new HashMap<>();
    env.put("QUOTIENT_CLUSTER", "true");
    env.put("QUOTIENT_CLUSTER_PORT", String.valueOf(port));
    env.put("QUOTIENT_CLUSTER_MEMBERS", members);
    env.put("QUOTIENT_CLUSTER_NAME", clusterName);
    return env;
  }

  /** Two free neighbouring ports from {@code first} upwards. */
  static int[] freePortPair(int first) {
    for (int port = first; port < first + 200; port += 2) {
      if (free(port) && free(port + 1)) {
        return new int[] {port, port + 1};
      }
    }
    throw new IllegalStateException("no two free ports from " + first);
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
