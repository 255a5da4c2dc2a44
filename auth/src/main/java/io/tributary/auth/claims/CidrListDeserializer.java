package io.tributary.auth.claims;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

/** {@code src} is an array of CIDRs, but the Go library also reads one comma-separated string. */
final class CidrListDeserializer extends JsonDeserializer<List<String>> {
  @Override
  public List<String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
    List<String> out = new ArrayList<>();
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      for (String part : p.getText().split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      return ctx.reportInputMismatch(List.class, "src must be an array of CIDR strings");
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        continue; // as GoJson does for every other array
      }
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return ctx.reportInputMismatch(List.class, "src entries must be strings");
      }
      out.add(p.getText().trim());
    }
    return out;
  }
}
