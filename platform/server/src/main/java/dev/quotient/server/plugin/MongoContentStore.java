package dev.quotient.server.plugin;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.ObjectId;

/** A plugin's documents, in collections named {@code <plugin-id>_<collection>}. */
final class MongoContentStore implements ContentStore {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

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
      try {
        collection(collection).insertOne(d);
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
          throw ClientError.conflict("error.duplicate");
        }
        throw e;
      }
      return String.valueOf(d.get("_id"));
    });
  }

  @Override
  public Future<List<JsonObject>> find(String collection, JsonObject equalityFilter, int limit) {
    return database.call(() -> collection(collection).find(equalities(equalityFilter)).limit(limit)
        .map(d -> new JsonObject(d.toJson())).into(new ArrayList<>()));
  }

  @Override
  public Future<JsonObject> get(String collection, String id) {
    return database.call(() -> {
      Document d = collection(collection).find(Filters.eq("_id", id)).first();
      return d == null ? null : new JsonObject(d.toJson());
    });
  }

  @Override
  public Future<Boolean> set(String collection, String id, JsonObject fields) {
    return database.call(() -> collection(collection)
        .updateOne(Filters.eq("_id", id), new Document("$set", literal(fields))).getMatchedCount() == 1);
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
        .map(d -> new JsonObject(d.toJson())).into(new ArrayList<>()));
  }

  @Override
  public Future<Boolean> setIf(String collection, String id, JsonObject expected, JsonObject fields) {
    return database.call(() -> {
      Document query = equalities(expected);
      query.put("_id", new Document("$eq", id));
      return collection(collection).updateOne(query, new Document("$set", literal(fields))).getModifiedCount() == 1;
    });
  }

  @Override
  public Future<Boolean> merge(String collection, String id, JsonObject fields) {
    return database.call(() -> collection(collection).updateOne(Filters.eq("_id", id),
        new Document("$set", literal(fields)), new UpdateOptions().upsert(true)).getUpsertedId() != null);
  }

  /** Each entry becomes {@code $eq}, so values shaped like operators match literally. */
  private static Document equalities(JsonObject filter) {
    Document query = new Document();
    literal(filter).forEach((k, v) -> query.put(k, new Document("$eq", v)));
    return query;
  }

  private static Document literal(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (key.startsWith("$") || key.isBlank()) {
        throw ClientError.badRequest("error.field.name", key);
      }
    }
    return Document.parse(json.encode());
  }
}
