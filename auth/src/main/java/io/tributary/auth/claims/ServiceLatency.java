package io.tributary.auth.claims;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * Latency tracking of a service export: sample a percentage of requests (or those with trace
 * headers).
 */
@JsonPropertyOrder({"sampling", "results"})
public final class ServiceLatency extends JsonFields {
  /**
   * The {@code sampling} value written as {@code "headers"}: sample requests that carry tracing
   * headers.
   */
  public static final int SAMPLE_HEADERS = -1;

  /** 1 to 100 percent, or {@link #SAMPLE_HEADERS}. */
  @JsonSerialize(using = SamplingSerializer.class)
  @JsonDeserialize(using = SamplingDeserializer.class)
  public int sampling;

  /** Subject the latency results are published to. */
  public String results;

  static final class SamplingSerializer extends JsonSerializer<Integer> {
    @Override
    public void serialize(Integer value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value == SAMPLE_HEADERS) {
        gen.writeString("headers");
      } else {
        gen.writeNumber(value);
      }
    }
  }

  static final class SamplingDeserializer extends JsonDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        String s = p.getText().trim();
        if (s.equalsIgnoreCase("headers")) {
          return SAMPLE_HEADERS;
        }
        try {
          return Integer.parseInt(s.endsWith("%") ? s.substring(0, s.length() - 1) : s);
        } catch (NumberFormatException e) {
          return ctx.reportInputMismatch(
              Integer.class, "sampling must be a percentage or \"headers\"");
        }
      }
      return p.getIntValue();
    }
  }
}
