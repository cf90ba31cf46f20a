package dev.quotient.plugin.recognition;

import io.vertx.core.json.JsonObject;

/**
 * The plugin's configuration, parsed once at start; defaults live here.
 *
 * @param praisePerDay praises one person may give per day, counted in the organisation's time zone
 *     ({@code QUOTIENT_PLUGIN_RECOGNITION_PRAISE_PER_DAY}, default 10)
 * @param praisePerRecipientPerDay praises one person may give the same colleague per day
 *     ({@code QUOTIENT_PLUGIN_RECOGNITION_PRAISE_PER_RECIPIENT_PER_DAY}, default 3)
 * @param publicUrl the address people reach the platform at, used in the ids of Open Badges
 *     credentials and issuer profiles ({@code QUOTIENT_PLUGIN_RECOGNITION_PUBLIC_URL}); null takes
 *     the address of the request that first exports a credential
 */
record RecognitionConfig(int praisePerDay, int praisePerRecipientPerDay, String publicUrl) {

  static final int DEFAULT_PER_DAY = 10;
  static final int DEFAULT_PER_RECIPIENT = 3;

  RecognitionConfig {
    if (praisePerDay < 1 || praisePerRecipientPerDay < 1) {
      throw new IllegalArgumentException("praise limits are at least 1");
    }
  }

  static RecognitionConfig from(JsonObject config) {
    String url = config.getString("publicUrl");
    if (url != null && !url.isBlank() && !url.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
      throw new IllegalArgumentException("publicUrl is an http(s) address: " + url);
    }
    return new RecognitionConfig(
        number(config, "praisePerDay", DEFAULT_PER_DAY),
        number(config, "praisePerRecipientPerDay", DEFAULT_PER_RECIPIENT),
        url == null || url.isBlank() ? null : url.replaceAll("/+$", ""));
  }

  private static int number(JsonObject config, String key, int fallback) {
    Object v = config.getValue(key);
    if (v == null || String.valueOf(v).isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is a whole number: " + v, e);
    }
  }
}
