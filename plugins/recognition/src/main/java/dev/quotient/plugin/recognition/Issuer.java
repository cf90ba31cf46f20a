package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each organisation's issuer key: an Ed25519 pair created on first use and kept in the
 * {@code issuer_keys} collection. Only this class reads the private half; the public half is served
 * as a JWKS. Signs and checks compact JWS (RFC 7515, {@code alg} EdDSA, RFC 8037) with the JDK's own
 * Ed25519, so the plugin bundles no crypto library.
 */
final class Issuer {

  static final String COLLECTION = "issuer_keys";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  /** The public key as a JWK, its id, and (inside this class only) the private key. */
  record Key(String kid, String x, PrivateKey privateKey) {
    JsonObject jwk() {
      return new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("x", x).put("kid", kid)
          .put("use", "sig").put("alg", "EdDSA");
    }
  }

  private final ContentStore store;
  private final Clock clock;
  private final Map<String, Future<Key>> keys = new ConcurrentHashMap<>();

  Issuer(ContentStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The organisation's key, created once; concurrent first uses agree on one (the stored) key. */
  Future<Key> key(String orgId) {
    Future<Key> f = keys.computeIfAbsent(orgId, id -> store.get(COLLECTION, id).compose(doc -> doc != null
        ? Future.succeededFuture(doc)
        : create(id)).map(Issuer::fromDocument));
    return f.onFailure(e -> keys.remove(orgId, f));
  }

  /** The public keys of an organisation as a JWK Set, or null when it has none yet. */
  Future<JsonObject> jwks(String orgId) {
    return store.get(COLLECTION, orgId).map(doc -> doc == null ? null
        : new JsonObject().put("keys", new JsonArray().add(fromDocument(doc).jwk())));
  }

  private Future<JsonObject> create(String orgId) {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      return Future.failedFuture(new IllegalStateException("Ed25519 is not available", e));
    }
    byte[] spki = pair.getPublic().getEncoded();
    String x = B64.encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    JsonObject doc = new JsonObject().put("_id", orgId).put("kid", thumbprint(x)).put("x", x)
        .put("privateKey", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))
        .put("createdAt", clock.millis());
    return store.insert(COLLECTION, doc).map(doc)
        .recover(e -> e instanceof ClientError c && c.status() == 409 ? store.get(COLLECTION, orgId) : Future.failedFuture(e));
  }

  private static Key fromDocument(JsonObject doc) {
    try {
      PrivateKey priv = KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(doc.getString("privateKey"))));
      return new Key(doc.getString("kid"), doc.getString("x"), priv);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored issuer key is unreadable", e);
    }
  }

  /** RFC 7638 thumbprint of an Ed25519 JWK: its key id. */
  static String thumbprint(String x) {
    String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A compact JWS of the payload, signed with the key. */
  static String sign(Key key, JsonObject header, JsonObject payload) {
    String input = B64.encodeToString(header.copy().put("alg", "EdDSA").put("kid", key.kid()).encode()
        .getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key.privateKey());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  /**
   * The payload of a compact JWS whose EdDSA signature verifies with a key of the JWK Set (matched by
   * {@code kid}), or null when it does not verify or is malformed.
   */
  static JsonObject verify(String jws, JsonObject jwks) {
    try {
      String[] parts = jws.split("\\.", -1);
      if (parts.length != 3) {
        return null;
      }
      JsonObject header = new JsonObject(new String(B64D.decode(parts[0]), StandardCharsets.UTF_8));
      if (!"EdDSA".equals(header.getString("alg"))) {
        return null;
      }
      for (Object k : jwks.getJsonArray("keys", new JsonArray())) {
        JsonObject jwk = (JsonObject) k;
        if (!"OKP".equals(jwk.getString("kty")) || !"Ed25519".equals(jwk.getString("crv"))
            || !jwk.getString("kid", "").equals(header.getString("kid"))) {
          continue;
        }
        byte[] raw = B64D.decode(jwk.getString("x"));
        byte[] spki = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, X509_PREFIX.length, raw.length);
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(pub);
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (s.verify(B64D.decode(parts[2]))) {
          return new JsonObject(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8));
        }
      }
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }
}
