package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.server.account.AccountStore;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KPI thresholds and targets of the organisation's settings are what its KPIs count against from
 * the day they change: a lead answered in 8 minutes this month is fast once the organisation allows 10,
 * a meeting with three follow-ups meets a target of three, and a month closed before the change keeps
 * the figures its targets gave.
 */
class KpiTargetsTest {

  @TempDir
  static Path data;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-16T09:00:00Z"));
  private static TestPlatform platform;
  private static String admin;
  private static String leader;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    admin = platform.token("admin@acme.example");
    leader = platform.token("leader@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void kpisCountAgainstTheOrganisationsTargets() {
    String rep1 = new AccountStore(platform.node().database()).userByEmail("rep1@acme.example").orElseThrow().id();
    List<JsonObject> acts = new ArrayList<>();
    // responses in 2 and 8 minutes; a meeting followed by three follow-ups
    acts.add(act("t1", rep1, "lead-responded", "2026-03-02T09:02:00Z").put("leadId", "L1")
        .put("leadReceivedAt", "2026-03-02T09:00:00Z"));
    acts.add(act("t2", rep1, "lead-responded", "2026-03-03T09:08:00Z").put("leadId", "L2")
        .put("leadReceivedAt", "2026-03-03T09:00:00Z"));
    acts.add(act("t3", rep1, "meeting", "2026-03-04T09:00:00Z").put("leadId", "L1"));
    for (int d = 5; d <= 7; d++) {
      acts.add(act("t" + (d - 1), rep1, "follow-up", "2026-03-0" + d + "T09:00:00Z").put("leadId", "L1"));
    }
    // February, a month closed before the change: a response in 8 minutes
    acts.add(act("t9", rep1, "lead-responded", "2026-02-10T09:08:00Z").put("leadId", "L0")
        .put("leadReceivedAt", "2026-02-10T09:00:00Z"));
    HttpResponse<String> posted = platform.json("POST", "/api/activities/batch", leader,
        new JsonObject().put("activities", new JsonArray(acts)).encode());
    assertEquals(201, posted.statusCode(), posted.body());

    JsonObject seed = values(rep1, "2026-03-01", "2026-04-01");
    assertEquals(0.5, seed.getDouble("response-within-5-share"), 1e-9, "5 minutes: one of two");
    assertEquals(0.0, seed.getDouble("five-follow-up-share"), 1e-9, "5 follow-ups: not met");
    assertEquals(0.0, values(rep1, "2026-02-01", "2026-03-01").getDouble("response-within-5-share"), 1e-9);

    JsonObject settings = new JsonObject(platform.get("/api/organisation", admin).body());
    settings.remove("id");
    HttpResponse<String> changed = platform.json("PUT", "/api/organisation", admin, settings.put("responseMinutes", 10)
        .put("followUpsPerLead", 3).encode());
    assertEquals(200, changed.statusCode(), changed.body());

    JsonObject month = values(rep1, "2026-03-01", "2026-04-01");
    assertEquals(1.0, month.getDouble("response-within-5-share"), 1e-9, "10 minutes: both");
    assertEquals(1.0, month.getDouble("five-follow-up-share"), 1e-9, "3 follow-ups: met");
    JsonObject window = values(rep1, "2026-03-01", "2026-03-17");
    assertEquals(1.0, window.getDouble("response-within-5-share"), 1e-9, "a window of days up to today: the new targets");
    assertEquals(1.0, window.getDouble("five-follow-up-share"), 1e-9);
    JsonObject closed = values(rep1, "2026-03-01", "2026-03-10");
    assertEquals(0.5, closed.getDouble("response-within-5-share"), 1e-9, "a window that ended before the change");
    assertEquals(0.0, closed.getDouble("five-follow-up-share"), 1e-9);
    // A month closed before the change keeps its figures; a window is counted over itself against the
    // targets in force at its end, whatever its length (one definition: no sum of months)
    assertEquals(0.0, values(rep1, "2026-02-01", "2026-03-01").getDouble("response-within-5-share"), 1e-9,
        "February keeps the 5 minutes it was counted against");
    assertEquals(1.0, values(rep1, "2026-02-01", "2026-04-01").getDouble("response-within-5-share"), 1e-9,
        "February and March together, by the 10 minutes in force at the window's end");
    JsonObject org = new JsonObject(platform.get("/api/organisation", admin).body());
    assertEquals(10, org.getInteger("responseMinutes"));
  }

  private static JsonObject values(String userId, String from, String to) {
    HttpResponse<String> r = platform.get("/api/development/kpis/" + userId + "?from=" + from + "&to=" + to, leader);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonObject("values");
  }

  private static JsonObject act(String id, String userId, String kind, String at) {
    return new JsonObject().put("id", id).put("userId", userId).put("kind", kind).put("occurredAt", at);
  }
}
