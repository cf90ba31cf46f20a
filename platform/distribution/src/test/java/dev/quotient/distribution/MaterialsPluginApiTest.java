package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.distribution.fixtures.LibraryReaderPlugin;
import dev.quotient.testkit.PluginJarBuilder;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins read the library through {@code PluginContext.materials()} with the caller's visibility:
 * a real plugin jar, built here, lists and opens items for a trainer and for a rep.
 */
class MaterialsPluginApiTest {

  @Test
  void aPluginSeesTheLibraryAsItsCallerDoes(@TempDir Path folder) {
    Path plugins = folder.resolve("plugins");
    PluginJarBuilder.plugin("library-reader").extension(LibraryReaderPlugin.class)
        .messages("en", Map.of("library-reader.title", "Reader"))
        .messages("pl", Map.of("library-reader.title", "Czytnik")).buildInto(plugins);
    try (TestPlatform platform = TestPlatform.start(folder.resolve("data"), plugins, Map.of())) {
      String trainer = platform.token("trainer@acme.example");
      String rep = platform.token("rep2@acme.example");
      HttpResponse<String> draft = platform.json("POST", "/api/materials", trainer,
          new JsonObject().put("title", "Draft playbook").put("kind", "other").encode());
      HttpResponse<String> published = platform.json("POST", "/api/materials", trainer,
          new JsonObject().put("title", "Published playbook").put("kind", "other").put("published", true).encode());
      assertEquals(201, draft.statusCode(), draft.body());
      String publishedId = new JsonObject(published.body()).getString("id");
      String draftId = new JsonObject(draft.body()).getString("id");
      assertEquals(201, MaterialsTestSupport.upload(platform, trainer, publishedId, "playbook.txt").statusCode());

      JsonArray forTrainer = new JsonArray(platform.get("/api/library-reader/items?q=playbook", trainer).body());
      assertEquals(2, forTrainer.size(), forTrainer.encode());
      JsonArray forRep = new JsonArray(platform.get("/api/library-reader/items?q=playbook", rep).body());
      assertEquals(1, forRep.size(), forRep.encode());
      assertEquals("Published playbook", forRep.getJsonObject(0).getString("title"));
      assertEquals("/library/" + publishedId, forRep.getJsonObject(0).getString("page"));
      assertEquals(1, forRep.getJsonObject(0).getInteger("versions"));
      assertEquals(404, platform.get("/api/library-reader/items/" + draftId, rep).statusCode());
      assertEquals(200, platform.get("/api/library-reader/items/" + draftId, trainer).statusCode());
    }
  }
}
