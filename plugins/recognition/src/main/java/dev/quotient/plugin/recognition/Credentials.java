package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.PluginContext;
import dev.quotient.api.directory.Directory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Open Badges 3.0 credentials for awards: an {@code OpenBadgeCredential} (VC Data Model 2.0
 * context, OB 3.0 context) issued by the organisation's profile, signed once as a VC-JWT (compact
 * JWS, EdDSA, header {@code typ: vc+jwt}; the payload is the credential without its proof) and
 * carried in the credential's {@code proof} array as a {@code JwtProof2020} entry. The signed
 * credential is stored with the award on first export, so every export and every verification sees
 * the same bytes.
 */
final class Credentials {

  static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
  static final String OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

  private final PluginContext context;
  private final ContentStore store;
  private final RecognitionConfig config;
  private final Issuer issuer;
  private final BadgeCatalogue badges;

  Credentials(PluginContext context, RecognitionConfig config, Issuer issuer, BadgeCatalogue badges) {
    this.context = context;
    this.store = context.content();
    this.config = config;
    this.issuer = issuer;
    this.badges = badges;
  }

  String base(String requestOrigin) {
    return config.publicUrl() != null ? config.publicUrl() : requestOrigin;
  }

  static String issuerId(String base, String orgId) {
    return base + "/api/recognition/issuers/" + orgId;
  }

  /** The organisation's public issuer profile (OB 3.0 {@code Profile}), or 404. */
  Future<JsonObject> profile(String orgId, String requestOrigin) {
    return organisation(orgId).map(org -> new JsonObject()
        .put("@context", new JsonArray().add(VC_CONTEXT).add(OB_CONTEXT))
        .put("id", issuerId(base(requestOrigin), orgId)).put("type", new JsonArray().add("Profile"))
        .put("name", org.name())
        .put("verificationMethod", issuerId(base(requestOrigin), orgId) + "/jwks"));
  }

  /** The organisation's public JWK Set (creating its key on first use), or 404. */
  Future<JsonObject> jwks(String orgId) {
    return organisation(orgId).compose(org -> issuer.key(orgId)).compose(k -> issuer.jwks(orgId));
  }

  private Future<Directory.Organisation> organisation(String orgId) {
    if (orgId == null || !orgId.matches("[A-Za-z0-9_-]{1,64}")) {
      return Future.failedFuture(ClientError.notFound("recognition.error.issuer.unknown"));
    }
    return context.directory().organisation(orgId).compose(org -> org == null
        ? Future.failedFuture(ClientError.notFound("recognition.error.issuer.unknown"))
        : Future.succeededFuture(org));
  }

  /** The award's signed credential, issued on first call. */
  Future<JsonObject> export(JsonObject award, String requestOrigin) {
    if (award.getString("credential") != null) {
      return Future.succeededFuture(new JsonObject(award.getString("credential")));
    }
    String orgId = award.getString("orgId");
    return organisation(orgId).compose(org -> context.directory().people(orgId).compose(people -> issuer.key(orgId)
        .compose(key -> {
          String name = people.stream().filter(p -> p.id().equals(award.getString("userId"))).map(Directory.Person::name)
              .findFirst().orElse("");
          JsonObject credential = unsigned(award, org, name, base(requestOrigin));
          String jwt = Issuer.sign(key, new JsonObject().put("typ", "vc+jwt").put("cty", "vc"), credential);
          String issuerId = credential.getJsonObject("issuer").getString("id");
          credential.put("proof", new JsonArray().add(new JsonObject().put("type", "JwtProof2020")
              .put("created", context.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString())
              .put("proofPurpose", "assertionMethod")
              .put("verificationMethod", issuerId + "/jwks#" + key.kid())
              .put("jwt", jwt)));
          return store.setIf(AwardService.COLLECTION, award.getString("_id"), new JsonObject().put("credential", null),
                  new JsonObject().put("credential", credential.encode()))
              .compose(v -> store.get(AwardService.COLLECTION, award.getString("_id")))
              .map(a -> new JsonObject(a.getString("credential")));
        })));
  }

  private JsonObject unsigned(JsonObject award, Directory.Organisation org, String recipient, String base) {
    JsonObject badge = badges.get(award.getString("badgeId"));
    Locale locale = org.locale();
    String issuerId = issuerId(base, org.id());
    JsonObject profile = new JsonObject().put("id", issuerId).put("type", new JsonArray().add("Profile")).put("name", org.name());
    String awarded = Instant.ofEpochMilli(award.getLong("awardedAt")).truncatedTo(ChronoUnit.SECONDS).toString();
    String name = BadgeCatalogue.text(badge, "name", locale);
    return new JsonObject()
        .put("@context", new JsonArray().add(VC_CONTEXT).add(OB_CONTEXT))
        .put("id", "urn:uuid:" + award.getString("credentialId"))
        .put("type", new JsonArray().add("VerifiableCredential").add("OpenBadgeCredential"))
        .put("issuer", profile)
        .put("validFrom", awarded)
        .put("awardedDate", awarded)
        .put("name", name)
        .put("credentialSubject", new JsonObject()
            .put("type", new JsonArray().add("AchievementSubject"))
            .put("identifier", new JsonArray().add(new JsonObject().put("type", "IdentityObject")
                .put("identityType", "name").put("hashed", false).put("identityHash", recipient)))
            .put("achievement", new JsonObject()
                .put("id", "urn:quotient:achievement:" + org.id() + ":" + award.getString("badgeId") + ":"
                    + award.getInteger("badgeVersion"))
                .put("type", new JsonArray().add("Achievement"))
                .put("name", name)
                .put("description", BadgeCatalogue.text(badge, "description", locale))
                .put("criteria", new JsonObject().put("narrative", BadgeCatalogue.text(badge, "criteria", locale)))
                .put("creator", profile.copy())));
  }

  /**
   * Re-checks a stored credential by its id: the JWS verifies with the issuer's published key and
   * carries exactly the credential's content, and the award is not revoked. 404 for an unknown id or
   * one never exported. The answer names the badge, issuer, recipient and date: nothing else.
   */
  Future<JsonObject> verify(String credentialId) {
    if (credentialId == null || !credentialId.matches("[0-9a-f-]{36}")) {
      return Future.failedFuture(ClientError.notFound("recognition.error.credential.unknown"));
    }
    return store.find(AwardService.COLLECTION, new JsonObject().put("credentialId", credentialId), 1).compose(found -> {
      JsonObject award = found.isEmpty() ? null : found.get(0);
      if (award == null || award.getString("credential") == null) {
        return Future.failedFuture(ClientError.notFound("recognition.error.credential.unknown"));
      }
      JsonObject credential = new JsonObject(award.getString("credential"));
      return issuer.jwks(award.getString("orgId")).map(jwks -> {
        boolean signature = jwks != null && check(credential, jwks);
        boolean revoked = award.getBoolean("revoked", false);
        JsonObject subject = credential.getJsonObject("credentialSubject");
        return new JsonObject().put("credentialId", credentialId).put("valid", signature && !revoked)
            .put("signatureValid", signature).put("revoked", revoked)
            .put("badge", subject.getJsonObject("achievement").getString("name"))
            .put("issuer", credential.getJsonObject("issuer").getString("name"))
            .put("recipient", subject.getJsonArray("identifier").getJsonObject(0).getString("identityHash"))
            .put("awardedAt", credential.getString("validFrom"))
            .put("checkedAt", context.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
      });
    });
  }

  /** True when the credential's JWT proof verifies with the key set and signs exactly its content. */
  static boolean check(JsonObject credential, JsonObject jwks) {
    JsonArray proofs = credential.getJsonArray("proof");
    if (proofs == null || proofs.isEmpty() || !(proofs.getValue(0) instanceof JsonObject proof)) {
      return false;
    }
    JsonObject payload = Issuer.verify(proof.getString("jwt", ""), jwks);
    JsonObject content = credential.copy();
    content.remove("proof");
    return payload != null && payload.equals(content);
  }
}
