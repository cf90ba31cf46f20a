package dev.quotient.server.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.quotient.server.mongo.Database;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Projection checkpoints: a head document per projection ({@code projection_checkpoints}) naming the
 * log positions the state reflects, and the state's JSON in chunks ({@code projection_chunks}, under
 * MongoDB's 16 MB document limit). A save writes the new generation's chunks first and the head last,
 * then removes the old chunks: a crash at any point leaves the previous checkpoint whole. Blocking.
 */
final class Checkpoints {

  static final String HEADS = "projection_checkpoints";
  static final String CHUNKS = "projection_chunks";
  /** Characters of state JSON per chunk document. */
  static final int CHUNK_CHARS = 4_000_000;

  /** A loaded checkpoint. */
  record Saved(int version, long activityPosition, long pointsPosition, long setAside, Buffer state, long chars,
      long savedAt) {}

  private final MongoCollection<Document> heads;
  private final MongoCollection<Document> chunks;

  Checkpoints(Database database) {
    this.heads = database.collection(HEADS);
    this.chunks = database.collection(CHUNKS);
  }

  /** The projection's last checkpoint, or null (none, or its chunks are not all there). */
  Saved load(String id) {
    Document head = heads.find(Filters.eq("_id", id)).first();
    if (head == null) {
      return null;
    }
    long generation = head.get("generation", Number.class).longValue();
    int count = head.getInteger("chunks");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(chunkId(id, generation, i));
    }
    String[] parts = new String[count];
    // two chunks (8 MB) a reply: the server answers a find in one reply unless told, and the driver
    // refuses replies over 48 MB, so a state past 48 MB could be saved but never loaded
    for (Document d : chunks.find(Filters.in("_id", ids)).batchSize(2)) {
      parts[d.getInteger("n")] = d.getString("data");
    }
    long chars = 0;
    for (String part : parts) {
      if (part == null) {
        return null;
      }
      chars += part.length();
    }
    // the parts' bytes one after another, each part let go once copied: the state is parsed from the
    // bytes, never joined into one more string
    Buffer state = Buffer.buffer((int) Math.min(Integer.MAX_VALUE - 8, chars));
    for (int i = 0; i < parts.length; i++) {
      state.appendString(parts[i]);
      parts[i] = null;
    }
    return new Saved(head.getInteger("version"), head.get("activityPosition", Number.class).longValue(),
        head.get("pointsPosition", Number.class).longValue(), head.get("setAside", Number.class).longValue(),
        state, chars, head.getDate("savedAt").getTime());
  }

  /** Saves a checkpoint in place of the last one. */
  void save(String id, int version, long activityPosition, long pointsPosition, long setAside, String state,
      long now) {
    Document old = heads.find(Filters.eq("_id", id)).first();
    long generation = old == null ? 1 : old.get("generation", Number.class).longValue() + 1;
    // one chunk at a time: a year's state is tens of MB, and a copy of all of it at once ran a
    // 512 MB heap out while the store committed
    int count = 0;
    for (int from = 0; from < state.length() || count == 0; from += CHUNK_CHARS, count++) {
      String chunk = chunkId(id, generation, count);
      chunks.replaceOne(Filters.eq("_id", chunk), new Document("_id", chunk).append("projection", id).append("n", count)
          .append("data", state.substring(from, Math.min(state.length(), from + CHUNK_CHARS))),
          new ReplaceOptions().upsert(true));
    }
    heads.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("version", version)
        .append("activityPosition", activityPosition).append("pointsPosition", pointsPosition)
        .append("setAside", setAside).append("generation", generation).append("chunks", count)
        .append("savedAt", new Date(now)), new ReplaceOptions().upsert(true));
    if (old != null) {
      List<String> stale = new ArrayList<>();
      for (int i = 0; i < old.getInteger("chunks"); i++) {
        stale.add(chunkId(id, generation - 1, i));
      }
      chunks.deleteMany(Filters.in("_id", stale));
    }
  }

  /** Drops the projection's checkpoint: the next start folds the whole log. */
  void discard(String id) {
    heads.deleteOne(Filters.eq("_id", id));
    chunks.deleteMany(Filters.eq("projection", id));
  }

  private static String chunkId(String id, long generation, int n) {
    return id + "#" + generation + "#" + n;
  }
}
