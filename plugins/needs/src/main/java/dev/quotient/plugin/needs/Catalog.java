package dev.quotient.plugin.needs;

import dev.quotient.api.materials.Skill;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The plugin's data, read once from the jar and checked strictly: the seven audit questions with the
 * training topics each maps to, the survey topics with their IQ/EQ/BQ sub-skills, and the glossary a
 * trainer learns before the session. Every text exists in English and Polish.
 */
record Catalog(List<Question> questions, List<Topic> topics, List<Term> terms) {

  /** An audit question; {@code topics} are the training topics a gap in it calls for. */
  record Question(String id, int number, Map<String, String> shortText, Map<String, String> text, List<String> topics) {
    String shortText(Locale l) {
      return shortText.get(Catalog.lang(l));
    }

    String text(Locale l) {
      return text.get(Catalog.lang(l));
    }
  }

  /** A training topic of the team survey and the ranking. */
  record Topic(String id, Map<String, String> name, List<Skill> skills) {
    String name(Locale l) {
      return name.get(Catalog.lang(l));
    }
  }

  /** An industry term with its definition, listed under its topics in the trainer brief. */
  record Term(String id, Map<String, String> term, Map<String, String> definition, List<String> topics) {
    String term(Locale l) {
      return term.get(Catalog.lang(l));
    }

    String definition(Locale l) {
      return definition.get(Catalog.lang(l));
    }
  }

  static final List<String> LANGUAGES = List.of("en", "pl");

  Catalog {
    questions = List.copyOf(questions);
    topics = List.copyOf(topics);
    terms = List.copyOf(terms);
  }

  static String lang(Locale l) {
    return l != null && "pl".equals(l.getLanguage()) ? "pl" : "en";
  }

  Question question(String id) {
    return questions.stream().filter(q -> q.id().equals(id)).findFirst().orElse(null);
  }

  Topic topic(String id) {
    return topics.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
  }

  List<Term> termsOf(String topicId) {
    return terms.stream().filter(t -> t.topics().contains(topicId)).toList();
  }

  /** Reads the three files from the plugin jar; a mistake fails the plugin's start naming the entry. */
  static Catalog load(ClassLoader loader) {
    JsonArray qs = read(loader, "needs/audit-questions.json").getJsonArray("questions");
    JsonArray ts = read(loader, "needs/topics.json").getJsonArray("topics");
    JsonArray gs = read(loader, "needs/glossary.json").getJsonArray("terms");
    List<Topic> topics = new ArrayList<>();
    Set<String> topicIds = new HashSet<>();
    for (Object o : ts) {
      JsonObject t = (JsonObject) o;
      String id = id(t, topicIds, "topic");
      List<Skill> skills = new ArrayList<>();
      for (Object s : t.getJsonArray("skills", new JsonArray())) {
        try {
          skills.add(Skill.parse(String.valueOf(s)));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("topic " + id + ": unknown skill " + s);
        }
      }
      if (skills.isEmpty()) {
        throw new IllegalStateException("topic " + id + ": no skills");
      }
      topics.add(new Topic(id, texts(t, id, null), skills));
    }
    List<Question> questions = new ArrayList<>();
    Set<String> questionIds = new HashSet<>();
    for (Object o : qs) {
      JsonObject q = (JsonObject) o;
      String id = id(q, questionIds, "question");
      questions.add(new Question(id, questions.size() + 1, texts(q, id, "short"), texts(q, id, "text"),
          knownTopics(q, id, topicIds)));
    }
    List<Term> terms = new ArrayList<>();
    Set<String> termIds = new HashSet<>();
    for (Object o : gs) {
      JsonObject g = (JsonObject) o;
      String id = id(g, termIds, "term");
      terms.add(new Term(id, texts(g, id, "term"), texts(g, id, "definition"), knownTopics(g, id, topicIds)));
    }
    return new Catalog(questions, topics, terms);
  }

  private static String id(JsonObject entry, Set<String> seen, String what) {
    String id = entry.getString("id");
    if (id == null || !id.matches("[a-z][a-z0-9-]*") || !seen.add(id)) {
      throw new IllegalStateException(what + " id missing, malformed or repeated: " + id);
    }
    return id;
  }

  /** The English and Polish text of an entry: {@code en} itself, or its member {@code field}. */
  private static Map<String, String> texts(JsonObject entry, String id, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String lang : LANGUAGES) {
      Object v = entry.getValue(lang);
      String text = field == null ? (v instanceof String s ? s : null)
          : v instanceof JsonObject o ? o.getString(field) : null;
      if (text == null || text.isBlank()) {
        throw new IllegalStateException(id + ": missing " + lang + (field == null ? "" : " " + field));
      }
      out.put(lang, text);
    }
    return Map.copyOf(out);
  }

  private static List<String> knownTopics(JsonObject entry, String id, Set<String> topicIds) {
    List<String> out = new ArrayList<>();
    for (Object t : entry.getJsonArray("topics", new JsonArray())) {
      if (!topicIds.contains(String.valueOf(t))) {
        throw new IllegalStateException(id + ": unknown topic " + t);
      }
      out.add(String.valueOf(t));
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(id + ": no topics");
    }
    return List.copyOf(out);
  }

  private static JsonObject read(ClassLoader loader, String name) {
    try (InputStream in = Objects.requireNonNull(loader.getResourceAsStream(name), name)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
