package dev.quotient.plugin.development.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PageModelsTest {

  private final AtomicLong now = new AtomicLong();
  private final JsonObject plan = new JsonObject().put("_id", "p1").put("revision", 3).put("version", 1).put("status", "sent");

  @Test
  void keepsAViewersModelUntilItExpiresOrThePlanChanges() {
    PageModels models = new PageModels(60, now::get);
    models.put("rep", plan, Map.of("goals", "three"));
    assertEquals("three", models.get("rep", plan).get("goals"));
    assertNull(models.get("leader", plan), "another viewer builds their own");
    assertNull(models.get("rep", plan.copy().put("status", "accepted")), "an acceptance is seen at once");
    assertNull(models.get("rep", plan.copy().put("revision", 4)), "an edit is seen at once");
    now.addAndGet(61_000_000_000L);
    assertNull(models.get("rep", plan), "expired after 60 seconds");
  }

  @Test
  void offByDefaultKeepsNothing() {
    PageModels models = new PageModels(0, now::get);
    models.put("rep", plan, Map.of("goals", "three"));
    assertNull(models.get("rep", plan));
  }
}
