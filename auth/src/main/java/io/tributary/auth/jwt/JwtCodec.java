package io.tributary.auth.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.ClaimType;
import io.tributary.auth.claims.Claims;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.nkey.Base32;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyException;
import io.tributary.auth.nkey.NKeyType;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;

/**
 * Encodes and decodes NATS JWTs (v2 written, v1 and v2 read) with nimbus-jose-jwt and the {@code
 * ed25519-nkey} scheme. Encoding reproduces the Go library byte for byte: header {@code
 * {"typ":"JWT","alg":"ed25519-nkey"}}, Go's JSON layout, and {@code jti} =
 * Base32(SHA-512/256(standard claims with {@code jti} empty)).
 *
 * <p>Decoding checks structure, header, signature (by the key in {@code iss}) and that the issuer's
 * key type may sign the claim's kind. It does not check expiry or trust: that is {@link
 * io.tributary.auth.validation}'s job.
 */
public final class JwtCodec {
  /** Tokens over 1 MiB are refused, as by the Go library. */
  public static final int MAX_TOKEN_SIZE = 1024 * 1024;

  /** The claim version this library writes and the newest it reads. */
  public static final int LIBRARY_VERSION = 2;

  static final String HEADER_JSON = "{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}";
  private static final JWSHeader HEADER = parseHeader(Base64URL.encode(HEADER_JSON));

  private JwtCodec() {}

  /**
   * Signs {@code claims} with {@code signer}, issued now. Sets {@code iss}, {@code iat} and {@code
   * jti}.
   */
  public static String encode(Claims claims, NKey signer) {
    return encode(claims, signer, Instant.now().getEpochSecond());
  }

  /** Signs {@code claims} with {@code signer}, issued at {@code issuedAt} (Unix seconds). */
  public static String encode(Claims claims, NKey signer, long issuedAt) {
    if (!signer.hasSeed()) {
      throw new JwtException(
          JwtException.Reason.INVALID_FOR_ENCODING,
          "signer " + signer.publicKey() + " has no seed");
    }
    ClaimType type = claims.type();
    if (!issuerTypes(type).contains(signer.type())) {
      throw new JwtException(
          JwtException.Reason.INVALID_FOR_ENCODING,
          "a "
              + type.name().toLowerCase()
              + " JWT cannot be signed by a "
              + signer.type().name().toLowerCase()
              + " key");
    }
    prepareBody(claims);
    claims.issuer = signer.publicKey();
    claims.issuedAt = issuedAt;
    claims.id = "";
    claims.id = jti(claims);
    byte[] payload;
    try {
      payload = GoJson.mapper().writeValueAsBytes(claims);
    } catch (JsonProcessingException e) {
      throw new JwtException(
          JwtException.Reason.INVALID_FOR_ENCODING,
          "claims cannot be written: " + e.getMessage(),
          e);
    }
    JWSObject jws = new JWSObject(HEADER, new Payload(Base64URL.encode(payload)));
    try {
      jws.sign(new NkeyJws.Signer(signer));
    } catch (JOSEException e) {
      throw new JwtException(JwtException.Reason.INVALID_FOR_ENCODING, e.getMessage(), e);
    }
    return jws.serialize();
  }

  /** Decodes and verifies a token of any kind. */
  public static Claims decode(String token) {
    return decode(token, Claims.class);
  }

  /**
   * Decodes and verifies a token that must be of the given claim class.
   *
   * @throws JwtException saying why the token was refused
   */
  public static <T extends Claims> T decode(String token, Class<T> expected) {
    String[] parts = split(token);
    JWSObject jws;
    try {
      jws = JWSObject.parse(token);
    } catch (ParseException e) {
      throw new JwtException(
          JwtException.Reason.MALFORMED, "malformed JWT header: " + e.getMessage(), e);
    }
    checkHeader(jws.getHeader());
    ObjectNode tree = readPayload(jws.getPayload().toBytes());
    boolean v1 = tree.hasNonNull("type");
    if (v1) {
      normalizeV1(tree);
    }
    JsonNode nats = tree.path("nats");
    String typeName = nats.path("type").asText("");
    if (!v1 && nats.path("version").asInt(0) > LIBRARY_VERSION) {
      throw new JwtException(
          JwtException.Reason.UNSUPPORTED_VERSION,
          "JWT was generated by a newer version than " + LIBRARY_VERSION);
    }
    if (typeName.equals("cluster") || typeName.equals("server")) {
      throw new JwtException(
          JwtException.Reason.UNSUPPORTED_TYPE, typeName + " JWTs are not supported");
    }
    ClaimType type = ClaimType.fromWireName(typeName);
    Class<? extends Claims> actual = claimClass(type);
    if (!expected.isAssignableFrom(actual)) {
      throw new JwtException(
          JwtException.Reason.WRONG_CLAIM_TYPE,
          "expected "
              + describe(expected)
              + " JWT, got "
              + (typeName.isEmpty() ? "a generic" : "a " + typeName)
              + " JWT");
    }
    Claims claims;
    try {
      claims = GoJson.mapper().treeToValue(tree, actual);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new JwtException(
          JwtException.Reason.BAD_CLAIMS, "invalid " + typeName + " claims: " + firstLine(e), e);
    }
    verifySignature(jws, parts, claims, v1);
    return expected.cast(claims);
  }

  /** The nkey types that may issue a claim of this kind (Go's {@code ExpectedPrefixes}). */
  public static Set<NKeyType> issuerTypes(ClaimType type) {
    return switch (type) {
      case OPERATOR -> EnumSet.of(NKeyType.OPERATOR);
      case ACCOUNT, ACTIVATION -> EnumSet.of(NKeyType.ACCOUNT, NKeyType.OPERATOR);
      case USER, AUTHORIZATION_RESPONSE -> EnumSet.of(NKeyType.ACCOUNT);
      case AUTHORIZATION_REQUEST -> EnumSet.of(NKeyType.SERVER);
      case GENERIC -> EnumSet.allOf(NKeyType.class);
    };
  }

  /**
   * The Go library's {@code jti}: Base32 of SHA-512/256 over the standard claims with an empty
   * {@code jti}.
   */
  public static String jti(Claims c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = GoJson.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      writeIfSet(g, "aud", c.audience);
      writeIfSet(g, "exp", c.expires);
      writeIfSet(g, "jti", c.id);
      writeIfSet(g, "iat", c.issuedAt);
      writeIfSet(g, "iss", c.issuer);
      writeIfSet(g, "name", c.name);
      writeIfSet(g, "nbf", c.notBefore);
      writeIfSet(g, "sub", c.subject);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    try {
      return Base32.encode(MessageDigest.getInstance("SHA-512/256").digest(out.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK since 9 has SHA-512/256", e);
    }
  }

  private static void prepareBody(Claims claims) {
    switch (claims) {
      case OperatorClaims c -> {
        requireSubject(c, NKeyType.OPERATOR);
        c.nats.type = ClaimType.OPERATOR.wireName();
        c.nats.version = LIBRARY_VERSION;
      }
      case AccountClaims c -> {
        requireSubject(c, NKeyType.ACCOUNT);
        c.sortImportsAndExports();
        c.nats.type = ClaimType.ACCOUNT.wireName();
        c.nats.version = LIBRARY_VERSION;
      }
      case UserClaims c -> {
        requireSubject(c, NKeyType.USER);
        c.nats.type = ClaimType.USER.wireName();
        c.nats.version = LIBRARY_VERSION;
      }
      case ActivationClaims c -> {
        requireSubject(c, NKeyType.ACCOUNT);
        c.nats.type = ClaimType.ACTIVATION.wireName();
        c.nats.version = LIBRARY_VERSION;
      }
      case GenericClaims c -> c.nats.put("version", LIBRARY_VERSION);
    }
  }

  private static void requireSubject(Claims c, NKeyType type) {
    if (!NKey.isValidPublicKey(c.subject, type)) {
      throw new JwtException(
          JwtException.Reason.INVALID_FOR_ENCODING,
          "the subject of a "
              + c.type().wireName()
              + " JWT must be a public "
              + type.name().toLowerCase()
              + " key");
    }
  }

  private static String[] split(String token) {
    if (token == null || token.isEmpty()) {
      throw new JwtException(JwtException.Reason.MALFORMED, "empty JWT");
    }
    if (token.length() > MAX_TOKEN_SIZE) {
      throw new JwtException(
          JwtException.Reason.TOO_LARGE, "JWT of " + token.length() + " bytes exceeds 1 MiB");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new JwtException(
          JwtException.Reason.MALFORMED,
          "a JWT has 3 dot-separated segments, this has " + parts.length);
    }
    for (int p = 0; p < 3; p++) {
      String s = parts[p];
      if (s.isEmpty() && p < 2) {
        throw new JwtException(
            JwtException.Reason.MALFORMED, "JWT segment " + (p + 1) + " is empty");
      }
      // nimbus skips characters outside the alphabet; Go's RawURLEncoding refuses them, and so do
      // we.
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean ok =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_';
        if (!ok) {
          throw new JwtException(
              JwtException.Reason.MALFORMED,
              "JWT segment " + (p + 1) + " is not Base64URL (character " + i + ")");
        }
      }
    }
    return parts;
  }

  private static void checkHeader(JWSHeader header) {
    String typ = header.getType() == null ? "" : header.getType().getType();
    if (!typ.toUpperCase().equals("JWT")) {
      throw new JwtException(JwtException.Reason.BAD_HEADER, "not supported type \"" + typ + "\"");
    }
    String alg = header.getAlgorithm().getName().toLowerCase();
    if (!alg.equals(NkeyJws.ED25519_NKEY.getName()) && !alg.equals(NkeyJws.ED25519_V1.getName())) {
      throw new JwtException(
          JwtException.Reason.BAD_HEADER, "unexpected \"" + alg + "\" algorithm");
    }
  }

  private static ObjectNode readPayload(byte[] json) {
    JsonNode node;
    try {
      node = GoJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new JwtException(
          JwtException.Reason.MALFORMED, "JWT payload is not JSON: " + firstLine(e), e);
    }
    if (!(node instanceof ObjectNode obj)) {
      throw new JwtException(JwtException.Reason.MALFORMED, "JWT payload is not a JSON object");
    }
    if (obj.has("nats") && !obj.get("nats").isObject()) {
      throw new JwtException(JwtException.Reason.BAD_CLAIMS, "\"nats\" is not a JSON object");
    }
    return obj;
  }

  // v1 kept type and tags at the top level; move them where v2 has them so one model reads both.
  private static void normalizeV1(ObjectNode tree) {
    ObjectNode nats = tree.has("nats") ? (ObjectNode) tree.get("nats") : tree.putObject("nats");
    nats.set("type", tree.remove("type"));
    if (tree.has("tags")) {
      nats.set("tags", tree.remove("tags"));
    }
    if (tree.has("issuer_account")) {
      nats.set("issuer_account", tree.remove("issuer_account"));
    }
    nats.put("version", 1);
  }

  private static void verifySignature(JWSObject jws, String[] parts, Claims claims, boolean v1) {
    NKey issuer;
    try {
      issuer = NKey.fromPublicKey(claims.issuer);
    } catch (NKeyException e) {
      throw new JwtException(
          JwtException.Reason.BAD_ISSUER, "issuer is not a public nkey: " + e.getMessage(), e);
    }
    boolean valid;
    if (v1) {
      // v1 signed only the payload segment.
      valid =
          issuer.verify(parts[1].getBytes(StandardCharsets.US_ASCII), jws.getSignature().decode());
    } else {
      try {
        valid = jws.verify(new NkeyJws.Verifier(issuer));
      } catch (JOSEException e) {
        valid = false;
      }
    }
    if (!valid) {
      throw new JwtException(
          JwtException.Reason.BAD_SIGNATURE, "JWT signature does not verify with its issuer");
    }
    if (!issuerTypes(claims.type()).contains(issuer.type())) {
      throw new JwtException(
          JwtException.Reason.WRONG_ISSUER_TYPE,
          "a "
              + issuer.type().name().toLowerCase()
              + " key may not issue a "
              + claims.type().wireName()
              + " JWT");
    }
  }

  private static Class<? extends Claims> claimClass(ClaimType type) {
    return switch (type) {
      case OPERATOR -> OperatorClaims.class;
      case ACCOUNT -> AccountClaims.class;
      case USER -> UserClaims.class;
      case ACTIVATION -> ActivationClaims.class;
      case AUTHORIZATION_REQUEST, AUTHORIZATION_RESPONSE, GENERIC -> GenericClaims.class;
    };
  }

  private static String describe(Class<?> c) {
    if (c == Claims.class) {
      return "any";
    }
    String n = c.getSimpleName().replace("Claims", "").toLowerCase();
    return (n.startsWith("a") || n.startsWith("o") || n.startsWith("u") ? "an " : "a ") + n;
  }

  private static JWSHeader parseHeader(Base64URL encoded) {
    try {
      return JWSHeader.parse(encoded);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }

  private static void writeIfSet(JsonGenerator g, String name, long value) throws IOException {
    if (value != 0) {
      g.writeNumberField(name, value);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
