package dev.quotient.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Documents in MongoDB for one plugin. Collection names are prefixed with the plugin id, so plugins
 * cannot read each other's data. Every call runs off the event loop and completes on the caller's
 * context. Failures: {@link ClientError} for bad input (for example a duplicate key), any other
 * exception when the database is unavailable.
 *
 * <p>Filters are equalities only and field names may not start with {@code $}: values are always
 * matched and stored literally, so text from a request can never act as a query operator. There are
 * no transactions (the embedded server has none): each call changes one document atomically, so
 * design writes to be idempotent (deterministic ids, {@link #setIf compare-and-set}).
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

  // --- additions: sorted reads, compare-and-set, upsert ---

  /**
   * Like {@link #find(String, JsonObject, int)}, ordered by {@code sort} (field name to 1 for
   * ascending or -1 for descending), so lists and "the latest" need no sorting in memory.
   */
  Future<List<JsonObject>> find(String collection, JsonObject equalityFilter, JsonObject sort, int limit);

  /**
   * Sets {@code fields} only if the document with this id still has every value in {@code expected}:
   * a compare-and-set in one atomic update, so two requests racing on one document cannot both win.
   * True when this call changed the document.
   */
  Future<Boolean> setIf(String collection, String id, JsonObject expected, JsonObject fields);

  /**
   * Sets the given fields on the document with this id, creating it when missing (an upsert): repeated
   * calls leave one document, so retries are harmless. True when the document was created.
   */
  Future<Boolean> merge(String collection, String id, JsonObject fields);
}
