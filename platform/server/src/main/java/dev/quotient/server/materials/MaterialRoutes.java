package dev.quotient.server.materials;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.materials.Material;
import dev.quotient.api.materials.MaterialKind;
import dev.quotient.api.materials.MaterialQuery;
import dev.quotient.api.materials.MaterialVersion;
import dev.quotient.api.materials.Skill;
import dev.quotient.server.web.HeldBody;
import dev.quotient.server.web.PageEngine;
import dev.quotient.server.web.RouteRegistry;
import dev.quotient.server.web.Web;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library: pages under {@code /library} and the API under {@code /api/materials}. Everyone signed
 * in reads (what they may see); trainers, leaders and admins create, edit and upload. File uploads
 * are the one streamed request body of the platform ({@link RouteRegistry#addStreaming}).
 */
public final class MaterialRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(MaterialRoutes.class);
  private static final String OWNER = "platform";
  static final Access MANAGERS = Access.roles(Role.TRAINER, Role.LEADER, Role.ADMIN);

  private final MaterialStore store;
  private final PageEngine pages;
  private final long maxUploadBytes;

  public MaterialRoutes(MaterialStore store, PageEngine pages, long maxUploadBytes) {
    this.store = store;
    this.pages = pages;
    this.maxUploadBytes = maxUploadBytes;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/materials", Access.signedIn(), this::apiSearch);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/materials", MANAGERS, this::apiCreate);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/materials/:id", Access.signedIn(), this::apiGet);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PATCH, "/api/materials/:id", MANAGERS, this::apiPatch);
    routes.addStreaming(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/materials/:id/file", MANAGERS,
        this::apiUpload);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/materials/:id/versions/:number",
        Access.signedIn(), this::apiDownload);

    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/library", Access.signedIn(), this::listPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/library/new", MANAGERS, this::newPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/library/new", MANAGERS, this::createForm);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/library/:id", Access.signedIn(), this::itemPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/library/:id/publish", MANAGERS, this::publishForm);
  }

  // --- API ---

  private void apiSearch(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> store.search(user, query(ctx)), found -> {
      JsonArray out = new JsonArray();
      found.forEach(m -> out.add(toJson(m)));
      Web.json(ctx, 200, out);
    });
  }

  private void apiCreate(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonObject body = Web.body(ctx);
    Web.respond(ctx, () -> store.create(user, input(body, true)), m -> {
      ctx.response().putHeader("Location", "/api/materials/" + m.id());
      Web.json(ctx, 201, toJson(m));
    });
  }

  private void apiGet(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> store.document(user, ctx.pathParam("id")), d -> {
      Document doc = d.orElseThrow(() -> ClientError.notFound("error.material.unknown"));
      Web.json(ctx, 200, toJson(store.toMaterial(doc)).put("description", doc.getString("description")));
    });
  }

  private void apiPatch(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonObject body = Web.body(ctx);
    Web.respond(ctx, () -> store.update(user, ctx.pathParam("id"), input(body, false)),
        m -> Web.json(ctx, 200, toJson(m)));
  }

  /**
   * {@code PUT /api/materials/{id}/file?name=...}: the raw body becomes the item's next version. Checked
   * before a byte is stored: the caller may edit the item, the name, the declared length; the body is
   * then piped into GridFS (type sniffed from its head, bytes counted, SHA-256 computed) and the
   * version appears only once the whole file is stored.
   */
  private void apiUpload(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    HttpServerRequest request = ctx.request();
    String id = ctx.pathParam("id");
    try {
      String name = FileNames.sanitise(request.getParam("name"));
      if (name.isEmpty()) {
        throw ClientError.badRequest("error.material.fileName");
      }
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null) {
        long declared;
        try {
          declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
          throw ClientError.badRequest("error.status.400");
        }
        if (declared > maxUploadBytes) {
          throw new ClientError(413, "error.material.tooLarge", maxUploadBytes);
        }
        if (declared == 0) {
          throw ClientError.badRequest("error.material.empty");
        }
      }
      FileTypes.requireAccepted(name);
      store.exists(user, id).onComplete(exists -> {
        if (exists.failed()) {
          HeldBody.refuse(ctx, exists.cause());
        } else if (!exists.result()) {
          HeldBody.refuse(ctx, ClientError.notFound("error.material.unknown"));
        } else {
          receive(ctx, user, id, name);
        }
      });
    } catch (ClientError e) {
      HeldBody.refuse(ctx, e);
    }
  }

  private void receive(RoutingContext ctx, CurrentUser user, String id, String name) {
    HttpServerRequest request = ctx.request();
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      ctx.response().writeContinue();
    }
    Document metadata = new Document("orgId", user.orgId()).append("materialId", id)
        .append("uploaderId", user.userId());
    GridFsUpload upload = new GridFsUpload(ctx.vertx().getOrCreateContext(), store, name, metadata, maxUploadBytes);
    HeldBody.of(ctx).pipeTo(upload).onFailure(upload::abort);
    upload.result()
        .compose(stored -> store.addVersion(user, id, stored, name))
        .onSuccess(version -> {
          ctx.response().putHeader("Location", version.download());
          Web.json(ctx, 201, toJson(version));
        })
        .onFailure(e -> {
          if (!(e instanceof ClientError)) {
            LOG.warn("upload of {} to material {} failed: {}", name, id, e.toString());
          }
          HeldBody.refuse(ctx, e);
        });
  }


  /**
   * {@code GET /api/materials/{id}/versions/{n}}: the stored bytes, as an attachment, with the SHA-256
   * recorded at upload in an RFC 9530 {@code Repr-Digest} header. The bytes are checked against it on
   * the way out (see {@link GridFsDownload}).
   */
  private void apiDownload(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    int number;
    try {
      number = Integer.parseInt(ctx.pathParam("number"));
    } catch (NumberFormatException e) {
      ctx.fail(ClientError.notFound("error.material.unknown"));
      return;
    }
    Web.respond(ctx, () -> store.version(user, ctx.pathParam("id"), number).compose(v -> {
      Document version = v.orElseThrow(() -> ClientError.notFound("error.material.unknown"));
      return new GridFsDownload(store.database(), MaterialStore.BUCKET, version.getObjectId("fileId"),
          version.getString("sha256"), ctx.response()).open().map(d -> Map.entry(version, d));
    }), opened -> {
      Document version = opened.getKey();
      String sha = version.getString("sha256");
      ctx.response().setStatusCode(200)
          .putHeader(HttpHeaders.CONTENT_TYPE, version.getString("contentType"))
          .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(((Number) version.get("size")).longValue()))
          // The digest is of these exact bytes: no compression on the way.
          .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
          .putHeader("Content-Disposition", FileNames.contentDisposition(version.getString("fileName")))
          .putHeader("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha)) + ":")
          .putHeader("Cache-Control", "private, no-store");
      opened.getValue().send();
    });
  }

  // --- pages ---

  private void listPage(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    MaterialQuery query = query(ctx);
    Web.respond(ctx, () -> store.search(user, query), found -> {
      Map<String, Object> model = new HashMap<>(choices(query));
      model.put("items", found.stream().map(MaterialRoutes::view).toList());
      model.put("count", found.size());
      Map<String, Object> filter = new HashMap<>();
      filter.put("q", orEmpty(ctx.request().getParam("q")));
      filter.put("kind", query.kind() == null ? "" : query.kind().key());
      filter.put("area", query.area() == null ? "" : query.area().name());
      filter.put("skill", query.skill() == null ? "" : query.skill().key());
      filter.put("topic", orEmpty(query.topic()));
      filter.put("tag", orEmpty(query.tag()));
      model.put("filter", filter);
      model.put("canUpload", MaterialStore.manages(user));
      pages.render(ctx, "library", "library.title", model);
    });
  }

  private void newPage(RoutingContext ctx) {
    Map<String, Object> model = new HashMap<>(choices(MaterialQuery.all()));
    model.put("maxUpload", maxUploadBytes);
    model.put("maxUploadMb", maxUploadBytes / (1024 * 1024));
    pages.render(ctx, "library-new", "library.new.title", model);
  }

  private void createForm(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    var form = ctx.request().formAttributes();
    Web.respond(ctx, () -> store.create(user, MaterialInput.parse(form.get("title"), form.get("kind"),
        form.get("topic"), form.getAll("skills"), form.getAll("audience"),
        Arrays.asList(orEmpty(form.get("tags")).split(",")), form.get("link"), form.get("description"),
        "on".equals(form.get("published")) || "true".equals(form.get("published")), true)),
        m -> Web.seeOther(ctx, m.page()));
  }

  private void itemPage(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> store.get(user, ctx.pathParam("id")), found -> {
      Material m = found.orElseThrow(() -> ClientError.notFound("error.material.unknown"));
      Map<String, Object> model = new HashMap<>(view(m));
      List<MaterialVersion> newestFirst = new ArrayList<>(m.versions());
      java.util.Collections.reverse(newestFirst);
      model.put("versions", newestFirst);
      model.put("canEdit", MaterialStore.manages(user));
      model.put("maxUpload", maxUploadBytes);
      model.put("maxUploadMb", maxUploadBytes / (1024 * 1024));
      pages.render(ctx, "library-item", "library.item.title", model);
    });
  }

  private void publishForm(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    boolean publish = "true".equals(ctx.request().getFormAttribute("published"));
    Web.respond(ctx, () -> store.update(user, ctx.pathParam("id"),
        new MaterialInput(null, null, null, null, null, null, null, null, publish)),
        m -> Web.seeOther(ctx, m.page()));
  }

  // --- shared ---

  private static MaterialQuery query(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    try {
      int limit = r.getParam("limit") == null ? MaterialQuery.MAX_LIMIT : Integer.parseInt(r.getParam("limit"));
      return new MaterialQuery(blankToNull(r.getParam("q")),
          blankToNull(r.getParam("kind")) == null ? null : MaterialKind.parse(r.getParam("kind")),
          blankToNull(r.getParam("area")) == null ? null : Skill.Area.parse(r.getParam("area")),
          blankToNull(r.getParam("skill")) == null ? null : Skill.parse(r.getParam("skill")),
          blankToNull(r.getParam("topic")), blankToNull(r.getParam("tag")), limit);
    } catch (IllegalArgumentException e) {
      throw ClientError.badRequest("error.material.filter");
    }
  }

  private static MaterialInput input(JsonObject body, boolean complete) {
    return MaterialInput.parse(body.getString("title"), body.getString("kind"), body.getString("topic"),
        strings(body.getJsonArray("skills")), strings(body.getJsonArray("audience")),
        strings(body.getJsonArray("tags")), body.getString("link"), body.getString("description"),
        body.getBoolean("published"), complete);
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? null : array.stream().map(String::valueOf).toList();
  }

  static JsonObject toJson(Material m) {
    JsonArray skills = new JsonArray();
    m.skills().forEach(s -> skills.add(new JsonObject().put("area", s.area().name()).put("skill", s.key())));
    JsonArray versions = new JsonArray();
    m.versions().forEach(v -> versions.add(toJson(v)));
    return new JsonObject()
        .put("id", m.id())
        .put("title", m.title())
        .put("kind", m.kind().key())
        .put("topic", m.topic())
        .put("skills", skills)
        .put("audience", new JsonArray(m.audience().stream().sorted().map(Role::key).toList()))
        .put("tags", new JsonArray(m.tags()))
        .put("published", m.published())
        .put("link", m.link())
        .put("descriptionHtml", m.descriptionHtml())
        .put("uploader", m.uploaderName())
        .put("createdAt", m.createdAt().toString())
        .put("versions", versions)
        .put("page", m.page());
  }

  static JsonObject toJson(MaterialVersion v) {
    return new JsonObject()
        .put("number", v.number())
        .put("fileName", v.fileName())
        .put("contentType", v.contentType())
        .put("size", v.size())
        .put("sha256", v.sha256())
        .put("uploadedAt", v.uploadedAt().toString())
        .put("uploader", v.uploaderName())
        .put("download", v.download());
  }

  /** What the templates show of an item. */
  private static Map<String, Object> view(Material m) {
    Map<String, Object> v = new HashMap<>();
    v.put("id", m.id());
    v.put("title", m.title());
    v.put("kind", m.kind().key());
    v.put("topic", m.topic());
    v.put("skills", m.skills().stream().map(s -> Map.of("area", s.area().name(), "key", s.key())).toList());
    v.put("audience", m.audience().stream().sorted().map(Role::key).toList());
    v.put("tags", m.tags().stream().map(t -> Map.of("name", t,
        "href", "/library?tag=" + java.net.URLEncoder.encode(t, java.nio.charset.StandardCharsets.UTF_8))).toList());
    v.put("published", m.published());
    v.put("link", m.link());
    v.put("descriptionHtml", m.descriptionHtml());
    v.put("uploader", m.uploaderName());
    v.put("createdAt", m.createdAt());
    v.put("page", m.page());
    Optional<MaterialVersion> latest = m.latest();
    latest.ifPresent(l -> v.put("latest", l));
    return v;
  }

  /** The options of the forms' selects and check boxes, those of the query marked selected. */
  private static Map<String, Object> choices(MaterialQuery query) {
    Map<String, Object> c = new HashMap<>();
    c.put("kinds", Arrays.stream(MaterialKind.values())
        .map(k -> Map.of("key", k.key(), "selected", k == query.kind())).toList());
    c.put("areas", Arrays.stream(Skill.Area.values()).map(a -> Map.of("key", a.name(), "selected", a == query.area(),
        "skills", Arrays.stream(Skill.values()).filter(s -> s.area() == a)
            .map(s -> Map.of("key", s.key(), "selected", s == query.skill())).toList())).toList());
    c.put("audiences", MaterialInput.AUDIENCES.stream().sorted()
        .map(r -> Map.of("key", r.key(), "checked", r == Role.REP)).toList());
    return c;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
