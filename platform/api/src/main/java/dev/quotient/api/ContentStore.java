package dev.quotient.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
 *
 * <p>Reads that may grow with the organisation use {@link #page} (bounded pages with a cursor) or a
 * {@link Filter} with ranges and a limit, backed by the {@link #index indexes} the plugin declares at
 * start, rather than fetching everything and filtering in memory.
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

  // --- additions: declared indexes, ranges, cursor pages, deletes ---

  /** The largest {@link #page} size. */
  int MAX_PAGE = 500;

  /**
   * Creates the index if it does not exist yet; repeating the same declaration is harmless, so a
   * plugin declares the indexes its queries need at every start. On MongoDB these are real indexes.
   * The embedded server enforces unique indexes but accepts and ignores the others (its queries scan
   * the collection). Fails with {@link ClientError} 409 ({@code error.duplicate}) when a unique index
   * meets documents that already share a key, or ({@code error.index.conflict}) when an index on the
   * same keys exists with other options.
   */
  Future<Void> index(String collection, Index index);

  /**
   * The documents matching the filter's equalities and ranges, ordered by {@code sort} (empty: no
   * particular order), at most {@code limit} (at least 1). Fails with {@link ClientError} 400 for a
   * field name starting with {@code $} or a bound that is not a string or number.
   */
  Future<List<JsonObject>> find(String collection, Filter filter, List<Key> sort, int limit);

  /**
   * One page of the documents matching the filter, ordered by {@code order} with ties broken by
   * ascending {@code _id}, so every document appears exactly once across the pages even when many
   * share the sort value. Pass {@code cursor} null for the first page and then each page's
   * {@link Page#next()}; next is null after the last page. A cursor is opaque and valid only for the
   * same order. Keep the sort field one type (or missing) within a collection.
   *
   * <p>Fails with {@link ClientError} 400: {@code error.page.size} when {@code size} is outside 1 to
   * {@link #MAX_PAGE} (refused, not clamped, so a caller never mistakes a short page for the end),
   * {@code error.page.cursor} for a cursor this store did not make for this order, or as {@link
   * #find(String, Filter, List, int)}.
   */
  Future<Page> page(String collection, Filter filter, Key order, int size, String cursor);

  /**
   * Hands every matching document to {@code each}, one page of {@link #MAX_PAGE} at a time in the given
   * order, reading the next page only after {@code each} returned: for totals over a result of any size
   * while holding one page. Fails as {@link #page}, or with what {@code each} throws.
   */
  default Future<Void> forEachPage(String collection, Filter filter, Key order, Consumer<List<JsonObject>> each) {
    return pagesFrom(collection, filter, order, each, null);
  }

  private Future<Void> pagesFrom(String collection, Filter filter, Key order, Consumer<List<JsonObject>> each,
      String cursor) {
    return page(collection, filter, order, MAX_PAGE, cursor).compose(p -> {
      each.accept(p.items());
      return p.next() == null ? Future.succeededFuture() : pagesFrom(collection, filter, order, each, p.next());
    });
  }

  /** Deletes the document with this id; true when it existed. */
  Future<Boolean> delete(String collection, String id);

  /** Deletes every document matching an equality filter (an empty filter matches all) and returns how many. */
  Future<Long> deleteAll(String collection, JsonObject equalityFilter);

  /** A field of a sort order or an index, ascending or descending. */
  record Key(String field, boolean ascending) {
    public Key {
      Objects.requireNonNull(field, "field");
    }

    public static Key asc(String field) {
      return new Key(field, true);
    }

    public static Key desc(String field) {
      return new Key(field, false);
    }
  }

  /** An index on one or more fields (compound in the order given); unique refuses a second document with the same keys. */
  record Index(List<Key> keys, boolean unique) {
    public Index {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("an index has at least one key");
      }
    }

    public static Index on(Key... keys) {
      return new Index(List.of(keys), false);
    }

    public static Index uniqueOn(Key... keys) {
      return new Index(List.of(keys), true);
    }
  }

  /** A range bound on one field: {@code field op value}, the value a string (ISO dates too) or a number. */
  record Bound(String field, Op op, Object value) {
    public Bound {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
    }
  }

  /** The comparison of a {@link Bound}. */
  enum Op { GT, GTE, LT, LTE }

  /**
   * Equalities (matched literally, as {@link #find(String, JsonObject, int)}) and range bounds, all of
   * which must hold. Immutable: each method returns a new filter.
   */
  record Filter(JsonObject equalities, List<Bound> bounds) {
    public Filter {
      equalities = equalities == null ? new JsonObject() : equalities.copy();
      bounds = List.copyOf(bounds);
    }

    /** Documents with every value in {@code equalities}. */
    public static Filter where(JsonObject equalities) {
      return new Filter(equalities, List.of());
    }

    public Filter gt(String field, Object value) {
      return with(new Bound(field, Op.GT, value));
    }

    public Filter gte(String field, Object value) {
      return with(new Bound(field, Op.GTE, value));
    }

    public Filter lt(String field, Object value) {
      return with(new Bound(field, Op.LT, value));
    }

    public Filter lte(String field, Object value) {
      return with(new Bound(field, Op.LTE, value));
    }

    private Filter with(Bound bound) {
      List<Bound> more = new ArrayList<>(bounds);
      more.add(bound);
      return new Filter(equalities, more);
    }
  }

  /** One page of documents and the cursor of the next page, null when this is the last. */
  record Page(List<JsonObject> items, String next) {
    public Page {
      items = List.copyOf(items);
    }
  }
}
