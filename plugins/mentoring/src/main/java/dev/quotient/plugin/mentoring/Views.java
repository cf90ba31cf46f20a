package dev.quotient.plugin.mentoring;

import io.vertx.core.json.JsonObject;

/** Reading request bodies and views: typed fields, never a crash on a wrong type. */
final class Views {

  private Views() {}

  /** A text field of a request body, or null when absent; any other type is a 400, never a crash. */
  static String str(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw dev.quotient.api.ClientError.badRequest("mentoring.error.text", key);
  }

  /** A nested object of a view, or an empty one when absent or null. */
  static JsonObject obj(JsonObject json, String key) {
    return json.getValue(key) instanceof JsonObject o ? o : new JsonObject();
  }
}
