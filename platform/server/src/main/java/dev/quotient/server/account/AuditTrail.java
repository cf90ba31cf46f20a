package dev.quotient.server.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Security-relevant events (sign-ins, failed sign-ins, role and token changes, invitations and the
 * passwords set with them), per organisation, newest first. Admins read it; nobody edits it.
 */
public final class AuditTrail {

  /** One entry. {@code actorId} is null for anonymous actions such as a failed sign-in. */
  public record Entry(String orgId, Instant at, String actorId, String action, String subject, String ip) {
    public Entry {
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(action, "action");
    }

    public JsonObject toJson() {
      return new JsonObject().put("at", at.toString()).put("actorId", actorId).put("action", action)
          .put("subject", subject).put("ip", ip);
    }
  }

  private final Database database;
  private final MongoCollection<Document> audit;

  public AuditTrail(Database database) {
    this.database = database;
    this.audit = database.collection("audit");
  }

  /** Stores the entry; the future completes once it is durable. */
  public Future<Void> record(Entry entry) {
    return database.call(() -> {
      recordBlocking(entry);
      return null;
    });
  }

  public void recordBlocking(Entry entry) {
    audit.insertOne(new Document("_id", new ObjectId().toHexString()).append("orgId", entry.orgId())
        .append("at", Date.from(entry.at())).append("actorId", entry.actorId())
        .append("action", entry.action()).append("subject", entry.subject()).append("ip", entry.ip()));
  }

  public Future<List<Entry>> latest(String orgId, int limit) {
    return database.call(() -> audit.find(Filters.eq("orgId", orgId)).sort(Sorts.descending("at")).limit(limit)
        .map(d -> new Entry(d.getString("orgId"), d.getDate("at").toInstant(), d.getString("actorId"),
            d.getString("action"), d.getString("subject"), d.getString("ip")))
        .into(new ArrayList<>()));
  }
}
