package io.tributary.control.api;

import java.io.IOException;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * What the API refuses in any request before a resource runs. Values of the wrong JSON type are not
 * coerced ({@code 1.5} or {@code "5"} for a number, {@code 123} for a string are {@code
 * malformed-body}), so that what is stored is what was meant. A NUL character, which PostgreSQL
 * cannot store in text, is refused in the path or query ({@code bad-parameter}) and in the body's
 * strings ({@code malformed-body}), not left to fail in the database as a 500.
 */
@Singleton
public class StrictInput implements ObjectMapperCustomizer {
  @Override
  @SuppressWarnings("deprecation") // MapperFeature on a built mapper: how Quarkus customizes one
  public void customize(ObjectMapper mapper) {
    mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // not covered by ALLOW_COERCION_OF_SCALARS: a number or boolean where a string is meant
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.registerModule(new SimpleModule().addDeserializer(String.class, new WithoutNul()));
  }

  void install(@Observes Router router, ObjectMapper json) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            rc -> {
              // a URI spells NUL as %00 (or, sent raw, as itself)
              String uri = rc.request().uri();
              if (uri.indexOf('\0') < 0 && !uri.contains("%00")) {
                rc.next();
                return;
              }
              refuse(rc, json);
            });
  }

  private static void refuse(RoutingContext rc, ObjectMapper json) {
    Problem p =
        ApiProblem.BAD_PARAMETER.problem("the path or query contains a NUL character", null);
    try {
      rc.response()
          .setStatusCode(p.status())
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .end(json.writeValueAsString(p));
    } catch (JsonProcessingException e) {
      rc.fail(400);
    }
  }

  /** Strings as Jackson reads them, without NUL. */
  private static final class WithoutNul extends StringDeserializer {
    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String s = super.deserialize(p, ctxt);
      if (s != null && s.indexOf('\0') >= 0) {
        throw ctxt.weirdStringException(s, String.class, "contains a NUL character");
      }
      return s;
    }
  }
}
