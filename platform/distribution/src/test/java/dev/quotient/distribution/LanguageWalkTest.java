package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.server.web.RouteRegistry;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page in both languages, as each role sees it with the demo's history: a Polish page holds no
 * phrase of the English bundles and an English page none of the Polish ones (the phrases of three
 * words or more that differ between the two bundles, placeholders cut out), so nothing is left
 * untranslated or shown in the organisation's language to an English reader; and no day is written
 * in ISO form where the reader's form belongs.
 */
class LanguageWalkTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");
  /** A day written as 2026-03-02: dates are shown in the reader's form. */
  private static final Pattern ISO_DAY = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}\\b");
  private static final List<String> PEOPLE = List.of("leader", "admin", "trainer", "mentor1", "rep1");

  @TempDir
  static Path data;
  private static TestPlatform platform;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of("QUOTIENT_DEMO_HISTORY_DAYS", "14"));
    try {
      platform.node().demoHistory().toCompletionStage().toCompletableFuture().get(120, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void noPageShowsTheOtherLanguage() throws IOException {
    Map<String, String> english = phrases("en", "pl");
    Map<String, String> polish = phrases("pl", "en");
    assertTrue(english.size() > 300 && polish.size() > 300, "the bundles were read: " + english.size() + ", " + polish.size());
    List<String> pages = platform.node().routes().declared().stream()
        .filter(d -> d.kind() == RouteRegistry.Kind.PAGE && d.method() == HttpMethod.GET && !d.path().contains(":")
            && !d.path().endsWith(".js") && !d.path().endsWith(".css") && !d.path().contains("*"))
        .map(RouteRegistry.Declared::path).distinct().sorted().toList();
    assertTrue(pages.size() > 20, pages.toString());
    // and pages of one person: their KPIs, points, mentoring profile
    String rep1 = new dev.quotient.server.account.AccountStore(platform.node().database())
        .userByEmail("rep1@acme.example").orElseThrow().id();
    pages = new ArrayList<>(pages);
    pages.addAll(List.of("/development/kpis/" + rep1, "/points?user=" + rep1, "/mentoring/profile/" + rep1));
    Map<String, Set<String>> found = new LinkedHashMap<>();
    int walked = 0;
    // the phrases of the page's own language seen: proof the walk reads text the bundles wrote
    Set<String> ownSeen = new TreeSet<>();
    for (String who : PEOPLE) {
      String token = platform.token(who + "@acme.example");
      for (String path : pages) {
        for (String lang : List.of("pl", "en")) {
          HttpResponse<String> r = platform.send(platform.request(path).header("Authorization", "Bearer " + token)
              .header("Accept", "text/html").header("Accept-Language", lang).GET().build());
          if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            continue;
          }
          walked++;
          String text = visibleText(Jsoup.parse(r.body()));
          Map<String, String> foreign = lang.equals("pl") ? english : polish;
          Map<String, String> own = lang.equals("pl") ? polish : english;
          java.util.regex.Matcher iso = ISO_DAY.matcher(text);
          while (iso.find()) {
            found.computeIfAbsent(lang + " " + path + " (" + who + ")", k -> new TreeSet<>())
                .add("an ISO date " + iso.group() + " where the reader's form belongs");
          }
          own.keySet().stream().filter(text::contains).forEach(ownSeen::add);
          for (Map.Entry<String, String> phrase : foreign.entrySet()) {
            if (text.contains(phrase.getKey())) {
              found.computeIfAbsent(lang + " " + path + " (" + who + ")", k -> new TreeSet<>())
                  .add("\"" + phrase.getKey() + "\" (" + phrase.getValue() + ")");
            }
          }
        }
      }
    }
    assertTrue(walked > 100, "pages walked: " + walked);
    assertTrue(ownSeen.size() > 200, "phrases of the page's own language found: " + ownSeen.size());
    assertTrue(found.isEmpty(), "text of the other language:\n" + String.join("\n", found.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue()).toList()));
  }

  /** What a reader sees: the text, and the labels assistive technology reads. */
  private static String visibleText(Document html) {
    html.select("script, style, code, pre, textarea").remove();
    StringBuilder out = new StringBuilder(html.body() == null ? "" : html.body().text());
    for (Element e : html.select("[aria-label], [placeholder], [title], img[alt]")) {
      for (String a : List.of("aria-label", "placeholder", "title", "alt")) {
        if (e.hasAttr(a)) {
          out.append('\n').append(e.attr(a));
        }
      }
    }
    out.append('\n').append(html.title());
    return out.toString();
  }

  /**
   * The phrases of every bundle in {@code lang} (three words or more, between placeholders) that the
   * {@code other} bundle does not have under the same key, each with the key it came from.
   */
  private static Map<String, String> phrases(String lang, String other) throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.exists(root.resolve("plugins"))) {
      root = root.getParent();
    }
    List<Path> bundles = new ArrayList<>();
    bundles.add(root.resolve("platform/server/src/main/resources/i18n/messages_" + lang + ".properties"));
    try (Stream<Path> files = Files.walk(root.resolve("plugins"))) {
      files.filter(p -> p.toString().contains("src/main/resources/i18n") && p.getFileName().toString()
          .equals("messages_" + lang + ".properties")).forEach(bundles::add);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Path bundle : bundles) {
      Properties mine = load(bundle);
      Properties theirs = load(bundle.resolveSibling("messages_" + other + ".properties"));
      for (String key : mine.stringPropertyNames()) {
        String value = mine.getProperty(key).replace("''", "'");
        if (value.equals(theirs.getProperty(key, "").replace("''", "'"))) {
          continue;
        }
        for (String part : PLACEHOLDER.split(value)) {
          String p = part.strip().replaceAll("^[,.:;()\\-–·\"„”]+|[,.:;()\\-–·\"„”]+$", "").strip();
          if (p.split("\\s+").length >= 3 && !sharedWithOther(p, theirs)) {
            out.putIfAbsent(p, key);
          }
        }
      }
    }
    return out;
  }

  /** A phrase the other language uses too (a product name, an example) is no sign of a wrong language. */
  private static boolean sharedWithOther(String phrase, Properties other) {
    for (Object v : other.values()) {
      if (String.valueOf(v).replace("''", "'").contains(phrase)) {
        return true;
      }
    }
    return false;
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      }
    }
    return p;
  }
}
