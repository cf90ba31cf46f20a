package dev.quotient.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.jknack.handlebars.Handlebars;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValueResolverTest {

  record Person(String name) {}

  private static String render(String template, Map<String, Object> model) throws IOException {
    return new Handlebars().compileInline(template).apply(PageEngine.context(model));
  }

  @Test
  void templatesReadJsonObjectsAndArraysAtAnyDepth() throws IOException {
    JsonObject plan = new JsonObject()
        .put("owner", new JsonObject().put("name", "Ala <Kowalska>").put("team", Map.of("name", "North")))
        .put("goals", new JsonArray()
            .add(new JsonObject().put("title", "Calls").put("steps", new JsonArray().add("dial").add("pitch")))
            .add(Map.of("title", "Demos", "steps", List.of("book"))))
        .put("empty", new JsonArray())
        .put("scores", new JsonObject().put("q1", 3).put("q2", 5));
    Map<String, Object> model = Map.of("plan", plan, "person", new Person("Ola"));

    assertEquals("Ala &lt;Kowalska&gt; / North", render("{{plan.owner.name}} / {{plan.owner.team.name}}", model));
    assertEquals("0:Calls[dial,pitch,]1:Demos[book,]",
        render("{{#each plan.goals}}{{@index}}:{{title}}[{{#each steps}}{{this}},{{/each}}]{{/each}}", model));
    assertEquals("2 2 Demos pitch", render("{{plan.goals.length}} {{plan.goals.size}} {{plan.goals.[1].title}} "
        + "{{#with plan.goals.[0]}}{{steps.[1]}}{{/with}}", model));
    assertEquals("none", render("{{#if plan.empty}}some{{else}}none{{/if}}", model));
    assertEquals("q1=3;q2=5;", render("{{#each plan.scores}}{{@key}}={{this}};{{/each}}", model));
    assertEquals("Ola", render("{{person.name}}", model), "records still resolve");
    assertEquals("North", render("{{#with plan.owner}}{{team.name}}{{/with}}", model));
    assertEquals("Calls", render("{{#each plan.goals}}{{#if steps.[1]}}{{title}}{{/if}}{{/each}}", model));
  }
}
