package dev.quotient.plugin.development.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A page model is built once for every view asking for it while it is built (an expired 500-person
 * team's figures were built again by each of 64 waiting requests), kept afterwards, and built again
 * after a failed build.
 */
class KeptModelsTest {

  @Test
  void viewsAskingWhileAModelIsBuiltShareTheOneBuild() {
    KeptModels<String> models = new KeptModels<>(Duration.ofSeconds(10));
    AtomicInteger builds = new AtomicInteger();
    Promise<String> building = Promise.promise();
    List<Future<String>> views = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      views.add(models.get("team|march", () -> {
        builds.incrementAndGet();
        return building.future();
      }));
    }
    assertEquals(1, builds.get());
    assertTrue(views.stream().noneMatch(Future::isComplete));
    building.complete("figures");
    assertTrue(views.stream().allMatch(v -> "figures".equals(v.result())));
    // kept: the next view builds nothing
    assertSame("figures", models.get("team|march", () -> Future.succeededFuture("again")).result());
    assertEquals("another", models.get("team|april", () -> Future.succeededFuture("another")).result());
  }

  @Test
  void anExpiredModelIsServedWhileOneBuildReplacesIt() throws InterruptedException {
    KeptModels<String> models = new KeptModels<>(Duration.ofMillis(20));
    assertEquals("first", models.get("team|march", () -> Future.succeededFuture("first")).result());
    Thread.sleep(40);
    AtomicInteger builds = new AtomicInteger();
    Promise<String> building = Promise.promise();
    for (int i = 0; i < 64; i++) {
      Future<String> view = models.get("team|march", () -> {
        builds.incrementAndGet();
        return building.future();
      });
      assertEquals("first", view.result(), "no view waits for the build");
    }
    assertEquals(1, builds.get(), "one build for every view of the expired model");
    building.complete("second");
    assertEquals("second", models.get("team|march", () -> Future.succeededFuture("third")).result());
    // a failed rebuild keeps serving the model it was to replace, and the next expired view tries again
    Thread.sleep(40);
    assertEquals("second", models.get("team|march", () -> Future.failedFuture(new IllegalStateException("down"))).result());
    assertEquals("second", models.get("team|march", () -> Future.succeededFuture("fourth")).result());
    assertEquals("fourth", models.get("team|march", () -> Future.succeededFuture("fifth")).result());
  }

  @Test
  void aFailedBuildIsNotKeptAndTheNextViewBuildsAgain() {
    KeptModels<String> models = new KeptModels<>(Duration.ofSeconds(10));
    Future<String> failed = models.get("k", () -> Future.failedFuture(new IllegalStateException("store down")));
    assertTrue(failed.failed());
    Future<String> thrown = models.get("k", () -> {
      throw new IllegalStateException("a bug");
    });
    assertTrue(thrown.failed());
    assertFalse(models.get("k", () -> Future.succeededFuture("built")).failed());
    assertEquals("built", models.get("k"));
  }
}
