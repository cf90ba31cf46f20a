package dev.quotient.server.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A page body written through every method of the writer has exactly the bytes of its text in UTF-8. */
class Utf8WriterTest {

  @Test
  void everyWayOfWritingGivesTheTextsUtf8() {
    String[] pieces = {"<p class=\"x\">", "Zażółć gęślą jaźń", " – ", "日本語", "emoji \uD83D\uDE00!", "", "&amp;",
        "x".repeat(10_000)};
    Random random = new Random(3);
    for (int round = 0; round < 200; round++) {
      StringBuilder expected = new StringBuilder();
      Utf8Writer out = new Utf8Writer(16);
      for (int i = 0; i < 12; i++) {
        String piece = pieces[random.nextInt(pieces.length)];
        expected.append(piece);
        switch (random.nextInt(5)) {
          case 0 -> out.write(piece);
          case 1 -> out.write(piece.toCharArray(), 0, piece.length());
          case 2 -> out.append(new StringBuilder(piece));
          case 3 -> piece.chars().forEach(out::write);
          default -> out.write("[" + piece + "]", 1, piece.length());
        }
      }
      out.close();
      assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), ByteBufUtil.getBytes(out.bytes()),
          expected.toString());
    }
  }
}
