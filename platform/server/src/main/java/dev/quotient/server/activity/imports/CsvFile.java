package dev.quotient.server.activity.imports;

import dev.quotient.api.ClientError;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CRM export as uploaded: UTF-8 text (a byte order mark is skipped), the first record the header,
 * separated by commas or, as spreadsheets in many European locales write it, semicolons (whichever the
 * header line has more of). Rows are numbered as a spreadsheet shows them: the header is row 1.
 *
 * <p>The file is never held whole: every pass opens its {@link Source} again and parses it as a stream
 * (Commons CSV over a decoding reader), so a pass holds one record and a reader's buffer, whatever the
 * file's size. Blocking: call from a worker.
 */
public final class CsvFile {

  /** One data row: its number in the file (header = 1) and its cells. */
  public record Row(long number, List<String> cells) {}

  /** Receives the rows in order. */
  @FunctionalInterface
  public interface RowHandler {
    void row(Row row);
  }

  /** Where the bytes are: opened once per pass, closed by the pass. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;
  }

  /** Header limits: the header is stored with the import and shown in every select of the mapping. */
  static final int MAX_COLUMNS = 200;
  static final int MAX_HEADER_LENGTH = 200;
  /** Sample cells are cut to this length: they are only shown. */
  static final int MAX_SAMPLE_CELL = 200;
  /** The delimiter is guessed from at most this many characters of the first line. */
  private static final int FIRST_LINE_LOOKAHEAD = 64 * 1024;

  private final Source source;

  private CsvFile(Source source) {
    this.source = source;
  }

  /** The file read from {@code source} at each pass. */
  static CsvFile of(Source source) {
    return new CsvFile(source);
  }

  /** A file held in memory: for small inputs and tests. */
  public static CsvFile of(byte[] bytes) {
    return new CsvFile(() -> new ByteArrayInputStream(bytes));
  }

  /**
   * Reads the header and hands every data row to {@code handler}. Fails with a 400 naming the row when
   * the file is not CSV (say, a quote never closed) or not UTF-8, with 413 past {@code maxRows} data rows.
   */
  public List<String> read(long maxRows, RowHandler handler) {
    return read(maxRows, handler, header -> { });
  }

  /** As {@link #read(long, RowHandler)}, handing the header to {@code onHeader} before the first row. */
  public List<String> read(long maxRows, RowHandler handler, java.util.function.Consumer<List<String>> onHeader) {
    try (Rows rows = open(maxRows)) {
      onHeader.accept(rows.header());
      for (Row row; (row = rows.next()) != null; ) {
        handler.row(row);
      }
      return rows.header();
    }
  }

  /** Opens a pass over the rows: the header is read (and checked) at once. Close it. */
  Rows open(long maxRows) {
    return new Rows(maxRows);
  }

  /** One streaming pass over the file, row by row. Not thread-safe; one thread at a time. */
  final class Rows implements AutoCloseable {

    private final long maxRows;
    private final Reader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long count;

    private Rows(long maxRows) {
      this.maxRows = maxRows;
      Reader opened = null;
      CSVParser parsing = null;
      try {
        opened = reader(source.open());
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(opened)).setIgnoreEmptyLines(true)
            .get();
        parsing = CSVParser.parse(opened, format);
        this.reader = opened;
        this.parser = parsing;
        this.records = parsing.iterator();
        CSVRecord first = nextRecord();
        if (first == null) {
          throw ClientError.badRequest("error.import.noHeader");
        }
        List<String> cells = cells(first);
        if (cells.stream().allMatch(String::isEmpty)) {
          throw ClientError.badRequest("error.import.noHeader");
        }
        if (cells.size() > MAX_COLUMNS || cells.stream().anyMatch(c -> c.length() > MAX_HEADER_LENGTH)) {
          throw ClientError.badRequest("error.import.header", MAX_COLUMNS, MAX_HEADER_LENGTH);
        }
        this.header = cells;
      } catch (IOException e) {
        closeQuietly(parsing, opened);
        throw encodingOr(e);
      } catch (RuntimeException e) {
        closeQuietly(parsing, opened);
        throw e;
      }
    }

    List<String> header() {
      return header;
    }

    /** The next data row, or null after the last; 400 or 413 as {@link CsvFile#read} says. */
    Row next() {
      CSVRecord record = nextRecord();
      if (record == null) {
        return null;
      }
      if (++count > maxRows) {
        throw new ClientError(413, "error.import.tooManyRows", maxRows);
      }
      return new Row(record.getRecordNumber(), cells(record));
    }

    private CSVRecord nextRecord() {
      try {
        return records.hasNext() ? records.next() : null;
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof CharacterCodingException) {
          throw ClientError.badRequest("error.import.encoding");
        }
        // The parser's own failure: the file is not CSV from this record on.
        throw ClientError.badRequest("error.import.malformed", parser.getRecordNumber() + 1);
      } catch (IllegalStateException e) {
        throw ClientError.badRequest("error.import.malformed", parser.getRecordNumber() + 1);
      }
    }

    @Override
    public void close() {
      closeQuietly(parser, reader);
    }
  }

  /** The text, cut to {@link #MAX_SAMPLE_CELL} characters for showing. */
  static String cut(String text) {
    return text.length() <= MAX_SAMPLE_CELL ? text : text.substring(0, MAX_SAMPLE_CELL - 1) + "…";
  }

  private static List<String> cells(CSVRecord record) {
    List<String> cells = new ArrayList<>(record.size());
    for (String cell : record) {
      cells.add(cell.trim());
    }
    return cells;
  }

  /** A strict UTF-8 reader (malformed bytes fail the read), past a byte order mark. */
  private static Reader reader(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
    return reader;
  }

  /** Semicolon when the first line has more semicolons than commas; the reader is left where it was. */
  private static char delimiter(Reader reader) throws IOException {
    reader.mark(FIRST_LINE_LOOKAHEAD + 1);
    long commas = 0;
    long semicolons = 0;
    for (int i = 0, c; i < FIRST_LINE_LOOKAHEAD && (c = reader.read()) >= 0 && c != '\n'; i++) {
      if (c == ',') {
        commas++;
      } else if (c == ';') {
        semicolons++;
      }
    }
    reader.reset();
    return semicolons > commas ? ';' : ',';
  }

  private static RuntimeException encodingOr(IOException e) {
    if (e instanceof CharacterCodingException) {
      return ClientError.badRequest("error.import.encoding");
    }
    return new UncheckedIOException(e);
  }

  private static void closeQuietly(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // nothing more to release
        }
      }
    }
  }

  /** The header and the first {@code n} data rows, for the mapping step. */
  record Preview(List<String> header, List<List<String>> sample, long rows) {}

  Preview preview(long maxRows, int n) {
    List<List<String>> sample = new ArrayList<>();
    long[] rows = {0};
    List<String> header = read(maxRows, row -> {
      rows[0]++;
      if (sample.size() < n) {
        sample.add(row.cells().stream().limit(MAX_COLUMNS).map(CsvFile::cut).toList());
      }
    });
    return new Preview(header, sample, rows[0]);
  }
}
