package dev.quotient.plugin.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict check of badges.json: every rule badge's trigger is known, or the start fails naming the badge. */
class BadgeCatalogueTest {

  @TempDir
  Path dir;

  @Test
  void theShippedFileIsValidAndHasEveryKind() {
    List<JsonObject> badges = BadgeCatalogue.load(null, getClass().getClassLoader());
    assertEquals(BadgeCatalogue.KINDS, badges.stream().map(b -> b.getString("kind")).collect(java.util.stream.Collectors.toSet()));
    assertTrue(badges.stream().anyMatch(b -> b.getString("id").equals("ten-deals")));
  }

  @Test
  void acceptsEachKindsTriggers() throws Exception {
    List<JsonObject> ok = load(
        badge("a-first-deal", "first-time", new JsonObject().put("event", "activity.recorded").put("activity", "won")),
        badge("a-first-module", "first-time", new JsonObject().put("event", "module.completed").put("passed", true)),
        badge("a-count", "threshold", new JsonObject().put("activity", "meeting").put("count", 3)),
        badge("a-points", "threshold", new JsonObject().put("points", 100)),
        badge("a-both", "threshold", new JsonObject().put("points", 100).put("activity", "won").put("count", 2)),
        badge("a-streak", "streak", new JsonObject().put("periods", 4)),
        badge("a-contest", "contest-winner", new JsonObject().put("place", 1)));
    assertEquals(7, ok.size());
  }

  @Test
  void refusesUnknownKindsTriggersAndActivitiesNamingTheBadge() {
    refused(badge("odd-kind", "lottery", new JsonObject()), "odd-kind", "kind must be one of");
    refused(badge("odd-key", "threshold", new JsonObject().put("points", 10).put("bonus", 2)), "odd-key", "trigger.bonus is unknown");
    refused(badge("odd-activity", "threshold", new JsonObject().put("activity", "dancing").put("count", 2)), "odd-activity",
        "trigger.activity must be one of");
    refused(badge("no-count", "threshold", new JsonObject().put("activity", "won")), "no-count", "trigger.count");
    refused(badge("zero-points", "threshold", new JsonObject().put("points", 0)), "zero-points", "trigger.points");
    refused(badge("empty-threshold", "threshold", new JsonObject()), "empty-threshold", "a threshold names");
    refused(badge("odd-event", "first-time", new JsonObject().put("event", "praise.given")), "odd-event", "trigger.event");
    refused(badge("old-streak", "streak", new JsonObject().put("activity", "follow-up").put("days", 10)), "old-streak",
        "trigger.activity is unknown for a streak badge");
    refused(badge("no-place", "contest-winner", new JsonObject().put("place", "first")), "no-place", "trigger.place");
    refused(badge("manual-rule", "manual", new JsonObject().put("place", 1)), "manual-rule", "a manual badge has no trigger");
  }

  private void refused(JsonObject badge, String id, String problem) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(badge));
    assertTrue(e.getMessage().contains("(" + id + ")") && e.getMessage().contains(problem), e.getMessage());
  }

  private List<JsonObject> load(JsonObject... badges) throws Exception {
    Files.writeString(dir.resolve("badges.json"), new JsonObject().put("badges", new JsonArray(List.of((Object[]) badges))).encode());
    return BadgeCatalogue.load(dir, getClass().getClassLoader());
  }

  private static JsonObject badge(String id, String kind, JsonObject trigger) {
    JsonObject texts = new JsonObject().put("en", id).put("pl", id);
    JsonObject b = new JsonObject().put("id", id).put("version", 1).put("kind", kind).put("name", texts)
        .put("description", texts).put("criteria", texts);
    return "manual".equals(kind) && trigger.isEmpty() ? b : b.put("trigger", trigger);
  }
}
