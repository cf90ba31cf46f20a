package dev.quotient.api.materials;

/**
 * What to look for; every part is optional (null) and the parts combine with "and".
 *
 * @param text words that must all appear in the title, topic, tags, description or file name; a
 *     word may be the start of a longer one ("obj" finds "objections"), case and diacritics are
 *     ignored ("zastrzezenia" finds "zastrzeżenia")
 * @param kind only items of this kind
 * @param area only items serving a sub-skill of this area
 * @param skill only items serving this sub-skill
 * @param topic only items with this topic (case-insensitive)
 * @param tag only items with this tag (case-insensitive)
 * @param limit at most this many items, newest first (1-200)
 */
public record MaterialQuery(String text, MaterialKind kind, Skill.Area area, Skill skill, String topic, String tag,
    int limit) {

  public static final int MAX_LIMIT = 200;

  public MaterialQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ": " + limit);
    }
  }

  /** Everything the viewer may see, up to the maximum. */
  public static MaterialQuery all() {
    return new MaterialQuery(null, null, null, null, null, null, MAX_LIMIT);
  }
}
