package dev.quotient.plugin.development.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan page's data as the key its built model is kept by. */
class PlanViewDataTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

  private static PlanView.Data data(JsonObject plan, PlanView.Roster roster, Set<String> passed) {
    return new PlanView.Data(plan, "viewer", true, roster, passed, Map.of(), TODAY, Map.of());
  }

  @Test
  void theSameRosterAndPlanGiveTheSameKeyAndAnyChangeAnother() {
    PlanView.Roster roster = new PlanView.Roster(Map.of("u1", "Ann"), List.of(Map.of("id", "m1", "name", "Mia")));
    JsonObject plan = new JsonObject().put("_id", "p1").put("revision", 1);
    PlanView.Data a = data(plan, roster, Set.of());
    PlanView.Data b = data(plan.copy(), roster, Set.of());
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, data(plan.copy().put("revision", 2), roster, Set.of()), "an edited plan");
    assertNotEquals(a, data(plan, roster, Set.of("module-1")), "a module passed since");
    // another answer of the directory builds another roster, and with it another page
    assertNotEquals(a, data(plan, new PlanView.Roster(Map.of("u1", "Ann"), List.of(Map.of("id", "m1", "name", "Mia"))),
        Set.of()));
  }

  @Test
  void aRosterAnswersForAbsentAndMissingIds() {
    // a plan without a mentor looks up a null id: the page must show no name, not fail
    PlanView.Roster roster = new PlanView.Roster(Map.of("u1", "Ann"), List.of());
    assertNull(roster.names().get(null));
    assertNull(roster.names().get("nobody"));
    assertEquals("Ann", data(new JsonObject().put("_id", "p1"), roster, Set.of()).names().get("u1"));
  }
}
