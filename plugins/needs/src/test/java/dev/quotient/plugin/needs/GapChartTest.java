package dev.quotient.plugin.needs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GapChartTest {

  private static final GapChart.Labels LABELS = new GapChart.Labels("Gap <per> question", "gap",
      "{question}, round of {date}: gap {gap}", "No audit round yet");
  private static final List<GapChart.Question> QUESTIONS = List.of(
      new GapChart.Question("tech", "Q1", "1. Tech & <stack>"), new GapChart.Question("culture", "Q2", "2. Culture"));

  @Test
  void oneTitledBarPerAnsweredQuestionAndRoundWithoutStyleOrScript() throws Exception {
    String svg = GapChart.svg(QUESTIONS, List.of(
        new GapChart.Round("2026-01-10", Map.of("tech", 3, "culture", -1)),
        new GapChart.Round("2026-03-02", Map.of("tech", 1))), LABELS);
    Document doc = parse(svg);
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getTagName());
    assertEquals("img", root.getAttribute("role"));
    assertEquals("Gap <per> question", first(root, "title").getTextContent());
    List<String> bars = new ArrayList<>();
    NodeList rects = doc.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      NodeList titles = ((Element) rects.item(i)).getElementsByTagName("title");
      if (titles.getLength() == 1) {
        bars.add(titles.item(0).getTextContent());
      }
    }
    assertEquals(List.of("1. Tech & <stack>, round of 2026-01-10: gap 3", "1. Tech & <stack>, round of 2026-03-02: gap 1",
        "2. Culture, round of 2026-01-10: gap -1"), bars);
    assertFalse(svg.contains("style="), "no style attributes: the CSP forbids them");
    assertFalse(svg.toLowerCase().contains("<script"), "no script");
    assertFalse(svg.contains(" on"), "no event handler attributes");
    assertTrue(svg.contains(">2026-03-02</text>"), "the legend names each round");
  }

  @Test
  void keepsTheLatestSixRoundsAndSaysWhenThereIsNone() throws Exception {
    List<GapChart.Round> rounds = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      rounds.add(new GapChart.Round("2026-0" + i + "-01", Map.of("tech", i % 5)));
    }
    String svg = GapChart.svg(QUESTIONS, rounds, LABELS);
    parse(svg);
    assertFalse(svg.contains("2026-02-01"), "the oldest rounds are left out");
    assertTrue(svg.contains("2026-08-01") && svg.contains("2026-03-01"));
    String empty = GapChart.svg(QUESTIONS, List.of(), LABELS);
    parse(empty);
    assertTrue(empty.contains("No audit round yet"));
  }

  private static Element first(Element root, String tag) {
    return (Element) root.getElementsByTagName(tag).item(0);
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }
}
