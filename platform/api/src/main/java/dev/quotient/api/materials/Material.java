package dev.quotient.api.materials;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import dev.quotient.api.Role;

/**
 * An item of the library as one viewer may see it.
 *
 * @param id the item's id
 * @param title short title
 * @param kind what it is for
 * @param topic free topic ("Discovery calls")
 * @param skills the sub-skills it serves (each names its area)
 * @param audience who it is published to: any of rep, mentor, leader
 * @param tags lower-case tags
 * @param published false while trainers prepare it: then only trainers, leaders and admins see it
 * @param link an http(s) address (a recorded session), or null
 * @param descriptionHtml the description, Markdown rendered to sanitised HTML (may be empty)
 * @param uploaderName who created the item
 * @param createdAt when it was created
 * @param versions the uploaded files, oldest first (empty for a link-only item)
 * @param page the item's page on the platform ({@code /library/<id>}), for links from plugin pages
 */
public record Material(String id, String title, MaterialKind kind, String topic, List<Skill> skills,
    Set<Role> audience, List<String> tags, boolean published, String link, String descriptionHtml,
    String uploaderName, Instant createdAt, List<MaterialVersion> versions, String page) {

  public Material {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(kind, "kind");
    topic = topic == null ? "" : topic;
    skills = List.copyOf(skills);
    audience = Set.copyOf(audience);
    tags = List.copyOf(tags);
    descriptionHtml = descriptionHtml == null ? "" : descriptionHtml;
    Objects.requireNonNull(createdAt, "createdAt");
    versions = List.copyOf(versions);
    Objects.requireNonNull(page, "page");
  }

  /** The newest upload, if any. */
  public Optional<MaterialVersion> latest() {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }
}
