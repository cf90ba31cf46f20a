package dev.quotient.plugin.hiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BarChartTest {

  static final Map<Area, String> NAMES = new EnumMap<>(Map.of(Area.ROLE_FIT, "Role fit",
      Area.PROVEN_ACHIEVEMENT, "Proven past achievement", Area.ACUMEN, "Acumen", Area.CULTURE_FIT, "Culture fit"));
  static final Map<Area, Integer> IDEAL = new EnumMap<>(Map.of(Area.ROLE_FIT, 4, Area.PROVEN_ACHIEVEMENT, 4,
      Area.ACUMEN, 3, Area.CULTURE_FIT, 5));

  static Map<Area, Double> means(double a, double b, double c, double d) {
    return new EnumMap<>(Map.of(Area.ROLE_FIT, a, Area.PROVEN_ACHIEVEMENT, b, Area.ACUMEN, c, Area.CULTURE_FIT, d));
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void drawsOneBarPerCandidateAndAreaWithTitlesAndNoStyleOrScript() throws Exception {
    String svg = BarChart.svg("Candidates for <SDR>", NAMES, IDEAL,
        List.of(new BarChart.Series("Anna \"A&B\" Nowak", means(4, 3.5, 4, 3.5)), new BarChart.Series("Jan", means(5, 5, 2, 4))),
        "Ideal");
    Document doc = parse(svg);
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("img", root.getAttribute("role"));
    assertEquals("Candidates for <SDR>", doc.getElementsByTagName("title").item(0).getTextContent(), "escaped, then read back");
    assertFalse(svg.contains("style="), "no inline style: the CSP forbids it");
    assertFalse(svg.toLowerCase().contains("<script"), "no script");
    assertFalse(svg.contains(" on"), "no event handler attributes");

    NodeList rects = doc.getElementsByTagName("rect");
    int bars = 0;
    for (int i = 0; i < rects.getLength(); i++) {
      Element r = (Element) rects.item(i);
      if (r.getElementsByTagName("title").getLength() == 1) {
        bars++;
      }
    }
    assertEquals(8, bars, "two candidates times four areas");
    assertTrue(svg.contains("<title>Anna &quot;A&amp;B&quot; Nowak: Role fit 4.00</title>"), svg);
    assertTrue(svg.contains("<title>Ideal: Culture fit 5</title>"), "the ideal line says what it is");
    assertTrue(svg.contains("Jan</text>"), "a legend names each candidate");
  }

  @Test
  void barHeightsFollowTheFivePointScale() throws Exception {
    Document doc = parse(BarChart.svg("t", NAMES, IDEAL, List.of(new BarChart.Series("A", means(5, 2.5, 1, 4))), "Ideal"));
    NodeList rects = doc.getElementsByTagName("rect");
    Element full = (Element) rects.item(0);
    Element half = (Element) rects.item(1);
    double fullHeight = Double.parseDouble(full.getAttribute("height"));
    double halfHeight = Double.parseDouble(half.getAttribute("height"));
    assertEquals(220.0, fullHeight, 0.01, "a 5 fills the plot");
    assertEquals(fullHeight / 2, halfHeight, 0.01, "a 2.5 is half of it");
  }

  @Test
  void longAreaNamesWrapOntoTwoLines() {
    assertEquals(List.of("Proven past", "achievement"), BarChart.lines("Proven past achievement"));
    assertEquals(List.of("Udokumentowane", "osiągnięcia"), BarChart.lines("Udokumentowane osiągnięcia"));
    assertEquals(List.of("Acumen"), BarChart.lines("Acumen"));
  }

  @Test
  void aCandidateWithoutScoresHasNoBars() throws Exception {
    Map<Area, Double> none = new EnumMap<>(Area.class);
    Document doc = parse(BarChart.svg("t", NAMES, IDEAL, List.of(new BarChart.Series("A", none)), "Ideal"));
    NodeList rects = doc.getElementsByTagName("rect");
    assertEquals(1, rects.getLength(), "only the legend swatch");
  }
}
