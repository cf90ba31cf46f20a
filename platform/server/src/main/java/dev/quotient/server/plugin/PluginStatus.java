package dev.quotient.server.plugin;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What {@code GET /api/plugins} shows of one plugin.
 *
 * @param error why it failed; null unless {@code state} is FAILED
 */
public record PluginStatus(String id, String version, String description, PluginState state, String error) {

  public PluginStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
  }

  public PluginStatus failed(Throwable cause) {
    String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return new PluginStatus(id, version, description, PluginState.FAILED, reason);
  }

  public PluginStatus in(PluginState next) {
    return new PluginStatus(id, version, description, next, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("version", version).put("description", description)
        .put("state", state.name()).put("error", error);
  }
}
