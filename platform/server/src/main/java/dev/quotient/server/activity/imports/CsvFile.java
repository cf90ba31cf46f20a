package dev.quotient.server.activity.imports;

import dev.quotient.api.ClientError;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CRM export as uploaded: UTF-8 text (a byte order mark is skipped), the first record the header,
 * separated by commas or, as spreadsheets in many European locales write it, semicolons (whichever the
 * header line has more of). Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
final class CsvFile {

  /** One data row: its number in the file (header = 1) and its cells. */
  record Row(long number, List<String> cells) {}

  /** Receives the rows in order. */
  @FunctionalInterface
  interface RowHandler {
    void row(Row row);
  }

  /** Header limits: the header is stored with the import and shown in every select of the mapping. */
  static final int MAX_COLUMNS = 200;
  static final int MAX_HEADER_LENGTH = 200;
  /** Sample cells are cut to this length: they are only shown. */
  static final int MAX_SAMPLE_CELL = 200;

  private final String text;
  private final char delimiter;

  private CsvFile(String text) {
    this.text = text;
    this.delimiter = delimiter(text);
  }

  /** Decodes the bytes; a 400 when they are not UTF-8 text. */
  static CsvFile of(byte[] bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return new CsvFile(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (CharacterCodingException e) {
      throw ClientError.badRequest("error.import.encoding");
    }
  }

  /**
   * Reads the header and hands every data row to {@code handler}. Fails with a 400 naming the row when
   * the file is not CSV (say, a quote never closed), with 413 past {@code maxRows} data rows.
   */
  List<String> read(long maxRows, RowHandler handler) {
    return read(maxRows, handler, header -> { });
  }

  /** As {@link #read(long, RowHandler)}, handing the header to {@code onHeader} before the first row. */
  List<String> read(long maxRows, RowHandler handler, java.util.function.Consumer<List<String>> onHeader) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    long rows = 0;
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = null;
      try {
        for (CSVRecord record : parser) {
          List<String> cells = record.toList().stream().map(String::trim).toList();
          if (header == null) {
            if (cells.stream().allMatch(String::isEmpty)) {
              throw ClientError.badRequest("error.import.noHeader");
            }
            if (cells.size() > MAX_COLUMNS || cells.stream().anyMatch(c -> c.length() > MAX_HEADER_LENGTH)) {
              throw ClientError.badRequest("error.import.header", MAX_COLUMNS, MAX_HEADER_LENGTH);
            }
            header = cells;
            onHeader.accept(header);
            continue;
          }
          if (++rows > maxRows) {
            throw new ClientError(413, "error.import.tooManyRows", maxRows);
          }
          handler.row(new Row(record.getRecordNumber(), cells));
        }
      } catch (UncheckedIOException | IllegalStateException e) {
        // The parser's own failure: the file is not CSV from this record on.
        throw ClientError.badRequest("error.import.malformed", parser.getRecordNumber() + 1);
      }
      if (header == null) {
        throw ClientError.badRequest("error.import.noHeader");
      }
      return header;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text, cut to {@link #MAX_SAMPLE_CELL} characters for showing. */
  static String cut(String text) {
    return text.length() <= MAX_SAMPLE_CELL ? text : text.substring(0, MAX_SAMPLE_CELL - 1) + "…";
  }

  private static char delimiter(String text) {
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    long commas = first.chars().filter(c -> c == ',').count();
    long semicolons = first.chars().filter(c -> c == ';').count();
    return semicolons > commas ? ';' : ',';
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
