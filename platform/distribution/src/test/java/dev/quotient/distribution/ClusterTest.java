package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes form a Hazelcast cluster on loopback: catalogue events and commands cross between them
 * through the record codecs' wire form (JSON).
 */
class ClusterTest {

  private static final long DEADLINE_MILLIS = 30_000;

  @Test
  void eventsAndCommandsCrossBetweenTwoNodes(@TempDir Path dataA, @TempDir Path dataB) throws Exception {
    int[] ports = ClusterEnv.freePortPair(5801);
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    // A cluster name of its own: a concurrent run elsewhere on the machine cannot join this one.
    String clusterName = "quotient-test-" + UUID.randomUUID();

    try (TestPlatform a = TestPlatform.start(dataA, TestPlatform.distributionPlugins(), ClusterEnv.of(ports[0], members, clusterName));
        TestPlatform b = TestPlatform.start(dataB, TestPlatform.distributionPlugins(), ClusterEnv.of(ports[1], members, clusterName))) {
      for (TestPlatform node : List.of(a, b)) {
        assertEquals(2, ((VertxInternal) node.node().vertx()).clusterManager().getNodes().size(),
            "both nodes are members of one cluster");
      }

      // An event published on A is consumed on B, equal in content.
      Events.ModuleCompleted sent = new Events.ModuleCompleted("org-1", "user-7", "module-3", 2, 0.875, true,
          List.of("discovery", "closing"), Instant.parse("2026-03-01T09:15:30.123456Z"));
      CompletableFuture<Events.ModuleCompleted> received = new CompletableFuture<>();
      MessageConsumer<Events.ModuleCompleted> consumer = b.node().vertx().eventBus()
          .consumer(Catalogue.MODULE_COMPLETED.address(), m -> received.complete(m.body()));
      await(consumer.completion());
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      // A learns of B's consumer asynchronously: publish until it arrives.
      while (!received.isDone()) {
        if (System.currentTimeMillis() > deadline) {
          fail("the event published on node A never reached node B");
        }
        a.node().vertx().eventBus().publish(Catalogue.MODULE_COMPLETED.address(), sent);
        try {
          received.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // publish again
        }
      }
      Events.ModuleCompleted got = received.get();
      assertEquals(sent, got);
      assertNotSame(sent, got, "a record that crossed nodes is decoded from the wire, not shared");
      await(consumer.unregister());

      // A command sent from B to the one handler on A gets its reply; failures keep their code. The
      // recognition plugin handles the real badge.award address on every node, so the command's payload
      // travels here to an address only this test's handler listens on.
      Instant awardedAt = Instant.parse("2026-03-02T10:00:00Z");
      await(a.node().vertx().eventBus().<Commands.AwardBadge>consumer(ONE_HANDLER_ADDRESS, m -> {
        Commands.AwardBadge c = m.body();
        if (c.badgeId().equals("unknown")) {
          m.fail(404, "no such badge");
        } else {
          m.reply(new Events.BadgeAwarded(c.orgId(), c.userId(), c.badgeId(), c.awardedBy(), awardedAt));
        }
      }).completion());
      Commands.AwardBadge command = new Commands.AwardBadge("org-1", "user-7", "badge-closer", "leader-1");
      Events.BadgeAwarded reply = request(b, command, deadline);
      assertEquals(new Events.BadgeAwarded("org-1", "user-7", "badge-closer", "leader-1", awardedAt), reply);
      try {
        request(b, new Commands.AwardBadge("org-1", "user-7", "unknown", "leader-1"), deadline);
        fail("the handler's failure did not reach the sender");
      } catch (ExecutionException e) {
        ReplyException failure = (ReplyException) e.getCause();
        assertEquals(ReplyFailure.RECIPIENT_FAILURE, failure.failureType());
        assertEquals(404, failure.failureCode());
        assertEquals("no such badge", failure.getMessage());
      }

      // Both nodes still serve HTTP as usual.
      assertEquals(200, a.get("/health", null).statusCode());
      assertEquals(200, b.get("/health", null).statusCode());
    }
  }

  /**
   * Two nodes over one store (B uses A's MongoDB-protocol server, as nodes share a replica set): activity
   * posted to A is scored there, its points cross the event bus, and B's leaderboard shows them.
   */
  @Test
  void aBoardServedByOneNodeShowsActivityPostedToTheOther(@TempDir Path dataA, @TempDir Path dataB) throws Exception {
    int[] ports = ClusterEnv.freePortPair(5901);
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    String clusterName = "quotient-test-" + UUID.randomUUID();
    try (TestPlatform a = TestPlatform.start(dataA, TestPlatform.distributionPlugins(), ClusterEnv.of(ports[0], members, clusterName))) {
      Map<String, String> envB = ClusterEnv.of(ports[1], members, clusterName);
      envB.put("MONGO_URI", a.node().embeddedMongoUri());
      try (TestPlatform b = TestPlatform.start(dataB, TestPlatform.distributionPlugins(), envB)) {
        String leaderOnA = a.token("leader@acme.example");
        String repOnB = b.token("rep1@acme.example");
        String rep1 = new JsonObject(b.get("/api/me", repOnB).body()).getString("id");
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        int round = 0;
        while (true) {
          // Posted until B's plugin is subscribed across the cluster; each post is a new meeting (5 points).
          round++;
          JsonObject meeting = new JsonObject().put("id", "cluster-" + round).put("userId", rep1).put("kind", "meeting")
              .put("occurredAt", Instant.now().minusSeconds(60).toString());
          assertEquals(201, a.json("POST", "/api/activities", leaderOnA, meeting.encode()).statusCode());
          Thread.sleep(300);
          JsonObject board = new JsonObject(b.get("/api/leaderboards/board?period=day", repOnB).body());
          JsonObject me = board.getJsonObject("me");
          if (me != null) {
            assertEquals(1, me.getInteger("rank"));
            assertEquals(0, me.getLong("score") % 5, "whole meetings only: " + board.encode());
            // From now on every credit reaches B: one more post moves B's board by exactly 5.
            long before = me.getLong("score");
            JsonObject more = new JsonObject().put("id", "cluster-more").put("userId", rep1).put("kind", "meeting")
                .put("occurredAt", Instant.now().minusSeconds(30).toString());
            assertEquals(201, a.json("POST", "/api/activities", leaderOnA, more.encode()).statusCode());
            long until = System.currentTimeMillis() + 5_000;
            long score = before;
            while (score != before + 5 && System.currentTimeMillis() < until) {
              Thread.sleep(50);
              score = new JsonObject(b.get("/api/leaderboards/board?period=day", repOnB).body()).getJsonObject("me")
                  .getLong("score");
            }
            assertEquals(before + 5, score, "node B counted node A's credit once");
            assertEquals(score, new JsonObject(a.get("/api/leaderboards/board?period=day", leaderOnA).body())
                .getJsonArray("top").getJsonObject(0).getLong("score"), "both nodes' boards agree");
            break;
          }
          if (System.currentTimeMillis() > deadline) {
            fail("points posted on node A never reached node B's board");
          }
        }
      }
    }
  }

  /** Where only this test's handler (on node A) takes award-badge commands. */
  private static final String ONE_HANDLER_ADDRESS = "quotient.test.cluster." + Catalogue.AWARD_BADGE.name();

  /** Sends from {@code from}, retrying while the handler's registration is not yet visible there. */
  private static Events.BadgeAwarded request(TestPlatform from, Commands.AwardBadge command, long deadline)
      throws Exception {
    while (true) {
      try {
        return await(from.node().vertx().eventBus()
            .<Events.BadgeAwarded>request(ONE_HANDLER_ADDRESS, command)
            .map(m -> m.body()));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
          continue;
        }
        throw e;
      }
    }
  }



  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
  }
}
