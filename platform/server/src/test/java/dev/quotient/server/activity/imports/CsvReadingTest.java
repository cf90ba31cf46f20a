package dev.quotient.server.activity.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.ClientError;
import dev.quotient.server.activity.ActivityKind;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a CRM export without a server: the file, the guessed mapping, kinds, dates and numbers. */
class CsvReadingTest {

  @Test
  void readsSemicolonFilesWithAByteOrderMarkAndNumbersRowsLikeASpreadsheet() {
    CsvFile file = CsvFile.of(("\uFEFFid;user;kind\n\"a;1\";x@y.z;call\n\nb;x@y.z;\"multi\nline\"\n")
        .getBytes(StandardCharsets.UTF_8));
    List<CsvFile.Row> rows = new ArrayList<>();
    List<String> header = file.read(10, rows::add);
    assertEquals(List.of("id", "user", "kind"), header);
    assertEquals(List.of("a;1", "x@y.z", "call"), rows.get(0).cells());
    assertEquals(2, rows.get(0).number());
    assertEquals("multi\nline", rows.get(1).cells().get(2));
  }

  @Test
  void refusesWhatIsNotCsvText() {
    assertEquals(400, assertThrows(ClientError.class,
        () -> CsvFile.of(new byte[] {'a', (byte) 0xff}).read(10, r -> { })).status());
    assertEquals("error.import.malformed", assertThrows(ClientError.class,
        () -> CsvFile.of("id\n\"open,x\n".getBytes(StandardCharsets.UTF_8)).read(10, r -> { })).messageKey());
    assertEquals(413, assertThrows(ClientError.class,
        () -> CsvFile.of("id\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8)).read(2, r -> { })).status());
    assertEquals("error.import.header", assertThrows(ClientError.class,
        () -> CsvFile.of(("id," + "x".repeat(201) + "\n").getBytes(StandardCharsets.UTF_8)).read(2, r -> { }))
        .messageKey());
  }

  @Test
  void guessesColumnsFromCommonHeaderNames() {
    Mapping m = Mapping.guess(List.of("Activity ID", "Owner E-mail", "Activity Type", "Date", "Amount", "Data"));
    assertEquals("Activity ID", m.columns().get(ImportField.ID));
    assertEquals("Owner E-mail", m.columns().get(ImportField.USER));
    assertEquals("Activity Type", m.columns().get(ImportField.KIND));
    assertEquals("Date", m.columns().get(ImportField.OCCURRED_AT), "the first matching column, each used once");
    assertEquals("Amount", m.columns().get(ImportField.VALUE));
    assertNull(m.columns().get(ImportField.LEAD_ID));
  }

  @Test
  void readsKindsBySynonymAndByTheLeadersOwnNames() {
    KindNames names = new KindNames(Map.of("Coffee chat", "meeting", "Odd", "no-such-kind"));
    assertEquals(Optional.of(ActivityKind.CALL), names.kind("Phone Call"));
    assertEquals(Optional.of(ActivityKind.FOLLOW_UP), names.kind("FOLLOW_UP"));
    assertEquals(Optional.of(ActivityKind.EMAIL), names.kind("E-mail"));
    assertEquals(Optional.of(ActivityKind.WON), names.kind("Closed Won"));
    assertEquals(Optional.of(ActivityKind.MEETING), names.kind("Spotkanie"));
    assertEquals(Optional.of(ActivityKind.MEETING), names.kind("coffee  CHAT"));
    assertEquals(Optional.empty(), names.kind("Odd"));
  }

  @Test
  void readsDatesInTheOrganisationsZoneAndNumbersInCommonForms() {
    RowConverter c = new RowConverter(List.of("id", "user", "kind", "when", "value"),
        Mapping.guess(List.of("id", "user", "kind", "when", "value")), ZoneId.of("Europe/Warsaw"),
        Map.of("u1", "u1", "a@b.c", "u1"));
    assertEquals("2026-03-02T08:30:00Z", c.instant("2026-03-02 09:30"));
    assertEquals("2026-07-02T07:30:05Z", c.instant("02.07.2026 09:30:05"));
    assertEquals("2026-03-02T09:30:00Z", c.instant("2026-03-02T09:30:00Z"));
    assertNull(c.instant("03/02/2026"));
    assertEquals(12500.5, RowConverter.number("12 500,50"));
    assertEquals(12500.5, RowConverter.number("12,500.50"));
    assertNull(RowConverter.number("lots"));

    List<RowError> errors = new ArrayList<>();
    JsonObject item = c.convert(new CsvFile.Row(2, List.of("x1", "A@B.C", "Call", "2026-03-02 09:30", "")), errors);
    assertEquals(List.of(), errors);
    assertEquals(new JsonObject().put("id", "x1").put("userId", "u1").put("kind", "call")
        .put("occurredAt", "2026-03-02T08:30:00Z"), item);
    c.convert(new CsvFile.Row(3, List.of("x2", "nobody", "Call", "soon")), errors);
    assertEquals(2, errors.size());
    assertTrue(errors.stream().allMatch(e -> e.row() == 3));
    assertEquals(List.of("user", "when"), errors.stream().map(RowError::column).toList());
  }
}
