package io.tributary.auth.jwt;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper for claims, set up to write what Go's {@code encoding/json} writes: compact,
 * fields in declaration order (from the {@code @JsonPropertyOrder}s), map keys sorted, and {@code
 * <}, {@code >}, {@code &}, U+2028, U+2029 and control characters escaped as lower-case {@code
 * \}{@code u00xx}. Reading ignores JSON {@code null}s, also inside arrays and maps (Go leaves the
 * zero value), and keeps unknown keys.
 */
public final class GoJson {
  private static final ObjectMapper MAPPER = create();

  private GoJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    JsonFactory factory =
        new JsonFactoryBuilder()
            .characterEscapes(new GoEscapes())
            // Tokens are at most 1 MiB; nesting deeper than this is an attack, not a claim.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    JsonMapper mapper =
        JsonMapper.builder(factory)
            .visibility(PropertyAccessor.ALL, Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, Visibility.PUBLIC_ONLY)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .defaultSetterInfo(JsonSetter.Value.construct(Nulls.SKIP, Nulls.SKIP))
            .build();
    return mapper;
  }

  private static final class GoEscapes extends CharacterEscapes {
    private final int[] asciiEscapes;

    GoEscapes() {
      asciiEscapes = standardAsciiEscapesForJSON();
      asciiEscapes['<'] = ESCAPE_CUSTOM;
      asciiEscapes['>'] = ESCAPE_CUSTOM;
      asciiEscapes['&'] = ESCAPE_CUSTOM;
      for (int c = 0; c < 0x20; c++) {
        if (c != '\n' && c != '\r' && c != '\t') {
          asciiEscapes[c] = ESCAPE_CUSTOM;
        }
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
