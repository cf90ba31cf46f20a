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
