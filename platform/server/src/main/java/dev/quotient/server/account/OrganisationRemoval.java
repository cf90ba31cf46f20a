package dev.quotient.server.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the demo organisation and everything of it (admins of the demo organisation only): every
 * document of every collection that names it (its people, teams, tokens, audit trail, activities and
 * points, the plugins' data), the files stored for it, then the organisation. Every node then refolds
 * its projections without it ({@code organisation.removed}). A later start does not create the demo
 * again; with no organisation left, it prints a setup link. Real organisations are not removed here.
 */
public final class OrganisationRemoval {

  private static final Logger LOG = LoggerFactory.getLogger(OrganisationRemoval.class);
  /** Marks that the demo was removed, so a start with the demo switched on does not create it again. */
  public static final String DEMO_REMOVED = "demo-removed";

  private final Vertx vertx;
  private final Database database;
  private final AccountStore accounts;
  private final Clock clock;
  private final Supplier<Future<?>> demoHistory;

  /** @param demoHistory completes once the demo's history is recorded: the removal waits for it */
  public OrganisationRemoval(Vertx vertx, Database database, AccountStore accounts, Clock clock,
      Supplier<Future<?>> demoHistory) {
    this.vertx = vertx;
    this.database = database;
    this.accounts = accounts;
    this.clock = clock;
    this.demoHistory = demoHistory;
  }

  /** True when the organisation is the demo's (the settings page offers the removal then). */
  public Future<Boolean> isDemo(String orgId) {
    return database.call(() -> accounts.isDemo(orgId));
  }

  /**
   * Removes the caller's organisation when it is the demo's and {@code confirmName} repeats its name:
   * 409 for any other organisation, 400 for a name that does not match. Returns how many documents
   * and files went.
   */
  public Future<Long> remove(CurrentUser admin, String confirmName, String client) {
    return database.call(() -> {
      Organisation org = accounts.organisation(admin.orgId())
          .orElseThrow(() -> ClientError.notFound("error.organisation.unknown"));
      if (!accounts.isDemo(org.id())) {
        throw ClientError.conflict("error.organisation.notDemo", org.name());
      }
      if (confirmName == null || !confirmName.strip().equals(org.name())) {
        throw ClientError.badRequest("error.organisation.confirmName", org.name());
      }
      return org;
    }).compose(org -> demoHistory.get().transform(x -> database.call(() -> {
      long removed = removeEverything(org.id());
      database.collection("settings").replaceOne(Filters.eq("_id", DEMO_REMOVED),
          new Document("_id", DEMO_REMOVED).append("name", org.name()).append("by", admin.email())
              .append("at", java.util.Date.from(clock.instant())),
          new com.mongodb.client.model.ReplaceOptions().upsert(true));
      accounts.forget(org.id());
      LOG.info("demo organisation '{}' removed by {} from {}: {} documents and files", org.name(), admin.email(),
          client, removed);
      return removed;
    }))).onSuccess(n -> vertx.eventBus().publish(Catalogue.ORGANISATION_REMOVED.address(),
        new Events.OrganisationRemoved(admin.orgId(), Instant.now(clock))));
  }

  /** Deletes every document naming the organisation, its files, then the organisation; blocking. */
  private long removeEverything(String orgId) {
    long removed = 0;
    List<String> names = database.db().listCollectionNames().into(new ArrayList<>());
    for (String name : names) {
      if (name.endsWith(".files")) {
        GridFSBucket bucket = GridFSBuckets.create(database.db(), name.substring(0, name.length() - ".files".length()));
        for (org.bson.BsonDocument file : database.db().getCollection(name, org.bson.BsonDocument.class)
            .find(Filters.eq("metadata.orgId", orgId)).projection(new Document("_id", 1))) {
          bucket.delete(file.get("_id"));
          removed++;
        }
      }
    }
    // Files stored before their metadata named the organisation: found through the documents naming them.
    for (String name : names) {
      if (name.endsWith(".files") || name.endsWith(".chunks") || name.equals("orgs")) {
        continue;
      }
      for (org.bson.BsonDocument d : database.db().getCollection(name, org.bson.BsonDocument.class)
          .find(Filters.and(Filters.eq("orgId", orgId), Filters.type("fileId", org.bson.BsonType.OBJECT_ID)))
          .projection(new Document("fileId", 1))) {
        for (String files : names) {
          if (files.endsWith(".files") && database.db().getCollection(files).countDocuments(
              Filters.eq("_id", d.get("fileId"))) > 0) {
            GridFSBuckets.create(database.db(), files.substring(0, files.length() - ".files".length()))
                .delete(d.get("fileId"));
            removed++;
          }
        }
      }
    }
    for (String name : names) {
      if (name.endsWith(".files") || name.endsWith(".chunks") || name.equals("orgs")) {
        continue;
      }
      MongoCollection<Document> collection = database.collection(name);
      // what names it, and what is kept under its id (its sequence, the scorer's place)
      removed += collection.deleteMany(Filters.or(Filters.eq("orgId", orgId), Filters.eq("_id", orgId)))
          .getDeletedCount();
    }
    accounts.deleteOrganisation(orgId);
    return removed + 1;
  }
}
