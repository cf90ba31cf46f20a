package dev.quotient.api.materials;

import java.time.Instant;
import java.util.Objects;

/**
 * One uploaded file of an item. Versions are never replaced: a new upload adds the next number and
 * the older ones stay downloadable.
 *
 * @param number 1 for the first upload, then 2, 3, ...
 * @param fileName the sanitised name the file is downloaded under
 * @param contentType the type detected from the file's bytes (never the name the uploader gave)
 * @param size bytes
 * @param sha256 hex SHA-256 of the bytes, computed while storing and checked on every download
 * @param uploadedAt when the upload completed
 * @param uploaderName who uploaded it
 * @param download the path that downloads this version ({@code /api/materials/<id>/versions/<n>})
 */
public record MaterialVersion(int number, String fileName, String contentType, long size, String sha256,
    Instant uploadedAt, String uploaderName, String download) {

  public MaterialVersion {
    if (number < 1) {
      throw new IllegalArgumentException("version numbers start at 1: " + number);
    }
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(uploadedAt, "uploadedAt");
    Objects.requireNonNull(download, "download");
  }
}
