package dev.quotient.server.i18n;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The platform speaks every supported language completely: both bundles have the same keys with
 * the same arguments, and every key a template or the code asks for exists, including the keys
 * templates build at run time with {@code concat}.
 */
class MessagesTest {

  private static final Pattern LITERAL_T = Pattern.compile("\\{\\{\\s*t\\s+\"([^\"]+)\"");
  private static final Pattern CONCAT = Pattern.compile("\\(\\s*concat\\s+\"([^\"]+)\"");
  /** The prefixes whose keys this test derives from the values they are built from. */
  private static final Set<String> COVERED_PREFIXES = Set.of("role.", "value.", "audit.", "language.", "problem.status.",
      "plugin.state.",
      // trainer-content store
      "library.kind.", "library.area.", "library.skill.", "library.audience.",
      // points
      "points.area.",
      // activity import
      "import.field.", "import.job.",
      // people who leave
      "departure.");
  /** Every status the platform answers with a problem (its title is {@code problem.status.<n>}). */
  private static final List<Integer> STATUSES = List.of(400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503);

  private static final Map<String, String> EN = bundle("en");
  private static final Map<String, String> PL = bundle("pl");

  @Test
  void everyMessageReadsAsMessageFormatWouldWriteIt() {
    // Patterns are parsed once and numbers formatted ahead: each message, with numbers, fractions, text
    // and a date as its arguments, must read exactly as a new MessageFormat of its pattern writes it.
    Messages messages = Messages.load(Messages.class.getClassLoader(), "i18n/messages", null);
    List<Object[]> argumentSets = List.of(new Object[] {1234567, 2.5, "text", 0, 1L, -3},
        new Object[] {0, 1, 2, 3, 4, 5}, new Object[] {"a", "b", "c", "d", "e", "f"},
        new Object[] {12.75, new java.math.BigDecimal("1000.5"), 7L, 1, 2, 3});
    List<String> wrong = new ArrayList<>();
    int compared = 0;
    for (Locale locale : Messages.SUPPORTED) {
      for (Map.Entry<String, String> e : messages.entries(locale).entrySet()) {
        for (Object[] args : argumentSets) {
          String expected;
          try {
            expected = new MessageFormat(e.getValue(), locale).format(args);
          } catch (IllegalArgumentException notForTheseArguments) {
            continue;
          }
          compared++;
          // twice: the second reads the parsed pattern kept by the first
          for (int time = 0; time < 2; time++) {
            String actual = messages.text(locale, e.getKey(), args);
            if (!expected.equals(actual)) {
              wrong.add(locale + " " + e.getKey() + ": " + actual + " (expected " + expected + ")");
            }
          }
        }
      }
    }
    assertTrue(compared > 1000, "compared " + compared);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void bothLanguagesHaveTheSameKeys() {
    assertFalse(EN.isEmpty());
    Set<String> onlyEnglish = new TreeSet<>(EN.keySet());
    onlyEnglish.removeAll(PL.keySet());
    Set<String> onlyPolish = new TreeSet<>(PL.keySet());
    onlyPolish.removeAll(EN.keySet());
    assertAll(
        () -> assertEquals(Set.of(), onlyEnglish, "missing from messages_pl.properties"),
        () -> assertEquals(Set.of(), onlyPolish, "missing from messages_en.properties"));
    for (Locale locale : Messages.SUPPORTED) {
      assertNotNull(Messages.class.getClassLoader()
          .getResource("i18n/messages_" + locale.getLanguage() + ".properties"), "a bundle for " + locale);
    }
  }

  @Test
  void bothLanguagesUseTheSameArgumentsForEachKey() {
    Map<String, String> mismatched = new TreeMap<>();
    for (String key : EN.keySet()) {
      if (PL.containsKey(key)) {
        Set<Integer> en = argumentIndexes(EN.get(key));
        Set<Integer> pl = argumentIndexes(PL.get(key));
        if (!en.equals(pl)) {
          mismatched.put(key, "en " + en + " pl " + pl);
        }
      }
    }
    assertEquals(Map.of(), mismatched);
  }

  @Test
  void everyMessageIsAValidPatternAndApostrophesInPatternsWithArgumentsAreDoubled() {
    List<String> bad = new ArrayList<>();
    for (Map<String, String> bundle : List.of(EN, PL)) {
      bundle.forEach((key, pattern) -> {
        try {
          new MessageFormat(pattern, Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
          bad.add(key + ": " + e.getMessage());
        }
        if (!argumentIndexes(pattern).isEmpty() && pattern.replace("''", "").contains("'")) {
          bad.add(key + ": a single apostrophe hides the rest of the message: " + pattern);
        }
      });
    }
    assertEquals(List.of(), bad);
  }

  @Test
  void argumentIndexesAreReadAsMessageFormatReadsThem() {
    assertEquals(Set.of(), argumentIndexes("No arguments, it''s plain"));
    assertEquals(Set.of(0, 1), argumentIndexes("A password has {0} to {1} characters."));
    assertEquals(Set.of(1), argumentIndexes("'{0}' is quoted, {1} is not"));
    assertEquals(Set.of(0), argumentIndexes("{0,number,integer} items"));
  }

  @Test
  void everyLiteralKeyUsedInTemplatesExists() throws IOException {
    Map<String, Set<String>> used = templateKeys(LITERAL_T);
    assertTrue(used.values().stream().mapToInt(Set::size).sum() > 50, "templates were found: " + used.keySet());
    Map<String, Set<String>> missing = new TreeMap<>();
    used.forEach((template, keys) -> {
      Set<String> absent = keys.stream().filter(k -> !EN.containsKey(k)).collect(Collectors.toCollection(TreeSet::new));
      if (!absent.isEmpty()) {
        missing.put(template, absent);
      }
    });
    assertEquals(Map.of(), missing);
  }

  @Test
  void keysBuiltWithConcatInTemplatesUseOnlyPrefixesThisTestCovers() throws IOException {
    Set<String> prefixes = templateKeys(CONCAT).values().stream().flatMap(Set::stream)
        .collect(Collectors.toCollection(TreeSet::new));
    assertFalse(prefixes.isEmpty());
    Set<String> uncovered = new TreeSet<>(prefixes);
    uncovered.removeAll(COVERED_PREFIXES);
    assertEquals(Set.of(), uncovered, "add the values of these prefixes to MessagesTest");
  }

  @Test
  void everyPluginStateHasAName() {
    assertAllExist(Stream.of(dev.quotient.server.plugin.PluginState.values()).map(s -> "plugin.state." + s.name()));
  }

  // --- trainer-content store ---

  @Test
  void everyImportFieldAndJobStateHasAText() {
    assertAllExist(Stream.of(dev.quotient.server.activity.imports.ImportField.values())
        .map(f -> "import.field." + f.itemKey()));
    assertAllExist(Stream.of("running", "done", "failed", "interrupted").map(s -> "import.job." + s));
  }

  @Test
  void everyLibraryKindSkillAreaAndAudienceHasAName() {
    assertAllExist(Stream.of(dev.quotient.api.materials.MaterialKind.values()).map(k -> "library.kind." + k.key()));
    assertAllExist(Stream.of(dev.quotient.api.materials.Skill.values()).map(k -> "library.skill." + k.key()));
    assertAllExist(Stream.of(dev.quotient.api.materials.Skill.Area.values()).map(a -> "library.area." + a.name()));
    assertAllExist(Stream.of("rep", "mentor", "leader").map(a -> "library.audience." + a));
  }

  @Test
  void everyDepartureReasonHasAName() {
    assertAllExist(dev.quotient.server.account.User.Departure.REASONS.stream().map(r -> "departure." + r));
  }

  @Test
  void everyRoleHasAName() {
    assertAllExist(Stream.of(Role.values()).map(r -> "role." + r.key()));
  }

  @Test
  void everyAuditActionHasAName() throws IOException {
    Set<String> actions = auditActions();
    assertTrue(actions.containsAll(Set.of("signin", "signin.failed", "token.created", "token.revoked", "user.roles")),
        "actions were found in the code: " + actions);
    assertAllExist(actions.stream().map(a -> "audit." + a));
  }

  @Test
  void everyValueOfTheDemoOrganisationHasAName() throws IOException {
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream("content/demo/organisation.json")) {
      assertNotNull(in, "the demo organisation ships with the server");
      JsonObject demo = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertFalse(demo.getJsonArray("values").isEmpty());
      assertAllExist(demo.getJsonArray("values").stream().map(v -> "value." + v));
    }
  }

  @Test
  void everySkillAreaHasAPointsName() {
    assertAllExist(Stream.of(dev.quotient.api.materials.Skill.Area.values()).map(a -> "points.area." + a.name()));
  }

  @Test
  void everyLanguageHasItsOwnName() {
    assertAllExist(Messages.SUPPORTED.stream().map(l -> "language." + l.getLanguage()));
  }

  @Test
  void everyStatusThePlatformAnswersHasATitle() throws IOException {
    Set<Integer> statuses = new TreeSet<>(STATUSES);
    Matcher m = Pattern.compile("new (?:ClientError|Problems\\.Problem|Problem)\\(\\s*(\\d{3})\\s*,")
        .matcher(mainSources());
    while (m.find()) {
      statuses.add(Integer.parseInt(m.group(1)));
    }
    assertAllExist(statuses.stream().map(s -> "problem.status." + s));
  }

  @Test
  void everyMessageKeyTheCodeAsksForExists() throws IOException {
    String code = mainSources();
    Set<String> keys = new TreeSet<>();
    // Error keys ("error.status." and similar are prefixes the code completes; checked above).
    collect(Pattern.compile("\"(error\\.[A-Za-z0-9.]*[A-Za-z0-9])\""), code, keys);
    // Explicit look-ups and page titles.
    collect(Pattern.compile("\\.text\\([^,()]+,\\s*\"([A-Za-z0-9.]+)\""), code, keys);
    collect(Pattern.compile("render\\(ctx,\\s*\"[^\"]+\",\\s*\"([A-Za-z0-9.]+)\""), code, keys);
    assertTrue(keys.size() > 20, "keys were found in the code: " + keys);
    assertAllExist(keys.stream());
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  private static void assertAllExist(Stream<String> keys) {
    Set<String> missing = keys.filter(k -> !EN.containsKey(k) || !PL.containsKey(k))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), missing, "keys missing from a bundle");
  }

  /** The audit actions the account service records: the action is the first string of each entry. */
  private static Set<String> auditActions() throws IOException {
    Set<String> actions = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/quotient/server/account"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        collect(Pattern.compile("new AuditTrail\\.Entry\\([^\"]*\"([^\"]+)\""), Files.readString(file), actions);
      }
    }
    return actions;
  }

  private static String mainSources() throws IOException {
    Path root = Path.of("src/main/java");
    assertTrue(Files.isDirectory(root), "run from the server module: " + root.toAbsolutePath());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n"));
    }
  }

  /** The keys the pattern finds in each template (templates/**.hbs on the class path). */
  private static Map<String, Set<String>> templateKeys(Pattern pattern) throws IOException {
    URL url = Messages.class.getClassLoader().getResource("templates/layout.hbs");
    assertNotNull(url, "the platform templates are on the class path");
    Path root;
    try {
      root = Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Set<String>> keys = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".hbs")).toList()) {
        Set<String> found = new TreeSet<>();
        collect(pattern, Files.readString(p), found);
        keys.put(root.relativize(p).toString(), found);
      }
    }
    return keys;
  }

  /** Read by the production loader, so the test checks exactly what pages use. */
  private static Map<String, String> bundle(String language) {
    return new TreeMap<>(Messages.load(Messages.class.getClassLoader(), "i18n/messages", null)
        .entries(java.util.Locale.forLanguageTag(language)));
  }

  /**
   * The argument indexes a {@link MessageFormat} pattern uses: {@code {n...}} outside quotes, where
   * {@code ''} is a literal apostrophe and a single one starts or ends a quoted part.
   */
  static Set<Integer> argumentIndexes(String pattern) {
    Set<Integer> found = new TreeSet<>();
    boolean quoted = false;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        quoted = !quoted;
      } else if (c == '{' && !quoted) {
        int j = i + 1;
        int start = j;
        while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
          j++;
        }
        if (j > start) {
          found.add(Integer.parseInt(pattern.substring(start, j)));
        }
        int depth = 1;
        while (j < pattern.length() && depth > 0) {
          char d = pattern.charAt(j);
          depth += d == '{' ? 1 : d == '}' ? -1 : 0;
          j++;
        }
        i = j;
        continue;
      }
      i++;
    }
    return found;
  }
}
