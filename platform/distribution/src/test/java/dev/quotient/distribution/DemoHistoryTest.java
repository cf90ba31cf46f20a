package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.testkit.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code QUOTIENT_DEMO_HISTORY_DAYS} gives the demo organisation a past: every rep has calls, answered
 * leads with sources, meetings, follow-ups and closed deals, all before now, and a restart adds nothing.
 */
class DemoHistoryTest {

  @Test
  void theDemoTeamGetsOneHistoryOfEveryKindAndARestartAddsNone(@TempDir Path data) throws Exception {
    Map<String, String> env = Map.of("QUOTIENT_DEMO_HISTORY_DAYS", "30");
    long stored;
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), env)) {
      Document rep = platform.node().database().collection("users").find(new Document("email", "rep1@acme.example")).first();
      String orgId = rep.getString("orgId");
      int recorded = platform.node().demoHistory().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      List<ActivityLog.Entry> all = new CopyOnWriteArrayList<>();
      Instant now = Instant.now();
      platform.node().activities().log().replay(orgId, null, now.minus(Duration.ofDays(31)), now, all::add)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      stored = platform.node().activities().store().count(orgId);
      assertEquals(recorded, stored, "everything generated was recorded");
      assertEquals(stored, all.size(), "everything generated lies in the last 30 days");
      Set<String> kinds = all.stream().map(ActivityLog.Entry::kind).collect(Collectors.toSet());
      assertEquals(Set.of("call", "email", "lead-received", "lead-responded", "meeting", "opportunity-opened",
          "follow-up", "won", "lost"), kinds);
      long reps = platform.node().database().collection("users").countDocuments(new Document("orgId", orgId).append("roles", "rep"));
      assertEquals(reps, all.stream().map(ActivityLog.Entry::userId).distinct().count(), "every rep has a history");
      assertTrue(all.stream().filter(e -> e.kind().equals("lead-responded"))
          .allMatch(e -> e.leadSource() != null && e.leadReceivedAt() != null && e.leadReceivedAt().isBefore(e.occurredAt())));
      assertTrue(all.stream().filter(e -> e.kind().equals("won")).allMatch(e -> e.customerId() != null && e.value() > 0));
      assertTrue(all.stream().filter(e -> e.kind().equals("call")).allMatch(e -> e.minutes() != null && e.minutes() > 0));
      // the product's own rules feed every skill ladder, not only BQ (IQ and EQ stayed empty on the demo)
      String leader = platform.token("leader@acme.example");
      for (String ladder : List.of("IQ", "EQ", "BQ")) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int size = 0;
        while (size == 0 && System.nanoTime() < until) {
          size = new io.vertx.core.json.JsonObject(platform.get("/api/leaderboards/board?period=all&ladder=" + ladder,
              leader).body()).getInteger("size");
          if (size == 0) {
            Thread.sleep(200);
          }
        }
        assertTrue(size >= reps / 2, "the " + ladder + " ladder of the demo has " + size + " of " + reps + " reps");
      }
    }
    try (TestPlatform again = TestPlatform.start(data, TestPlatform.distributionPlugins(), env)) {
      Document rep = again.node().database().collection("users").find(new Document("email", "rep1@acme.example")).first();
      assertEquals(0, again.node().demoHistory().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      assertEquals(stored, again.node().activities().store().count(rep.getString("orgId")), "a restart adds no second history");
    }
  }
}
