package dev.quotient.server.materials;

import dev.quotient.api.ClientError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * What a file is, decided from its first bytes with Apache Tika's magic numbers (the name the uploader
 * gave is never trusted), and which types the library accepts. The name's extension must agree with
 * the bytes: a PDF called {@code .png}, or a script called {@code .pdf}, is refused as mislabelled.
 *
 * <p>Office Open XML files (docx, xlsx, pptx) are zip archives to a magic-number detector: they are
 * accepted when the bytes are a zip whose first entries are those of an OOXML package
 * ({@code [Content_Types].xml}, and the {@code word/}, {@code xl/} or {@code ppt/} part the extension
 * names, when the sniffed head reaches it).
 */
final class FileTypes {

  /** Bytes looked at before anything is stored. */
  static final int SNIFF_BYTES = 64 * 1024;

  /** Accepted extensions and the type the bytes must have. */
  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("pdf", "application/pdf"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("txt", "text/plain"),
      Map.entry("md", "text/plain"),
      Map.entry("csv", "text/plain"),
      Map.entry("doc", "application/x-tika-msoffice"),
      Map.entry("xls", "application/x-tika-msoffice"),
      Map.entry("ppt", "application/x-tika-msoffice"),
      Map.entry("docx", "application/zip"),
      Map.entry("xlsx", "application/zip"),
      Map.entry("pptx", "application/zip"),
      Map.entry("odt", "application/vnd.oasis.opendocument.text"),
      Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
      Map.entry("odp", "application/vnd.oasis.opendocument.presentation"));

  /** The content type a download is served with, by extension. */
  private static final Map<String, String> SERVED = Map.ofEntries(
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("md", "text/markdown; charset=utf-8"),
      Map.entry("csv", "text/csv; charset=utf-8"),
      Map.entry("doc", "application/msword"),
      Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("ppt", "application/vnd.ms-powerpoint"),
      Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"));

  private static final Map<String, String> OOXML_PART = Map.of("docx", "word/", "xlsx", "xl/", "pptx", "ppt/");

  private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();

  private FileTypes() {}

  /**
   * The content type to record for a file whose first bytes are {@code head} and whose sanitised name
   * is {@code name}.
   *
   * @throws ClientError 415 {@code error.material.type} for extensions the library does not take,
   *     415 {@code error.material.mislabelled} when the bytes are something else than the name says
   */
  static String check(byte[] head, String name) {
    String ext = FileNames.extension(name);
    String expected = BY_EXTENSION.get(ext);
    if (expected == null) {
      throw new ClientError(415, "error.material.type", name);
    }
    String detected = detect(head);
    boolean agrees = OOXML_PART.containsKey(ext)
        ? ("application/zip".equals(detected) || "application/x-tika-ooxml".equals(detected)) && isOoxml(head, ext)
        : expected.equals(detected) || "text/plain".equals(expected) && detected.startsWith("text/");
    if (!agrees) {
      throw new ClientError(415, "error.material.mislabelled", name, detected);
    }
    return SERVED.getOrDefault(ext, expected);
  }

  /**
   * Refuses, before any byte is read, a name whose extension the library does not take.
   *
   * @throws ClientError 415 {@code error.material.type}
   */
  static void requireAccepted(String name) {
    if (!BY_EXTENSION.containsKey(FileNames.extension(name))) {
      throw new ClientError(415, "error.material.type", name);
    }
  }

  /** Tika's answer from the bytes alone ({@code text/plain} for text, else octet-stream when unknown). */
  static String detect(byte[] head) {
    try {
      MediaType type = TIKA.detect(new ByteArrayInputStream(head), new Metadata());
      return type.getBaseType().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A zip archive (local file header {@code PK\3\4}) listing {@code [Content_Types].xml} among the entries
   * of the head, and, if any part folder shows in the head, the one the extension names.
   */
  private static boolean isOoxml(byte[] head, String ext) {
    if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
      return false;
    }
    boolean contentTypes = false;
    boolean expectedPart = false;
    boolean otherPart = false;
    int i = 0;
    while (i + 30 <= head.length && head[i] == 'P' && head[i + 1] == 'K' && head[i + 2] == 3 && head[i + 3] == 4) {
      int nameLength = u16(head, i + 26);
      int extraLength = u16(head, i + 28);
      long compressed = u32(head, i + 18);
      int flags = u16(head, i + 6);
      if (i + 30 + nameLength > head.length) {
        break;
      }
      String entry = new String(head, i + 30, nameLength, StandardCharsets.UTF_8);
      if (entry.equals("[Content_Types].xml")) {
        contentTypes = true;
      }
      for (Map.Entry<String, String> part : OOXML_PART.entrySet()) {
        if (entry.startsWith(part.getValue())) {
          if (part.getKey().equals(ext)) {
            expectedPart = true;
          } else {
            otherPart = true;
          }
        }
      }
      if ((flags & 0x08) != 0) {
        break; // sizes follow the data: the next header cannot be found without inflating
      }
      i += 30 + nameLength + extraLength + (int) Math.min(compressed, head.length);
    }
    return contentTypes && (expectedPart || !otherPart);
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }
}
