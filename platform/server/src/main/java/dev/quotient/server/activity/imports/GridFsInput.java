package dev.quotient.server.activity.imports;

import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.io.InputStream;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * A GridFS file read one chunk at a time, each by its key ({@code files_id}, {@code n}): a read holds
 * one chunk (255 KB by default), and no query walks or returns the whole file (the embedded store would
 * collect every chunk of a cursor's result up front). Blocking.
 */
final class GridFsInput extends InputStream {

  private final MongoCollection<Document> chunks;
  private final Object fileId;
  private final long length;
  private byte[] chunk = new byte[0];
  private int offset;
  private int next;
  private long read;

  GridFsInput(MongoCollection<Document> chunks, Object fileId, long length) {
    this.chunks = chunks;
    this.fileId = fileId;
    this.length = length;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    read++;
    return chunk[offset++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, chunk.length - offset);
    System.arraycopy(chunk, offset, b, off, n);
    offset += n;
    read += n;
    return n;
  }

  private boolean fill() throws IOException {
    while (offset >= chunk.length) {
      if (read >= length) {
        return false;
      }
      Document d = chunks.find(new Document("files_id", fileId).append("n", next)).first();
      if (d == null) {
        throw new IOException("chunk " + next + " of file " + fileId + " is missing");
      }
      chunk = d.get("data", Binary.class).getData();
      offset = 0;
      next++;
      if (chunk.length == 0) {
        throw new IOException("chunk " + (next - 1) + " of file " + fileId + " is empty");
      }
    }
    return true;
  }
}
