package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every plugin jar the distribution ships speaks both languages completely: the same keys in
 * {@code i18n/<id>/messages_en} and {@code _pl}, with the same arguments, a title, and every key its
 * templates use (from its own bundle or the platform's, which it falls back to).
 */
class PluginBundlesTest {

  private static final Pattern LITERAL_T = Pattern.compile("\\{\\{\\s*t\\s+\"([^\"]+)\"");

  @Test
  void theDistributionShipsItsSevenPlugins() throws IOException {
    assertEquals(Set.of("training", "mentoring", "leaderboards", "recognition", "development", "needs", "hiring"),
        new TreeSet<>(pluginIds()));
  }

  @TestFactory
  Stream<DynamicTest> eachPluginBundleIsCompleteInEveryLanguage() throws IOException {
    Map<String, String> platform = properties(getClass().getClassLoader().getResourceAsStream(
        "i18n/messages_en.properties"));
    assertFalse(platform.isEmpty(), "the platform bundle is on the class path");
    return jars().stream().map(jar -> DynamicTest.dynamicTest(jar.getFileName().toString(), () -> {
      try (JarFile file = new JarFile(jar.toFile())) {
        String id = file.getManifest().getMainAttributes().getValue("Plugin-Id");
        assertNotNull(id, "Plugin-Id in " + jar);
        Map<String, String> en = entry(file, "i18n/" + id + "/messages_en.properties");
        Map<String, String> pl = entry(file, "i18n/" + id + "/messages_pl.properties");
        assertEquals(en.keySet(), pl.keySet(), id + ": the same keys in English and Polish");
        assertTrue(en.containsKey(id + ".title"), id + ".title names the plugin in the navigation");
        List<String> problems = new ArrayList<>();
        for (String key : en.keySet()) {
          if (!argumentIndexes(en.get(key)).equals(argumentIndexes(pl.get(key)))) {
            problems.add(key + ": different arguments in en and pl");
          }
          for (String pattern : List.of(en.get(key), pl.get(key))) {
            if (!argumentIndexes(pattern).isEmpty() && pattern.replace("''", "").contains("'")) {
              problems.add(key + ": a single apostrophe hides the rest of the message: " + pattern);
            }
          }
        }
        List<String> templates = Collections.list(file.entries()).stream().map(e -> e.getName())
            .filter(n -> n.startsWith("templates/" + id + "/") && n.endsWith(".hbs")).toList();
        assertFalse(templates.isEmpty(), id + " has templates");
        for (String template : templates) {
          String text = new String(file.getInputStream(file.getEntry(template)).readAllBytes(), StandardCharsets.UTF_8);
          Matcher m = LITERAL_T.matcher(text);
          while (m.find()) {
            if (!en.containsKey(m.group(1)) && !platform.containsKey(m.group(1))) {
              problems.add(template + " uses unknown key " + m.group(1));
            }
          }
        }
        assertEquals(List.of(), problems, id);
      }
    }));
  }

  private static List<String> pluginIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (Path jar : jars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        ids.add(file.getManifest().getMainAttributes().getValue("Plugin-Id"));
      }
    }
    return ids;
  }

  private static List<Path> jars() throws IOException {
    Path folder = TestPlatform.distributionPlugins();
    assertTrue(Files.isDirectory(folder), "the distribution was assembled: " + folder);
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static Map<String, String> entry(JarFile jar, String name) throws IOException {
    var entry = jar.getEntry(name);
    assertNotNull(entry, name + " in " + jar.getName());
    return properties(jar.getInputStream(entry));
  }

  private static Map<String, String> properties(InputStream stream) {
    Properties props = new Properties();
    try (InputStream in = stream) {
      if (in == null) {
        return Map.of();
      }
      props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> entries = new TreeMap<>();
    props.forEach((k, v) -> entries.put((String) k, (String) v));
    return entries;
  }

  /** The argument indexes of a MessageFormat pattern: {@code {n...}} outside quoted parts. */
  private static Set<Integer> argumentIndexes(String pattern) {
    Set<Integer> found = new TreeSet<>();
    boolean quoted = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '{' && !quoted) {
        int j = i + 1;
        while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
          j++;
        }
        if (j > i + 1) {
          found.add(Integer.parseInt(pattern.substring(i + 1, j)));
        }
      }
    }
    return found;
  }
}
