package dev.quotient.plugin.hiring;

import java.util.List;

/** The four RPAC areas a candidate is judged on; the key is the JSON field and form field prefix. */
enum Area {
  ROLE_FIT("roleFit"),
  PROVEN_ACHIEVEMENT("provenAchievement"),
  ACUMEN("acumen"),
  CULTURE_FIT("cultureFit");

  static final List<Area> ALL = List.of(values());

  private final String key;

  Area(String key) {
    this.key = key;
  }

  String key() {
    return key;
  }

  /** Message key of the area's name. */
  String nameKey() {
    return "hiring.area." + key;
  }
}
