package io.tributary.auth.claims;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * An account's signing keys. On the wire an array, sorted by key, whose elements are a plain key
 * string or a {@link UserScope} object; in memory a map from key to its scope ({@code null} for a
 * plain key).
 */
@JsonSerialize(using = SigningKeys.Serializer.class)
@JsonDeserialize(using = SigningKeys.Deserializer.class)
public final class SigningKeys {
  private final TreeMap<String, UserScope> keys = new TreeMap<>();

  public void add(String key) {
    keys.put(key, null);
  }

  public void addScoped(UserScope scope) {
    keys.put(scope.key, scope);
  }

  public void remove(String key) {
    keys.remove(key);
  }

  public boolean contains(String key) {
    return keys.containsKey(key);
  }

  /** The scope of {@code key}, or null if it is a plain key or not a signing key. */
  public UserScope scope(String key) {
    return keys.get(key);
  }

  public Set<String> keys() {
    return keys.keySet();
  }

  public Map<String, UserScope> asMap() {
    return keys;
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  static final class Serializer extends JsonSerializer<SigningKeys> {
    @Override
    public void serialize(SigningKeys value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
      for (Map.Entry<String, UserScope> e : value.keys.entrySet()) {
        if (e.getValue() == null) {
          gen.writeString(e.getKey());
        } else {
          provider.defaultSerializeValue(e.getValue(), gen);
        }
      }
      gen.writeEndArray();
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, SigningKeys value) {
      return value == null || value.isEmpty();
    }
  }

  static final class Deserializer extends JsonDeserializer<SigningKeys> {
    @Override
    public SigningKeys deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        return ctx.reportInputMismatch(SigningKeys.class, "signing_keys must be an array");
      }
      SigningKeys out = new SigningKeys();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
          out.add(p.getText());
        } else if (p.currentToken() == JsonToken.START_OBJECT) {
          UserScope scope = ctx.readValue(p, UserScope.class);
          if (!UserScope.KIND_USER_SCOPE.equals(scope.kind)) {
            return ctx.reportInputMismatch(
                SigningKeys.class, "%s is an unknown signing key scope", scope.kind);
          }
          if (scope.key == null || scope.key.isEmpty()) {
            return ctx.reportInputMismatch(SigningKeys.class, "a scoped signing key needs a key");
          }
          out.addScoped(scope);
        } else {
          return ctx.reportInputMismatch(
              SigningKeys.class, "signing key entries are strings or scope objects");
        }
      }
      return out;
    }
  }
}
