package dev.quotient.server.activity.imports;

import dev.quotient.api.ClientError;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Which column of the file feeds which activity field (by header name), and the leader's own names for
 * kinds ("Phone call" = call) on top of the built-in synonyms.
 *
 * @param columns the header for each mapped field; unmapped fields are absent
 * @param kinds the file's kind values mapped to kind keys
 */
public record Mapping(Map<ImportField, String> columns, Map<String, String> kinds) {

  public Mapping {
    columns = Map.copyOf(columns);
    kinds = Map.copyOf(kinds);
  }

  /** The first guess: each field takes the first unused column whose header is one of its usual names. */
  public static Mapping guess(List<String> header) {
    Map<ImportField, String> columns = new EnumMap<>(ImportField.class);
    Set<Integer> used = new HashSet<>();
    for (ImportField field : ImportField.values()) {
      for (int i = 0; i < header.size(); i++) {
        if (!used.contains(i) && field.matches(header.get(i))) {
          columns.put(field, header.get(i));
          used.add(i);
          break;
        }
      }
    }
    return new Mapping(columns, Map.of());
  }

  /** The column index of each mapped field; a 400 when a header is not in the file or a required field is missing. */
  Map<ImportField, Integer> indexes(List<String> header) {
    Map<ImportField, Integer> indexes = new EnumMap<>(ImportField.class);
    columns.forEach((field, column) -> {
      int i = header.indexOf(column);
      if (i < 0) {
        throw ClientError.badRequest("error.import.noColumn", column);
      }
      indexes.put(field, i);
    });
    for (ImportField field : ImportField.values()) {
      if (field.required() && !indexes.containsKey(field)) {
        throw ClientError.badRequest("error.import.unmapped", field.itemKey());
      }
    }
    return indexes;
  }

  /** From the API's {@code {mapping: {field: column}, kinds: {value: kind}}}; blank columns are unmapped. */
  public static Mapping fromJson(JsonObject mapping, JsonObject kinds) {
    Map<ImportField, String> columns = new EnumMap<>(ImportField.class);
    if (mapping != null) {
      for (String key : mapping.fieldNames()) {
        ImportField field = ImportField.byItemKey(key)
            .orElseThrow(() -> ClientError.badRequest("error.import.field", key));
        Object column = mapping.getValue(key);
        if (column instanceof String s && !s.isBlank()) {
          columns.put(field, s);
        }
      }
    }
    Map<String, String> own = new LinkedHashMap<>();
    if (kinds != null) {
      kinds.forEach(e -> {
        if (e.getValue() instanceof String s && !s.isBlank()) {
          own.put(e.getKey(), s);
        }
      });
    }
    return new Mapping(columns, own);
  }

  public JsonObject columnsJson() {
    JsonObject j = new JsonObject();
    for (ImportField f : ImportField.values()) {
      j.put(f.itemKey(), columns.get(f));
    }
    return j;
  }

  Document toDocument() {
    Document c = new Document();
    columns.forEach((f, column) -> c.append(f.itemKey(), column));
    // Kind values are file content: kept as a list of pairs, never as field names.
    List<Document> k = kinds.entrySet().stream()
        .map(e -> new Document("value", e.getKey()).append("kind", e.getValue())).toList();
    return new Document("columns", c).append("kinds", k);
  }

  static Mapping from(Document d) {
    Map<ImportField, String> columns = new EnumMap<>(ImportField.class);
    Document c = d.get("columns", Document.class);
    c.forEach((key, column) -> ImportField.byItemKey(key).ifPresent(f -> columns.put(f, (String) column)));
    Map<String, String> kinds = new LinkedHashMap<>();
    for (Document k : d.getList("kinds", Document.class, List.of())) {
      kinds.put(k.getString("value"), k.getString("kind"));
    }
    return new Mapping(columns, kinds);
  }
}
