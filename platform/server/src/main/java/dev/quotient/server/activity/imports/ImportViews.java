package dev.quotient.server.activity.imports;

import dev.quotient.server.i18n.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/** An import's stored document as the API's JSON and as the page's model, messages in the caller's language. */
final class ImportViews {

  private final Messages messages;
  private final java.util.function.ToIntFunction<String> position;

  /** @param position a queued job's place in this node's queue by import id (1 = next; 0 when unknown) */
  ImportViews(Messages messages, java.util.function.ToIntFunction<String> position) {
    this.messages = messages;
    this.position = position;
  }

  JsonObject toJson(Document d, Locale locale, Instant now) {
    JsonArray sample = new JsonArray();
    for (List<?> row : d.getList("sample", List.class, List.of())) {
      sample.add(new JsonArray(new ArrayList<>(row)));
    }
    Mapping mapping = Mapping.from(d.get("mapping", Document.class));
    JsonObject kinds = new JsonObject();
    mapping.kinds().forEach(kinds::put);
    JsonObject j = new JsonObject().put("id", d.getString("_id")).put("fileName", d.getString("fileName"))
        .put("rows", d.get("rows", Number.class).longValue())
        .put("headers", new JsonArray(d.getList("header", String.class)))
        .put("sample", sample)
        .put("mapping", mapping.columnsJson())
        .put("kinds", kinds)
        .put("createdAt", d.getDate("createdAt").toInstant().toString());
    Document report = d.get("report", Document.class);
    if (report != null) {
      j.put("report", reportJson(report, locale));
    }
    Document job = d.get("job", Document.class);
    if (job != null) {
      j.put("job", jobJson(d.getString("_id"), job, locale, now));
    }
    return j;
  }

  JsonObject reportJson(Document report, Locale locale) {
    long good = number(report, "good");
    long duplicates = number(report, "duplicates");
    return new JsonObject().put("rows", number(report, "rows")).put("good", good)
        .put("new", good - duplicates).put("duplicates", duplicates).put("bad", number(report, "bad"))
        .put("errorCount", number(report, "errorCount"))
        .put("errors", errorsJson(report.getList("errors", Document.class, List.of()), locale))
        .put("validatedAt", report.getDate("validatedAt").toInstant().toString());
  }

  /** The job's state; a queued job's {@code position} in this node's queue (1 = next) when it waits here. */
  JsonObject jobJson(String id, Document job, Locale locale, Instant now) {
    String state = ImportStore.state(job, now);
    JsonObject j = new JsonObject().put("state", state).put("total", number(job, "total"))
        .put("processed", number(job, "processed")).put("created", number(job, "created"))
        .put("duplicates", number(job, "duplicates")).put("failed", number(job, "failed"))
        .put("errors", errorsJson(job.getList("errors", Document.class, List.of()), locale))
        .put("startedAt", job.getDate("startedAt").toInstant().toString());
    if (ImportStore.QUEUED.equals(state)) {
      int place = position.applyAsInt(id);
      if (place > 0) {
        j.put("position", place);
      }
    }
    Date finished = job.getDate("finishedAt");
    if (finished != null) {
      j.put("finishedAt", finished.toInstant().toString());
    }
    return j;
  }

  private JsonArray errorsJson(List<Document> errors, Locale locale) {
    JsonArray out = new JsonArray();
    for (Document e : errors) {
      RowError r = ImportStore.rowError(e);
      out.add(new JsonObject().put("row", r.row()).put("column", r.column()).put("field", r.field())
          .put("message", message(r, locale)));
    }
    return out;
  }

  String message(RowError r, Locale locale) {
    return messages.text(locale, r.messageKey(), r.args().toArray());
  }

  /**
   * The page's model: the file's header and sample, a select per field with the mapped column chosen,
   * the kind values the last report could not read (to map by hand), the report and the job.
   */
  Map<String, Object> model(Document d, Locale locale, Instant now) {
    JsonObject json = toJson(d, locale, now);
    Map<String, Object> m = new HashMap<>();
    m.put("id", json.getString("id"));
    m.put("fileName", json.getString("fileName"));
    m.put("rows", json.getLong("rows"));
    List<String> header = d.getList("header", String.class);
    m.put("headers", header);
    m.put("sample", d.getList("sample", List.class, List.of()));
    Mapping mapping = Mapping.from(d.get("mapping", Document.class));
    List<Map<String, Object>> fields = new ArrayList<>();
    for (ImportField f : ImportField.values()) {
      String chosen = mapping.columns().get(f);
      List<Map<String, Object>> options = new ArrayList<>();
      for (String column : header) {
        options.add(Map.of("column", column, "selected", column.equals(chosen)));
      }
      fields.add(Map.of("key", f.itemKey(), "required", f.required(), "options", options, "none", chosen == null));
    }
    m.put("fields", fields);
    Map<String, String> kindValues = new LinkedHashMap<>(mapping.kinds());
    Document report = d.get("report", Document.class);
    if (report != null) {
      for (Document e : report.getList("errors", Document.class, List.of())) {
        if ("error.activity.kind".equals(e.getString("key")) && kindValues.size() < 20) {
          kindValues.putIfAbsent(e.getList("args", String.class).get(0), "");
        }
      }
      JsonObject r = json.getJsonObject("report");
      m.put("report", r.getMap());
      m.put("errors", maps(r.getJsonArray("errors")));
      long more = r.getLong("errorCount") - r.getJsonArray("errors").size();
      m.put("moreErrors", more > 0 ? more : null);
      m.put("canConfirm", r.getLong("good") > 0);
      m.put("hasBad", r.getLong("bad") > 0);
    }
    List<Map<String, Object>> kinds = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, String> e : kindValues.entrySet()) {
      List<Map<String, Object>> options = new ArrayList<>();
      for (dev.quotient.server.activity.ActivityKind k : dev.quotient.server.activity.ActivityKind.values()) {
        options.add(Map.of("key", k.key(), "selected", k.key().equals(e.getValue())));
      }
      kinds.add(Map.of("value", e.getKey(), "options", options, "n", i++));
    }
    m.put("kinds", kinds);
    if (json.containsKey("job")) {
      JsonObject job = json.getJsonObject("job");
      m.put("job", job.getMap());
      m.put("jobErrors", maps(job.getJsonArray("errors")));
      m.put("running", ImportStore.RUNNING.equals(job.getString("state"))
          || ImportStore.QUEUED.equals(job.getString("state")));
    }
    return m;
  }

  private static List<Map<String, Object>> maps(JsonArray array) {
    return array.stream().map(o -> ((JsonObject) o).getMap()).toList();
  }

  private static long number(Document d, String key) {
    Number n = d.get(key, Number.class);
    return n == null ? 0 : n.longValue();
  }
}
