package io.tributary.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void notSetIsNullMissingEmptyListOrEmptyObject() throws Exception {
    assertThat(
            diff(
                "{\"a\":{\"allow\":[\"x\"]}}",
                "{\"a\":{\"allow\":[\"x\"],\"deny\":null},\"b\":{},\"c\":[]}"))
        .isEmpty();
  }

  @Test
  void numbersAreComparedByValue() throws Exception {
    assertThat(diff("{\"n\":5}", "{\"n\":5}")).isEmpty();
    JsonNode asLong = JSON.valueToTree(Map.of("n", 5L));
    List<String> out = new ArrayList<>();
    JsonDiff.diff("x", asLong, JSON.readTree("{\"n\":5}"), out);
    assertThat(out).isEmpty();
    assertThat(diff("{\"n\":5}", "{\"n\":6}")).containsExactly("x.n");
  }

  @Test
  void objectsKeyByKeyFromBothSidesListsWhole() throws Exception {
    assertThat(
            diff(
                "{\"a\":1,\"l\":[\"x\",\"y\"],\"o\":{\"p\":1}}",
                "{\"a\":1,\"l\":[\"y\",\"x\"],\"o\":{\"p\":1,\"q\":2},\"extra\":true}"))
        .containsExactly("x.extra", "x.l", "x.o.q");
    assertThat(diff("{\"a\":1}", "null")).containsExactly("x");
  }

  private static List<String> diff(String desired, String actual) throws Exception {
    List<String> out = new ArrayList<>();
    JsonDiff.diff("x", JSON.readTree(desired), JSON.readTree(actual), out);
    return out;
  }
}
