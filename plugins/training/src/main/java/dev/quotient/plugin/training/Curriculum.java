package dev.quotient.plugin.training;

import dev.quotient.api.web.Markdown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the shared curriculum ({@code content/training/}: {@code curriculum.yaml}, one folder per
 * module with {@code module.yaml} and lesson Markdown per language) from the plugin jar or a folder,
 * and checks every module strictly. An invalid curriculum is an {@link IllegalStateException} naming
 * the file, so the plugin does not start with half a catalogue.
 */
final class Curriculum {

  /** Where the files come from: a folder, or the copy packaged in the plugin jar. */
  interface Source {
    /** The file's text, or null when it does not exist. */
    String read(String path);

    String describe(String path);
  }

  private Curriculum() {}

  static Source folder(Path dir) {
    return new Source() {
      @Override
      public String read(String path) {
        Path file = dir.resolve(path);
        try {
          return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public String describe(String path) {
        return dir.resolve(path).toString();
      }
    };
  }

  static Source packaged(ClassLoader loader) {
    return new Source() {
      @Override
      public String read(String path) {
        try (InputStream in = loader.getResourceAsStream("curriculum/" + path)) {
          return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public String describe(String path) {
        return "content/training/" + path;
      }
    };
  }

  /** Every module in catalogue order, validated; empty when there is no {@code curriculum.yaml}. */
  static List<JsonObject> load(Source source, Markdown markdown) {
    String index = source.read("curriculum.yaml");
    if (index == null) {
      return List.of();
    }
    JsonObject catalogue = yaml(index, source.describe("curriculum.yaml"));
    if (!(catalogue.getValue("modules") instanceof JsonArray ids)) {
      throw new IllegalStateException(source.describe("curriculum.yaml") + ": modules must be a list of module ids");
    }
    List<JsonObject> modules = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = String.valueOf(ids.getValue(i));
      if (!ModuleRules.ID.matcher(id).matches()) {
        throw new IllegalStateException(source.describe("curriculum.yaml") + ": not a module id: " + id);
      }
      modules.add(module(source, id, markdown, i));
    }
    return modules;
  }

  private static JsonObject module(Source source, String id, Markdown markdown, int order) {
    String file = id + "/module.yaml";
    String text = source.read(file);
    if (text == null) {
      throw new IllegalStateException(source.describe(file) + ": missing (listed in curriculum.yaml)");
    }
    JsonObject m = yaml(text, source.describe(file));
    try {
      if (!id.equals(m.getValue("id"))) {
        throw new ModuleRules.Invalid("id must be the folder's name " + id + ", found " + m.getValue("id"));
      }
      if (m.getValue("lessons") instanceof JsonArray lessons) {
        for (int i = 0; i < lessons.size(); i++) {
          if (lessons.getValue(i) instanceof JsonObject lesson) {
            if (!(lesson.getValue("file") instanceof String name) || !name.matches("[A-Za-z0-9._-]+")) {
              throw new ModuleRules.Invalid("lessons[" + i + "].file must name the lesson's Markdown files");
            }
            JsonObject texts = new JsonObject();
            for (String lang : ModuleRules.LANGUAGES) {
              String md = source.read(id + "/" + name + "." + lang + ".md");
              if (md == null) {
                throw new IllegalStateException(source.describe(id + "/" + name + "." + lang + ".md")
                    + ": missing (lesson " + lesson.getValue("id") + " of " + id + ")");
              }
              texts.put(lang, md);
            }
            lesson.remove("file");
            lesson.put("text", texts);
          }
        }
      }
      ModuleRules.check(m, markdown, true);
    } catch (ModuleRules.Invalid e) {
      throw new IllegalStateException(source.describe(file) + ": " + e.getMessage());
    }
    return m.put("order", order);
  }

  /** YAML text as JSON (JSON types only: no dates, no custom tags). */
  static JsonObject yaml(String text, String where) {
    try {
      Object tree = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
      return Json.normalise(tree);
    } catch (YamlEngineException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalStateException(where + ": not valid YAML: " + e.getMessage());
    }
  }
}
