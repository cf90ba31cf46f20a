package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's home page names a team's first reps and counts the rest, in the reader's language. */
class HomePageTest {

  @Test
  void aLargeTeamShowsItsFirstTwelveRepsAndHowManyMore(@TempDir Path data) {
    try (TestPlatform platform = TestPlatform.start(data)) {
      String admin = platform.token("admin@acme.example");
      String teamId = new JsonArray(platform.get("/api/teams", admin).body()).stream().map(JsonObject.class::cast)
          .filter(t -> t.getString("name").equals("Hunters")).findFirst().orElseThrow().getString("id");
      long before = new JsonArray(platform.get("/api/users", admin).body()).stream().map(JsonObject.class::cast)
          .filter(u -> teamId.equals(u.getString("teamId")) && u.getJsonArray("roles").contains("rep")).count();
      for (int i = 0; i < 20; i++) {
        String body = new JsonObject().put("email", String.format(Locale.ROOT, "hunter%02d@acme.example", i))
            .put("name", String.format(Locale.ROOT, "Hunter %02d", i)).put("roles", new JsonArray().add("rep"))
            .put("teamId", teamId).encode();
        HttpResponse<String> created = platform.json("POST", "/api/users", admin, body);
        assertEquals(201, created.statusCode(), created.body());
      }
      long reps = before + 20;
      String leader = platform.token("leader@acme.example");
      for (String language : new String[] {"en", "pl"}) {
        HttpResponse<String> home = platform.send(platform.request("/").header("Authorization", "Bearer " + leader)
            .header("Accept-Language", language).GET().build());
        assertEquals(200, home.statusCode(), home.body());
        Element team = Jsoup.parse(home.body()).select("article.team").stream()
            .filter(a -> a.selectFirst("h3").ownText().equals("Hunters")).findFirst().orElseThrow();
        assertEquals(String.valueOf(reps), team.selectFirst("h3 .badge").ownText());
        assertEquals(13, team.select("li").size(), team.html());
        String more = team.select("li").last().text();
        assertEquals(language.equals("en") ? "and " + (reps - 12) + " more" : "i " + (reps - 12) + " więcej", more);
        assertTrue(team.select("li").stream().limit(12).noneMatch(li -> li.hasClass("muted")));
      }
    }
  }
}
