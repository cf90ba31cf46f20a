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
 * @param cadencePeriod the default follow-up cadence period, {@code daily} or {@code weekly}
 *     ({@code QUOTIENT_PLUGIN_RECOGNITION_CADENCE_PERIOD}, default weekly)
 * @param cadenceTarget the default number of follow-ups per period
 *     ({@code QUOTIENT_PLUGIN_RECOGNITION_CADENCE_TARGET}, default 5)
 */
record RecognitionConfig(int praisePerDay, int praisePerRecipientPerDay, String publicUrl, String cadencePeriod,
    int cadenceTarget) {

  static final int DEFAULT_PER_DAY = 10;
  static final int DEFAULT_PER_RECIPIENT = 3;
  static final String DEFAULT_CADENCE_PERIOD = "weekly";
  static final int DEFAULT_CADENCE_TARGET = 5;

  RecognitionConfig {
    if (praisePerDay < 1 || praisePerRecipientPerDay < 1) {
      throw new IllegalArgumentException("praise limits are at least 1");
    }
    if (!Cadences.PERIODS.contains(cadencePeriod)) {
      throw new IllegalArgumentException("cadencePeriod is one of " + Cadences.PERIODS + ": " + cadencePeriod);
    }
    if (cadenceTarget < 1 || cadenceTarget > Cadences.MAX_TARGET) {
      throw new IllegalArgumentException("cadenceTarget is 1 to " + Cadences.MAX_TARGET + ": " + cadenceTarget);
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
        url == null || url.isBlank() ? null : url.replaceAll("/+$", ""),
        config.getValue("cadencePeriod") == null || String.valueOf(config.getValue("cadencePeriod")).isBlank()
            ? DEFAULT_CADENCE_PERIOD : String.valueOf(config.getValue("cadencePeriod")).strip(),
        number(config, "cadenceTarget", DEFAULT_CADENCE_TARGET));
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
