package dev.quotient.server.materials;

import dev.quotient.api.ClientError;
import dev.quotient.api.Role;
import dev.quotient.api.materials.MaterialKind;
import dev.quotient.api.materials.Skill;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An item's metadata as a trainer sends it, checked: every failure is a 400 naming what to fix.
 * Fields left null in a change (PATCH) keep their stored value.
 */
record MaterialInput(String title, MaterialKind kind, String topic, List<Skill> skills, Set<Role> audience,
    List<String> tags, String link, String description, Boolean published) {

  static final int MAX_TITLE = 160;
  static final int MAX_TOPIC = 120;
  static final int MAX_TAGS = 20;
  static final int MAX_TAG = 40;
  static final int MAX_DESCRIPTION = 20_000;
  static final int MAX_LINK = 2_000;
  /** Roles an item can be published to. */
  static final Set<Role> AUDIENCES = EnumSet.of(Role.REP, Role.MENTOR, Role.LEADER);

  /** Parses the raw values (from JSON or a form); {@code complete} requires title and kind. */
  static MaterialInput parse(String title, String kind, String topic, List<String> skills, List<String> audience,
      List<String> tags, String link, String description, Boolean published, boolean complete) {
    String t = title == null ? null : title.strip();
    if (t != null && (t.isEmpty() || t.length() > MAX_TITLE) || t == null && complete) {
      throw ClientError.badRequest("error.material.title", MAX_TITLE);
    }
    MaterialKind k = null;
    if (kind != null && !kind.isBlank()) {
      try {
        k = MaterialKind.parse(kind);
      } catch (IllegalArgumentException e) {
        throw ClientError.badRequest("error.material.kind", kind);
      }
    } else if (complete) {
      throw ClientError.badRequest("error.material.kind", "");
    }
    String tp = topic == null ? null : topic.strip();
    if (tp != null && tp.length() > MAX_TOPIC) {
      throw ClientError.badRequest("error.material.topic", MAX_TOPIC);
    }
    List<Skill> sk = null;
    if (skills != null) {
      Set<Skill> parsed = new LinkedHashSet<>();
      for (String s : skills) {
        try {
          parsed.add(Skill.parse(s));
        } catch (IllegalArgumentException e) {
          throw ClientError.badRequest("error.material.skill", s);
        }
      }
      sk = List.copyOf(parsed);
    }
    Set<Role> au = null;
    if (audience != null) {
      Set<Role> parsed = EnumSet.noneOf(Role.class);
      for (String a : audience) {
        Role r;
        try {
          r = Role.parse(a);
        } catch (IllegalArgumentException e) {
          throw ClientError.badRequest("error.material.audience", a);
        }
        if (!AUDIENCES.contains(r)) {
          throw ClientError.badRequest("error.material.audience", a);
        }
        parsed.add(r);
      }
      au = parsed;
    }
    List<String> tg = null;
    if (tags != null) {
      Set<String> parsed = new LinkedHashSet<>();
      for (String tag : tags) {
        String norm = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        if (norm.isEmpty()) {
          continue;
        }
        if (norm.length() > MAX_TAG || norm.startsWith("$")) {
          throw ClientError.badRequest("error.material.tag", MAX_TAG);
        }
        parsed.add(norm);
      }
      if (parsed.size() > MAX_TAGS) {
        throw ClientError.badRequest("error.material.tags", MAX_TAGS);
      }
      tg = new ArrayList<>(parsed);
    }
    String ln = link == null ? null : link.strip();
    if (ln != null && !ln.isEmpty()) {
      checkLink(ln);
    }
    if (k == MaterialKind.RECORDED_SESSION && complete && (ln == null || ln.isEmpty())) {
      throw ClientError.badRequest("error.material.linkRequired");
    }
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw ClientError.badRequest("error.material.description", MAX_DESCRIPTION);
    }
    return new MaterialInput(t, k, tp, sk, au, tg, ln, description, published);
  }

  /** Only absolute http and https addresses with a host: no javascript:, data:, file: or relative links. */
  static void checkLink(String link) {
    try {
      URI uri = new URI(link);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (link.length() > MAX_LINK || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw ClientError.badRequest("error.material.link", link);
      }
    } catch (URISyntaxException e) {
      throw ClientError.badRequest("error.material.link", link);
    }
  }
}
