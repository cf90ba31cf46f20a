package dev.quotient.server.materials;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.materials.Material;
import dev.quotient.api.materials.MaterialKind;
import dev.quotient.api.materials.MaterialQuery;
import dev.quotient.api.materials.MaterialVersion;
import dev.quotient.api.materials.Materials;
import dev.quotient.api.materials.Skill;
import dev.quotient.api.web.Markdown;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's items in MongoDB: metadata in {@code materials} (one document per item, its versions
 * an array inside it), files in the GridFS bucket {@code materials_files}. Every query is limited to
 * the viewer's organisation and to what the viewer may see. A version becomes visible with one atomic
 * {@code $push}, made only after its file is completely stored.
 */
public final class MaterialStore implements Materials {

  public static final String COLLECTION = "materials";
  public static final String BUCKET = "materials_files";
  /** One document per upload in progress ({@code _id} the GridFS file id), removed when it ends. */
  public static final String UPLOADS = "materials_uploads";
  /** Uploads unfinished for this long were cut off by a crash: their chunks are deleted. */
  public static final Duration ABANDONED_AFTER = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(MaterialStore.class);
  /** Roles that see every item of their organisation and may upload and edit. */
  public static final Set<Role> MANAGERS = EnumSet.of(Role.TRAINER, Role.LEADER, Role.ADMIN);

  private final Database database;
  private final MongoCollection<Document> items;
  private final GridFSBucket bucket;
  private final MongoCollection<Document> uploads;
  private final Markdown markdown;
  private final Clock clock;

  public MaterialStore(Database database, Markdown markdown, Clock clock) {
    this.database = database;
    this.items = database.collection(COLLECTION);
    this.bucket = GridFSBuckets.create(database.db(), BUCKET);
    this.uploads = database.collection(UPLOADS);
    this.markdown = markdown;
    this.clock = clock;
  }

  GridFSBucket bucket() {
    return bucket;
  }

  Database database() {
    return database;
  }

  static boolean manages(CurrentUser user) {
    return user.roles().stream().anyMatch(MANAGERS::contains);
  }

  @Override
  public Future<List<Material>> search(CurrentUser viewer, MaterialQuery query) {
    return database.call(() -> {
      List<Bson> filters = new ArrayList<>();
      filters.add(visibleTo(viewer));
      if (query.text() != null && !Keywords.query(query.text()).isEmpty()) {
        filters.add(Filters.all("keywords", Keywords.query(query.text())));
      }
      if (query.kind() != null) {
        filters.add(Filters.eq("kind", query.kind().key()));
      }
      if (query.area() != null) {
        filters.add(Filters.eq("areas", query.area().name()));
      }
      if (query.skill() != null) {
        filters.add(Filters.eq("skills", query.skill().key()));
      }
      if (query.topic() != null && !query.topic().isBlank()) {
        filters.add(Filters.eq("topicKey", Keywords.normalise(query.topic().strip())));
      }
      if (query.tag() != null && !query.tag().isBlank()) {
        filters.add(Filters.eq("tags", query.tag().strip().toLowerCase(java.util.Locale.ROOT)));
      }
      List<Material> found = new ArrayList<>();
      for (Document d : items.find(Filters.and(filters)).sort(Sorts.descending("createdAt")).limit(query.limit())) {
        found.add(toMaterial(d));
      }
      return found;
    });
  }

  @Override
  public Future<Optional<Material>> get(CurrentUser viewer, String id) {
    return document(viewer, id).map(d -> d.map(this::toMaterial));
  }

  /** The stored document if the viewer may see it (the raw Markdown description included). */
  public Future<Optional<Document>> document(CurrentUser viewer, String id) {
    if (!ObjectId.isValid(id)) {
      return Future.succeededFuture(Optional.empty());
    }
    return database.call(() -> Optional.ofNullable(
        items.find(Filters.and(Filters.eq("_id", id), visibleTo(viewer))).first()));
  }

  /** Creates an item (no file yet). */
  public Future<Material> create(CurrentUser user, MaterialInput input) {
    requireSafe(input.description());
    Date now = Date.from(clock.instant());
    Document d = new Document("_id", new ObjectId().toHexString())
        .append("orgId", user.orgId())
        .append("title", input.title())
        .append("kind", input.kind().key())
        .append("topic", orEmpty(input.topic()))
        .append("topicKey", Keywords.normalise(orEmpty(input.topic())))
        .append("skills", keys(input.skills()))
        .append("areas", areas(input.skills()))
        .append("audience", audience(input.audience() == null ? Set.of(Role.REP) : input.audience()))
        .append("tags", input.tags() == null ? List.of() : input.tags())
        .append("link", input.link() == null || input.link().isEmpty() ? null : input.link())
        .append("description", orEmpty(input.description()))
        .append("published", Boolean.TRUE.equals(input.published()))
        .append("uploaderId", user.userId())
        .append("uploaderName", user.name())
        .append("createdAt", now)
        .append("updatedAt", now)
        .append("versions", List.of());
    d.append("keywords", keywords(d));
    return database.call(() -> {
      items.insertOne(d);
      return toMaterial(d);
    });
  }

  /** Changes the fields given (non-null) of an item of the user's organisation. */
  public Future<Material> update(CurrentUser user, String id, MaterialInput input) {
    requireSafe(input.description());
    return database.call(() -> {
      Document current = ObjectId.isValid(id)
          ? items.find(Filters.and(Filters.eq("_id", id), Filters.eq("orgId", user.orgId()))).first() : null;
      if (current == null) {
        throw ClientError.notFound("error.material.unknown");
      }
      Document set = new Document("updatedAt", Date.from(clock.instant()));
      if (input.title() != null) {
        set.append("title", input.title());
      }
      if (input.kind() != null) {
        set.append("kind", input.kind().key());
      }
      if (input.topic() != null) {
        set.append("topic", input.topic()).append("topicKey", Keywords.normalise(input.topic()));
      }
      if (input.skills() != null) {
        set.append("skills", keys(input.skills())).append("areas", areas(input.skills()));
      }
      if (input.audience() != null) {
        set.append("audience", audience(input.audience()));
      }
      if (input.tags() != null) {
        set.append("tags", input.tags());
      }
      if (input.link() != null) {
        set.append("link", input.link().isEmpty() ? null : input.link());
      }
      if (input.description() != null) {
        set.append("description", input.description());
      }
      if (input.published() != null) {
        set.append("published", input.published());
      }
      String kind = set.getString("kind") != null ? set.getString("kind") : current.getString("kind");
      Object link = set.containsKey("link") ? set.get("link") : current.get("link");
      if (MaterialKind.RECORDED_SESSION.key().equals(kind) && link == null) {
        throw ClientError.badRequest("error.material.linkRequired");
      }
      Document merged = new Document(current);
      merged.putAll(set);
      set.append("keywords", keywords(merged));
      Document after = items.findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.eq("orgId", user.orgId())),
          new Document("$set", set), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
      if (after == null) {
        throw ClientError.notFound("error.material.unknown");
      }
      return toMaterial(after);
    });
  }

  /**
   * Makes a completely stored file the item's next version: one atomic {@code $push}. When the item is
   * gone (or belongs to another organisation) the file is deleted and the answer is 404.
   */
  Future<MaterialVersion> addVersion(CurrentUser user, String id, GridFsUpload.Stored stored, String fileName) {
    return database.call(() -> {
      Document version = new Document("fileId", stored.fileId())
          .append("fileName", fileName)
          .append("contentType", stored.contentType())
          .append("size", stored.size())
          .append("sha256", stored.sha256Hex())
          .append("uploadedAt", Date.from(clock.instant()))
          .append("uploaderId", user.userId())
          .append("uploaderName", user.name());
      Document after = items.findOneAndUpdate(
          Filters.and(Filters.eq("_id", id), Filters.eq("orgId", user.orgId())),
          Updates.combine(Updates.push("versions", version),
              Updates.addEachToSet("keywords", Keywords.index(List.of(fileName))),
              Updates.set("updatedAt", version.getDate("uploadedAt"))),
          new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
      if (after == null) {
        bucket.delete(new BsonObjectId(stored.fileId()));
        uploadEnded(stored.fileId());
        throw ClientError.notFound("error.material.unknown");
      }
      uploadEnded(stored.fileId());
      List<Document> versions = after.getList("versions", Document.class);
      for (int i = 0; i < versions.size(); i++) {
        if (stored.fileId().equals(versions.get(i).getObjectId("fileId"))) {
          return toVersion(id, i + 1, versions.get(i));
        }
      }
      throw new IllegalStateException("the pushed version is missing from " + id);
    });
  }

  /** On a worker, before the first chunk of a file is written: marks the upload as in progress. */
  void uploadStarted(ObjectId fileId) {
    uploads.insertOne(new Document("_id", fileId).append("startedAt", Date.from(clock.instant())));
  }

  /** On a worker, once a file is a version or deleted: the upload is no longer in progress. */
  void uploadEnded(ObjectId fileId) {
    uploads.deleteOne(Filters.eq("_id", fileId));
  }

  /**
   * Deletes what uploads cut off by a crash ({@code kill -9} mid-upload) left behind: for every upload
   * started before {@code startedBefore} and never ended, its chunks and file document, unless the file
   * became a version (the crash came between the version and the end mark). Blocking; idempotent.
   *
   * @return how many abandoned files were deleted
   */
  public int sweepAbandonedUploads(java.time.Instant startedBefore) {
    int swept = 0;
    for (Document upload : uploads.find(Filters.lt("startedAt", Date.from(startedBefore)))) {
      ObjectId fileId = upload.getObjectId("_id");
      if (items.countDocuments(Filters.eq("versions.fileId", fileId)) == 0) {
        database.collection(BUCKET + ".chunks").deleteMany(Filters.eq("files_id", fileId));
        database.collection(BUCKET + ".files").deleteOne(Filters.eq("_id", fileId));
        swept++;
      }
      uploads.deleteOne(Filters.eq("_id", fileId));
    }
    if (swept > 0) {
      LOG.info("deleted {} library uploads abandoned by a crash", swept);
    }
    return swept;
  }

  /** Sweeps abandoned uploads now (off the event loop) and then every hour. */
  public void sweepRegularly(io.vertx.core.Vertx vertx) {
    Runnable sweep = () -> database.call(() -> sweepAbandonedUploads(clock.instant().minus(ABANDONED_AFTER)))
        .onFailure(e -> LOG.warn("sweeping abandoned uploads failed", e));
    sweep.run();
    vertx.setPeriodic(ABANDONED_AFTER.toMillis(), id -> sweep.run());
  }

  /** Does the item exist in the user's organisation (checked before an upload starts)? */
  Future<Boolean> exists(CurrentUser user, String id) {
    if (!ObjectId.isValid(id)) {
      return Future.succeededFuture(false);
    }
    return database.call(() -> items.countDocuments(
        Filters.and(Filters.eq("_id", id), Filters.eq("orgId", user.orgId()))) > 0);
  }

  /** The stored file of version {@code number}, if the viewer may see the item. */
  Future<Optional<Document>> version(CurrentUser viewer, String id, int number) {
    return document(viewer, id).map(d -> d.flatMap(doc -> {
      List<Document> versions = doc.getList("versions", Document.class);
      return number >= 1 && number <= versions.size() ? Optional.of(versions.get(number - 1)) : Optional.empty();
    }));
  }

  Material toMaterial(Document d) {
    String id = d.getString("_id");
    List<Skill> skills = d.getList("skills", String.class, List.of()).stream().map(Skill::parse).toList();
    Set<Role> audience = EnumSet.noneOf(Role.class);
    d.getList("audience", String.class, List.of()).forEach(a -> audience.add(Role.parse(a)));
    List<Document> stored = d.getList("versions", Document.class, List.of());
    List<MaterialVersion> versions = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      versions.add(toVersion(id, i + 1, stored.get(i)));
    }
    String description = d.getString("description");
    return new Material(id, d.getString("title"), MaterialKind.parse(d.getString("kind")), d.getString("topic"),
        skills, audience, d.getList("tags", String.class, List.of()), d.getBoolean("published", false),
        d.getString("link"), description == null || description.isBlank() ? "" : markdown.toHtml(description),
        d.getString("uploaderName"), d.getDate("createdAt").toInstant(), versions, "/library/" + id);
  }

  private static MaterialVersion toVersion(String id, int number, Document v) {
    return new MaterialVersion(number, v.getString("fileName"), v.getString("contentType"),
        ((Number) v.get("size")).longValue(), v.getString("sha256"), v.getDate("uploadedAt").toInstant(),
        v.getString("uploaderName"), "/api/materials/" + id + "/versions/" + number);
  }

  /** Managers see their whole organisation; others what is published to one of their roles. */
  private static Bson visibleTo(CurrentUser viewer) {
    Bson org = Filters.eq("orgId", viewer.orgId());
    if (manages(viewer)) {
      return org;
    }
    List<String> roles = viewer.roles().stream().map(Role::key).toList();
    return Filters.and(org, Filters.eq("published", true), Filters.in("audience", roles));
  }

  private void requireSafe(String description) {
    if (description != null && !description.isBlank()) {
      markdown.requireSafe(description);
    }
  }

  private static List<String> keywords(Document d) {
    List<String> texts = new ArrayList<>();
    texts.add(d.getString("title"));
    texts.add(d.getString("topic"));
    texts.addAll(d.getList("tags", String.class, List.of()));
    texts.add(d.getString("description"));
    for (Document v : d.getList("versions", Document.class, List.of())) {
      texts.add(v.getString("fileName"));
    }
    return Keywords.index(texts);
  }

  private static List<String> keys(List<Skill> skills) {
    return skills == null ? List.of() : skills.stream().map(Skill::key).toList();
  }

  private static List<String> areas(List<Skill> skills) {
    Set<String> areas = new LinkedHashSet<>();
    if (skills != null) {
      skills.forEach(s -> areas.add(s.area().name()));
    }
    return List.copyOf(areas);
  }

  private static List<String> audience(Set<Role> audience) {
    return audience.stream().sorted().map(Role::key).toList();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
