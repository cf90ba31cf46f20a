package dev.quotient.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotientConfigTest {

  @Test
  void clusterDefaults() {
    QuotientConfig c = QuotientConfig.from(Map.of());
    assertFalse(c.cluster());
    assertEquals("quotient", c.clusterName());
    assertEquals("127.0.0.1", c.clusterHost());
    assertEquals(5701, c.clusterPort());
    assertEquals(List.of("127.0.0.1"), c.clusterMembers());
    assertEquals(0, c.eventBusPort());
  }

  @Test
  void clusterMembersWithPorts() {
    QuotientConfig c = QuotientConfig.from(Map.of(
        "QUOTIENT_CLUSTER", "true",
        "QUOTIENT_CLUSTER_NAME", "staging",
        "QUOTIENT_CLUSTER_PORT", "5801",
        "QUOTIENT_CLUSTER_MEMBERS", "127.0.0.1:5801, 127.0.0.1:5802,node-3,[::1]:5803",
        "QUOTIENT_EVENTBUS_PORT", "5901"));
    assertTrue(c.cluster());
    assertEquals("staging", c.clusterName());
    assertEquals(5801, c.clusterPort());
    assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802", "node-3", "[::1]:5803"), c.clusterMembers());
    assertEquals(5901, c.eventBusPort());
  }

  @Test
  void portRangesAndBadPortsAreRefusedAtStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QuotientConfig.from(Map.of("QUOTIENT_CLUSTER_MEMBERS", "127.0.0.1:5701-5710")));
    assertTrue(e.getMessage().contains("QUOTIENT_CLUSTER_MEMBERS"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> QuotientConfig.from(Map.of("QUOTIENT_EVENTBUS_PORT", "70000")));
    assertThrows(IllegalArgumentException.class,
        () -> QuotientConfig.from(Map.of("QUOTIENT_CLUSTER_PORT", "0")));
  }
}
