package dev.quotient.plugin.development.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

class ChartsTest {

  @Test
  void coordinatesAreWrittenAsTheFormatterWritesThem() {
    // charts are drawn on every dashboard view: numbers are written without a Formatter, to the same text
    java.util.Random random = new java.util.Random(42);
    List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 0.05, 0.15, 0.25, -0.25, -0.04, 2.5, 1.05, 999.95,
        -1234.56, 1e14, 1e16, Double.NaN, Double.POSITIVE_INFINITY, 640.0, 0.1 + 0.2));
    for (int i = 0; i < 20_000; i++) {
      values.add((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(7)));
      values.add(Math.round(random.nextGaussian() * 1000) / 100.0 + 0.05);
    }
    for (double v : values) {
      assertEquals(String.format(java.util.Locale.ROOT, "%.1f", v), Svg.num(v), "for " + v);
    }
  }

  @Test
  void trendChartIsAccessibleXmlWithGapsForMissingMonths() throws Exception {
    List<Double> rep = Arrays.asList(1.0, 2.0, null, 4.0, 5.0);
    List<Double> median = Arrays.asList(2.0, 2.0, 2.0, 2.0, 2.0);
    String svg = TrendChart.render("trend win/rate", "Win rate <&> \"trend\"", "Rep vs team", List.of("2026-01", "2026-02",
        "2026-03", "2026-04", "<Q&A>"), List.of(new TrendChart.Series("Anna <Kowalska>", "chart-rep", rep),
        new TrendChart.Series("Median", "chart-median", median)), v -> String.format(java.util.Locale.ROOT, "%.1f", v));
    Document doc = parse(svg);
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getTagName());
    assertEquals("img", root.getAttribute("role"));
    assertEquals("trend-win-rate-title trend-win-rate-desc", root.getAttribute("aria-labelledby"));
    assertEquals("Win rate <&> \"trend\"", text(doc, "title").get(0));
    assertEquals("Rep vs team", text(doc, "desc").get(0));
    assertNoStyleOrScript(root);

    NodeList lines = doc.getElementsByTagName("polyline");
    // drawn last on top: the median (one dashed line of five), then the rep (months 1-2 and 4-5, a gap at 3)
    assertEquals(3, lines.getLength());
    Element medianLine = (Element) lines.item(0);
    assertEquals("chart-series chart-series-1 chart-median", ((Element) medianLine.getParentNode()).getAttribute("class"));
    assertEquals("6 4", medianLine.getAttribute("stroke-dasharray"));
    assertEquals(5, medianLine.getAttribute("points").split(" ").length);
    // y axis 0..5 over 180 px from y=16; x from 56 to 604 over five months (137 px apart)
    assertEquals("56.0,160.0 193.0,124.0", ((Element) lines.item(1)).getAttribute("points"));
    assertEquals("467.0,52.0 604.0,16.0", ((Element) lines.item(2)).getAttribute("points"));
    assertEquals("chart-series chart-series-0 chart-rep",
        ((Element) lines.item(2).getParentNode()).getAttribute("class"));
    assertEquals(9, doc.getElementsByTagName("circle").getLength()); // 4 + 5 dots, each with a tooltip
    assertTrue(text(doc, "title").contains("Anna <Kowalska>, 2026-04: 4.0"), text(doc, "title").toString());
    assertTrue(text(doc, "text").contains("<Q&A>"));
    assertTrue(text(doc, "text").contains("5.0")); // top of the axis
  }

  @Test
  void boxChartPlacesTheRepOnTheRowsOwnScale() throws Exception {
    String svg = BoxChart.render("box-u1", "Anna against Hunters", "desc", List.of(
        new BoxChart.Row("Win rate", 0, 2.5, 5, 7.5, 10, 5.0, "50%", "50%"),
        new BoxChart.Row("Selling hours", 10, 20, 30, 40, 50, null, "–", "30 h")), "Anna", "Hunters");
    Document doc = parse(svg);
    assertNoStyleOrScript(doc.getDocumentElement());
    NodeList dots = doc.getElementsByTagName("circle");
    // one rep dot (the second row has no value) plus the legend's dot
    Element rep = (Element) dots.item(0);
    assertEquals("chart-rep", rep.getAttribute("class"));
    assertEquals("350.0", rep.getAttribute("cx")); // 210 + 280 * (5 - 0) / 10
    NodeList rects = doc.getElementsByTagName("rect");
    Element box = (Element) rects.item(0);
    assertEquals("280.0", box.getAttribute("x")); // Q1 2.5 of 0..10
    assertEquals("140.0", box.getAttribute("width"));
    Element second = (Element) rects.item(1); // 0..50 scale: Q1 20 -> 210 + 112
    assertEquals("322.0", second.getAttribute("x"));
    List<String> texts = text(doc, "text");
    assertTrue(texts.contains("Win rate") && texts.contains("Selling hours"), texts.toString());
    assertTrue(texts.contains("– / 30 h"), texts.toString());
  }

  private static void assertNoStyleOrScript(Element e) {
    assertFalse(e.hasAttribute("style"), e.getTagName() + " has a style attribute");
    assertFalse("script".equals(e.getTagName()) || "foreignObject".equals(e.getTagName()));
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      assertFalse(attrs.item(i).getNodeName().startsWith("on"), "event handler " + attrs.item(i).getNodeName());
    }
    NodeList children = e.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element c) {
        assertNoStyleOrScript(c);
      }
    }
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<String> text(Document doc, String tag) {
    List<String> out = new ArrayList<>();
    NodeList n = doc.getElementsByTagName(tag);
    for (int i = 0; i < n.getLength(); i++) {
      out.add(n.item(i).getTextContent());
    }
    return out;
  }
}
