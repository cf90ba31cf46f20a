package dev.quotient.server.plugin;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore.Key;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.bson.Document;

/**
 * Where a page ended: the order it was read in, the last document's sort value and its id. Encoded as
 * base64url JSON {@code [field, 1|-1, value, id]}; the value is a string, number, boolean or null, the
 * id a string or number, so a cursor from a request can only ever be compared literally.
 */
record PageCursor(String field, boolean ascending, Object value, Object id) {

  private static final String ID = "_id";

  static PageCursor of(Key order, Object value, Object id) {
    if (!scalar(value) || !(id instanceof String || id instanceof Number)) {
      throw new IllegalStateException("pages are ordered by a field holding a string, number, boolean or nothing, "
          + "and ids that are strings or numbers: " + order.field());
    }
    return new PageCursor(order.field(), order.ascending(), value, id);
  }

  String encode() {
    String json = new JsonArray().add(field).add(ascending ? 1 : -1).add(value).add(id).encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor, if this store made it for this order; else a 400 {@code error.page.cursor}. */
  static PageCursor decode(String cursor, Key order) {
    try {
      JsonArray a = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      int direction = order.ascending() ? 1 : -1;
      if (a.size() == 4 && order.field().equals(a.getValue(0)) && a.getValue(1) instanceof Integer d && d == direction
          && scalar(a.getValue(2)) && (a.getValue(3) instanceof String || a.getValue(3) instanceof Number)) {
        return new PageCursor(order.field(), order.ascending(), a.getValue(2), a.getValue(3));
      }
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      // falls through to the same answer as a well-formed cursor for another order
    }
    throw ClientError.badRequest("error.page.cursor");
  }

  /**
   * The documents after this position in the order {@code field} then ascending {@code _id}. Missing
   * and null sort first ascending and last descending, and a range never matches them (MongoDB compares
   * within one type), so they get clauses of their own.
   */
  Document rest() {
    if (ID.equals(field)) {
      return new Document(ID, new Document(ascending ? "$gt" : "$lt", id));
    }
    Document sameValueLaterId = new Document(field, new Document("$eq", value)).append(ID, new Document("$gt", id));
    if (value == null) {
      return ascending
          ? new Document("$or", List.of(new Document(field, new Document("$ne", null)), sameValueLaterId))
          : sameValueLaterId;
    }
    Document beyond = new Document(field, new Document(ascending ? "$gt" : "$lt", value));
    return ascending
        ? new Document("$or", List.of(beyond, sameValueLaterId))
        : new Document("$or", List.of(beyond, sameValueLaterId, new Document(field, new Document("$eq", null))));
  }

  /** The value at a dotted path, null when missing; a path through an array has no single value. */
  static Object valueAt(Document document, String path) {
    Object v = document;
    for (String part : path.split("\\.")) {
      if (v == null) {
        return null;
      }
      if (!(v instanceof Document d)) {
        throw new IllegalStateException("pages are ordered by a field outside arrays: " + path);
      }
      v = d.get(part);
    }
    return v;
  }

  private static boolean scalar(Object v) {
    return v == null || v instanceof String || v instanceof Number || v instanceof Boolean;
  }
}
