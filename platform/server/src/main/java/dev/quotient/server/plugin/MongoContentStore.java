package dev.quotient.server.plugin;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOptions;
import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.ContentStore.Bound;
import dev.quotient.api.ContentStore.Filter;
import dev.quotient.api.ContentStore.Index;
import dev.quotient.api.ContentStore.Key;
import dev.quotient.api.ContentStore.Op;
import dev.quotient.api.ContentStore.Page;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.ObjectId;

/** A plugin's documents, in collections named {@code <plugin-id>_<collection>}. */
final class MongoContentStore implements ContentStore {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");
  /** MongoDB's codes for an index that exists with other options or another key specification. */
  private static final int INDEX_OPTIONS_CONFLICT = 85;
  private static final int INDEX_KEY_SPECS_CONFLICT = 86;
  private static final int DUPLICATE_KEY = 11000;
  private static final Map<Op, String> OPERATORS = Map.of(Op.GT, "$gt", Op.GTE, "$gte", Op.LT, "$lt", Op.LTE, "$lte");

  private final Database database;
  private final String prefix;

  MongoContentStore(Database database, String pluginId) {
    this.database = database;
    this.prefix = pluginId.replace('-', '_') + "_";
  }

  private MongoCollection<Document> collection(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("collection names are lower-case words: " + name);
    }
    return database.collection(prefix + name);
  }

  @Override
  public Future<String> insert(String collection, JsonObject document) {
    return database.call(() -> {
      Document d = Document.parse(document.encode());
      if (!d.containsKey("_id")) {
        d.put("_id", new ObjectId().toHexString());
      }
      writing(() -> collection(collection).insertOne(d));
      return String.valueOf(d.get("_id"));
    });
  }

  @Override
  public Future<List<JsonObject>> find(String collection, JsonObject equalityFilter, int limit) {
    return database.call(() -> collection(collection).find(equalities(equalityFilter)).limit(limit)
        .map(MongoContentStore::json).into(new ArrayList<>()));
  }

  @Override
  public Future<JsonObject> get(String collection, String id) {
    return database.call(() -> {
      Document d = collection(collection).find(Filters.eq("_id", id)).first();
      return d == null ? null : json(d);
    });
  }

  @Override
  public Future<Boolean> set(String collection, String id, JsonObject fields) {
    return database.call(() -> writing(() -> collection(collection)
        .updateOne(Filters.eq("_id", id), new Document("$set", literal(fields)))).getMatchedCount() == 1);
  }

  @Override
  public Future<Long> count(String collection, JsonObject equalityFilter) {
    return database.call(() -> collection(collection).countDocuments(equalities(equalityFilter)));
  }

  // --- additions: sorted reads, compare-and-set, upsert ---

  @Override
  public Future<List<JsonObject>> find(String collection, JsonObject equalityFilter, JsonObject sort, int limit) {
    Document order = new Document();
    literal(sort).forEach((k, v) -> order.put(k, v instanceof Number n && n.intValue() < 0 ? -1 : 1));
    return database.call(() -> collection(collection).find(equalities(equalityFilter)).sort(order).limit(limit)
        .map(MongoContentStore::json).into(new ArrayList<>()));
  }

  @Override
  public Future<Boolean> setIf(String collection, String id, JsonObject expected, JsonObject fields) {
    return database.call(() -> {
      Document query = equalities(expected);
      query.put("_id", new Document("$eq", id));
      return writing(() -> collection(collection).updateOne(query, new Document("$set", literal(fields))))
          .getModifiedCount() == 1;
    });
  }

  @Override
  public Future<Boolean> merge(String collection, String id, JsonObject fields) {
    return database.call(() -> writing(() -> collection(collection).updateOne(Filters.eq("_id", id),
        new Document("$set", literal(fields)), new UpdateOptions().upsert(true))).getUpsertedId() != null);
  }

  // --- additions: declared indexes, ranges, cursor pages, deletes ---

  @Override
  public Future<Void> index(String collection, Index index) {
    return database.call(() -> {
      Document keys = new Document();
      index.keys().forEach(k -> keys.put(field(k.field()), k.ascending() ? 1 : -1));
      // The driver names the index after its keys, so declaring it again is a no-op on MongoDB and on
      // the embedded server alike. The embedded server (mongo-java-server) builds and enforces unique
      // indexes only: it records a non-unique one, answers ok and keeps scanning the collection, so
      // the call is the same everywhere and only a real MongoDB gains the speed.
      try {
        collection(collection).createIndex(keys, new IndexOptions().unique(index.unique()));
      } catch (MongoServerException e) {
        if (duplicate(e)) {
          throw ClientError.conflict("error.duplicate");
        }
        if (e.getCode() == INDEX_OPTIONS_CONFLICT || e.getCode() == INDEX_KEY_SPECS_CONFLICT) {
          throw ClientError.conflict("error.index.conflict", keys.toJson());
        }
        throw e;
      }
      return null;
    });
  }

  @Override
  public Future<List<JsonObject>> find(String collection, Filter filter, List<Key> sort, int limit) {
    return database.call(() -> {
      if (limit < 1) {
        throw new IllegalArgumentException("a limit is at least 1: " + limit);
      }
      Document order = new Document();
      sort.forEach(k -> order.put(field(k.field()), k.ascending() ? 1 : -1));
      return collection(collection).find(query(filter)).sort(order).limit(limit)
          .map(MongoContentStore::json).into(new ArrayList<>());
    });
  }

  @Override
  public Future<Page> page(String collection, Filter filter, Key order, int size, String cursor) {
    return database.call(() -> {
      if (size < 1 || size > MAX_PAGE) {
        throw ClientError.badRequest("error.page.size", MAX_PAGE);
      }
      String f = field(order.field());
      int direction = order.ascending() ? 1 : -1;
      Document sort = new Document(f, direction);
      if (!"_id".equals(f)) {
        sort.append("_id", 1);
      }
      Document query = query(filter);
      if (cursor != null) {
        PageCursor after = PageCursor.decode(cursor, order);
        query = new Document("$and", List.of(query, after.rest()));
      }
      // One more than asked tells whether another page follows, so the last page has no cursor.
      List<Document> found = collection(collection).find(query).sort(sort).limit(size + 1).into(new ArrayList<>());
      List<Document> items = found.size() > size ? found.subList(0, size) : found;
      String next = null;
      if (found.size() > size) {
        Document last = items.get(size - 1);
        next = PageCursor.of(order, PageCursor.valueAt(last, f), last.get("_id")).encode();
      }
      return new Page(items.stream().map(MongoContentStore::json).toList(), next);
    });
  }

  @Override
  public Future<Boolean> delete(String collection, String id) {
    return database.call(() -> collection(collection).deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1);
  }

  @Override
  public Future<Long> deleteAll(String collection, JsonObject equalityFilter) {
    return database.call(() -> collection(collection).deleteMany(equalities(equalityFilter)).getDeletedCount());
  }

  /** A unique index refusing a write becomes a 409 the caller can explain. */
  private static <T> T writing(Supplier<T> write) {
    try {
      return write.get();
    } catch (MongoServerException e) {
      if (duplicate(e)) {
        throw ClientError.conflict("error.duplicate");
      }
      throw e;
    }
  }

  /** A write or an index build meeting a unique key twice (a write error, or a command's code 11000). */
  private static boolean duplicate(MongoServerException e) {
    return e instanceof MongoWriteException w ? w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
        : e.getCode() == DUPLICATE_KEY;
  }

  /**
   * Equalities as {@code $eq} and bounds as {@code $gt}/{@code $gte}/{@code $lt}/{@code $lte}, one
   * condition document per field; bounds are strings or numbers only, so they stay literal too.
   */
  private static Document query(Filter filter) {
    Document query = equalities(filter.equalities());
    List<Document> extra = new ArrayList<>();
    for (Bound b : filter.bounds()) {
      String f = field(b.field());
      Object v = b.value();
      if (!(v instanceof String || v instanceof Number)) {
        throw ClientError.badRequest("error.range.value", f);
      }
      Object bound = v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof String
          ? v : ((Number) v).doubleValue();
      String op = OPERATORS.get(b.op());
      Document condition = query.get(f) instanceof Document d ? d : new Document();
      if (condition.containsKey(op)) {
        extra.add(new Document(f, new Document(op, bound)));
      } else {
        condition.put(op, bound);
        query.put(f, condition);
      }
    }
    return extra.isEmpty() ? query : new Document("$and", concat(query, extra));
  }

  private static List<Document> concat(Document first, List<Document> rest) {
    List<Document> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static String field(String name) {
    if (name.startsWith("$") || name.isBlank()) {
      throw ClientError.badRequest("error.field.name", name);
    }
    return name;
  }

  /** Each entry becomes {@code $eq}, so values shaped like operators match literally. */
  private static Document equalities(JsonObject filter) {
    Document query = new Document();
    literal(filter).forEach((k, v) -> query.put(k, new Document("$eq", v)));
    return query;
  }

  /**
   * A stored document as plugins read it: what {@code new JsonObject(d.toJson())} gave (numbers that fit
   * an int become one, other BSON types their relaxed extended JSON), without writing and parsing the
   * text: a plan page's read of its plan spent most of its time there.
   */
  static JsonObject json(Document d) {
    JsonObject out = new JsonObject(new java.util.LinkedHashMap<>(d.size() * 2));
    d.forEach((k, v) -> out.put(k, jsonValue(v)));
    return out;
  }

  private static Object jsonValue(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer) {
      return v;
    }
    if (v instanceof Long l) {
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : l;
    }
    if (v instanceof Double x && Double.isFinite(x)) {
      return x;
    }
    if (v instanceof Document nested) {
      return json(nested);
    }
    if (v instanceof List<?> list) {
      io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray(new ArrayList<>(list.size()));
      list.forEach(item -> out.add(jsonValue(item)));
      return out;
    }
    // Dates, ids, decimals, binaries, NaN: as their extended JSON, like the text round trip.
    return new JsonObject(new Document("v", v).toJson()).getValue("v");
  }

  private static Document literal(JsonObject json) {
    json.fieldNames().forEach(MongoContentStore::field);
    return Document.parse(json.encode());
  }
}
