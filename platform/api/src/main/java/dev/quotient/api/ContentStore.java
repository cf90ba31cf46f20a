package dev.quotient.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Documents in MongoDB for one plugin. Collection names are prefixed with the plugin id, so plugins
 * cannot read each other's data. Every call runs off the event loop and completes on the caller's
 * context. Failures: {@link ClientError} for bad input (for example a duplicate key), any other
 * exception when the database is unavailable.
 */
public interface ContentStore {

  /** Inserts the document (an {@code _id} is generated when missing) and returns its id. */
  Future<String> insert(String collection, JsonObject document);

  /** The documents matching an equality filter, in insertion order, at most {@code limit}. */
  Future<List<JsonObject>> find(String collection, JsonObject equalityFilter, int limit);

  /** The document with this id, or null. */
  Future<JsonObject> get(String collection, String id);

  /** Sets the given fields on the document with this id; true when it existed. */
  Future<Boolean> set(String collection, String id, JsonObject fields);

  /** The number of documents matching an equality filter. */
  Future<Long> count(String collection, JsonObject equalityFilter);
}
