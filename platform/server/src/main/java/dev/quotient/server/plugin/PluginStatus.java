package dev.quotient.server.plugin;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What {@code GET /api/plugins} shows of one plugin.
 *
 * @param error why it failed or was skipped; null unless {@code state} is FAILED or SKIPPED
 * @param breakerOpenUntil epoch millis until which a running plugin rests after too many faults
 *     (its routes answer 503); 0 when it serves
 */
public record PluginStatus(String id, String version, String description, PluginState state, String error,
    long breakerOpenUntil) {

  public PluginStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
  }

  public PluginStatus(String id, String version, String description, PluginState state, String error) {
    this(id, version, description, state, error, 0);
  }

  public PluginStatus failed(Throwable cause) {
    return new PluginStatus(id, version, description, PluginState.FAILED, reason(cause), 0);
  }

  /** Why something failed, in one line. */
  static String reason(Throwable cause) {
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  public PluginStatus in(PluginState next) {
    return new PluginStatus(id, version, description, next, null, 0);
  }

  /** The status with its breaker open until then (0: closed). */
  public PluginStatus resting(long until, String why) {
    return new PluginStatus(id, version, description, state, why, until);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("version", version).put("description", description)
        .put("state", state.name()).put("error", error)
        .put("breakerOpenUntil", breakerOpenUntil == 0 ? null : java.time.Instant.ofEpochMilli(breakerOpenUntil).toString());
  }
}
