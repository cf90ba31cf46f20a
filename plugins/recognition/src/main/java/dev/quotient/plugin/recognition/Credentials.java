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
 * context, OB 3.0 context) issued by the organisation's profile and signed once in the OB 3.0 VC-JWT
 * format (section 8.2: a compact JWS, EdDSA, header {@code typ: JWT} and the key's {@code kid} from the
 * issuer's JWK Set; claims {@code iss} (the issuer's id), {@code jti} (the credential's id), {@code nbf}
 * and {@code vc}, the credential itself). The JSON credential carries no embedded proof (a
 * {@code JwtProof2020} entry defined no JSON-LD terms and broke expansion); it carries a
 * {@code credentialStatus} of type {@code BitstringStatusListEntry} (VC 2.0, purpose revocation) whose
 * bit in the issuer's public {@code BitstringStatusListCredential} is set once the award is revoked,
 * so anyone sees a revocation. Credential and JWT are stored with the award on first export, so every
 * export and every verification sees the same bytes.
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

  /** The award's credential (JSON, no embedded proof), issued on first call. */
  Future<JsonObject> export(JsonObject award, String requestOrigin) {
    return issued(award, requestOrigin).map(a -> new JsonObject(a.getString("credential")));
  }

  /** The award's credential as an OB 3.0 VC-JWT, issued on first call. */
  Future<String> exportJwt(JsonObject award, String requestOrigin) {
    return issued(award, requestOrigin).map(a -> a.getString("jwt"));
  }

  /**
   * The award with its credential and VC-JWT, issuing them on first call (and once more for a
   * credential issued before the VC-JWT format, which carried its JWT as an embedded proof).
   */
  private Future<JsonObject> issued(JsonObject award, String requestOrigin) {
    if (award.getString("credential") != null && award.getString("jwt") != null) {
      return Future.succeededFuture(award);
    }
    String orgId = award.getString("orgId");
    return organisation(orgId).compose(org -> context.directory().people(orgId).compose(people -> issuer.key(orgId)
        .compose(key -> statusIndex(award).map(index -> {
          String name = people.stream().filter(p -> p.id().equals(award.getString("userId"))).map(Directory.Person::name)
              .findFirst().orElse("");
          JsonObject credential = unsigned(award, org, name, base(requestOrigin), index);
          String issuerId = credential.getJsonObject("issuer").getString("id");
          JsonObject claims = new JsonObject().put("iss", issuerId).put("jti", credential.getString("id"))
              .put("nbf", Instant.parse(credential.getString("validFrom")).getEpochSecond())
              .put("iat", context.clock().instant().getEpochSecond()).put("vc", credential);
          return new JsonObject().put("credential", credential.encode())
              .put("jwt", Issuer.sign(key, new JsonObject().put("typ", "JWT"), claims));
        }).compose(signed -> store.setIf(AwardService.COLLECTION, award.getString("_id"),
                new JsonObject().put("credential", award.getString("credential")), signed)
            .compose(v -> store.get(AwardService.COLLECTION, award.getString("_id")))))));
  }

  /** Where each organisation's next status list index is counted. */
  static final String STATUS_COUNTERS = "status_counters";
  /** The shortest status list the specification allows (16 KB), so a list says little about its issuer. */
  static final int MIN_STATUS_BITS = 131_072;

  /** The award's place in its organisation's status list, taken from a counter on first issue. */
  private Future<Integer> statusIndex(JsonObject award) {
    if (award.getInteger("statusIndex") != null) {
      return Future.succeededFuture(award.getInteger("statusIndex"));
    }
    String orgId = award.getString("orgId");
    return nextIndex(orgId, 0).compose(index -> store.setIf(AwardService.COLLECTION, award.getString("_id"),
            new JsonObject().put("statusIndex", null), new JsonObject().put("statusIndex", index))
        .compose(won -> store.get(AwardService.COLLECTION, award.getString("_id")))
        .map(a -> a.getInteger("statusIndex")));
  }

  /** Takes the organisation's next index: a compare-and-set on its counter, tried again on a race. */
  private Future<Integer> nextIndex(String orgId, int tries) {
    return store.get(STATUS_COUNTERS, orgId).compose(c -> {
      if (c == null) {
        return store.insert(STATUS_COUNTERS, new JsonObject().put("_id", orgId).put("next", 1)).map(id -> 0)
            .recover(e -> tries < 20 ? nextIndex(orgId, tries + 1) : Future.failedFuture(e));
      }
      int next = c.getInteger("next");
      return store.setIf(STATUS_COUNTERS, orgId, new JsonObject().put("next", next), new JsonObject().put("next", next + 1))
          .compose(won -> won ? Future.succeededFuture(next)
              : tries < 20 ? nextIndex(orgId, tries + 1)
              : Future.failedFuture(new IllegalStateException("status list index of " + orgId + " kept racing")));
    });
  }

  /** The address of the organisation's public status list credential. */
  static String statusListId(String base, String orgId) {
    return issuerId(base, orgId) + "/status";
  }

  /**
   * The organisation's {@code BitstringStatusListCredential} (VC 2.0, purpose revocation): bit n set
   * when the credential with status index n is revoked; public like its profile and key set, 404 for
   * an unknown organisation.
   */
  Future<JsonObject> statusList(String orgId, String requestOrigin) {
    return organisation(orgId).compose(org -> store.find(AwardService.COLLECTION,
        new JsonObject().put("orgId", orgId).put("revoked", true), 100_000).compose(revoked -> store.get(STATUS_COUNTERS,
            orgId).map(counter -> {
              int size = Math.max(MIN_STATUS_BITS, counter == null ? 0 : (counter.getInteger("next") + 7) / 8 * 8);
              byte[] bits = new byte[size / 8];
              for (JsonObject a : revoked) {
                Integer i = a.getInteger("statusIndex");
                if (i != null && i < size) {
                  bits[i / 8] |= (byte) (0x80 >>> (i % 8)); // index 0 is the first byte's highest bit
                }
              }
              String id = statusListId(base(requestOrigin), orgId);
              return new JsonObject().put("@context", new JsonArray().add(VC_CONTEXT)).put("id", id)
                  .put("type", new JsonArray().add("VerifiableCredential").add("BitstringStatusListCredential"))
                  .put("issuer", issuerId(base(requestOrigin), orgId))
                  .put("validFrom", context.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString())
                  .put("credentialSubject", new JsonObject().put("id", id + "#list").put("type", "BitstringStatusList")
                      .put("statusPurpose", "revocation").put("encodedList", "u" + gzipBase64Url(bits)));
            })));
  }

  private static String gzipBase64Url(byte[] bytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  private JsonObject unsigned(JsonObject award, Directory.Organisation org, String recipient, String base, int statusIndex) {
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
        .put("credentialStatus", new JsonObject().put("id", statusListId(base, org.id()) + "#" + statusIndex)
            .put("type", "BitstringStatusListEntry").put("statusPurpose", "revocation")
            .put("statusListIndex", String.valueOf(statusIndex)).put("statusListCredential", statusListId(base, org.id())))
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
        boolean signature = jwks != null && (award.getString("jwt") != null ? checkJwt(award.getString("jwt"), credential, jwks)
            : check(credential, jwks));
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

  /**
   * True when the VC-JWT verifies with the key set and its claims are the credential's: {@code vc} is
   * exactly it, {@code iss} its issuer, {@code jti} its id.
   */
  static boolean checkJwt(String jwt, JsonObject credential, JsonObject jwks) {
    JsonObject claims = Issuer.verify(jwt, jwks);
    return claims != null && credential.equals(claims.getJsonObject("vc"))
        && credential.getJsonObject("issuer").getString("id").equals(claims.getString("iss"))
        && credential.getString("id").equals(claims.getString("jti"));
  }

  /** A credential issued before the VC-JWT format: its JWT proof verifies and signs exactly its content. */
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
