package io.tributary.operator.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tributary.operator.controlplane.ControlPlaneClient.User;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.reconcile.Labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Secret an application mounts: the user's creds file under {@link #KEY}, owned by the resource
 * (deleted with it), and annotated with what the creds were issued for, so that the next reconcile
 * knows when to write new ones ({@link #renewal}).
 */
public final class CredsSecret {
  /** The creds file's key in the Secret. */
  public static final String KEY = "user.creds";

  /** The account and user the creds are for (for people; the operator reads the creds). */
  public static final String ACCOUNT = "tributary.io/account";

  public static final String USER = "tributary.io/user";

  /** The user's version in the control plane when the creds were issued. */
  public static final String USER_VERSION = "tributary.io/user-version";

  /** {@code spec.rotation} when the creds were issued. */
  public static final String ROTATION = "tributary.io/rotation";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JWT =
      Pattern.compile("-----BEGIN NATS USER JWT-----\\s*([A-Za-z0-9_.=-]+)\\s*------END");
  private static final String SEED = "-----BEGIN USER NKEY SEED-----";

  private CredsSecret() {}

  /**
   * What a creds file says of itself: the user's public key, who signed it (an account signing key,
   * for {@code issuerAccount}, or the account), when it was issued and when it expires (null:
   * never).
   */
  public record Creds(
      String publicKey, String issuer, String issuerAccount, Instant issuedAt, Instant expiresAt) {}

  /** The Secret's creds and what they were issued for. */
  public record Current(Creds creds, long userVersion, String rotation) {}

  /** {@code spec.secretName}, else {@code <name>-creds}. */
  public static String name(TributaryUser user) {
    String n = user.getSpec().secretName;
    return n == null || n.isBlank() ? user.getMetadata().getName() + "-creds" : n;
  }

  /** The Secret with {@code creds}, issued for {@code user} in {@code account}. */
  public static Secret secret(TributaryUser resource, String account, User user, String creds) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ACCOUNT, account);
    annotations.put(USER, user.name());
    annotations.put(USER_VERSION, Long.toString(user.version()));
    // always written: an update keeps annotations it does not name
    String rotation = resource.getSpec().rotation;
    annotations.put(ROTATION, rotation == null ? "" : rotation);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name(resource))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(Labels.of(resource, "user-creds"))
        .withAnnotations(annotations)
        .withOwnerReferences(Labels.ownerReference(resource))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(KEY, Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /** The creds in a Secret written by {@link #secret}; empty when there are none that parse. */
  public static Optional<Current> read(Secret secret) {
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(KEY)) {
      return Optional.empty();
    }
    Map<String, String> annotations =
        secret.getMetadata().getAnnotations() == null
            ? Map.of()
            : secret.getMetadata().getAnnotations();
    try {
      String text =
          new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8);
      return Optional.of(
          new Current(
              parse(text),
              Long.parseLong(annotations.getOrDefault(USER_VERSION, "-1")),
              annotations.getOrDefault(ROTATION, "").isEmpty() ? null : annotations.get(ROTATION)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // edited into something else: written again
    }
  }

  /**
   * Reads the JWT's claims of a creds file (its signature is the servers' to check).
   *
   * @throws IllegalArgumentException when it is no creds file with a user JWT and a seed
   */
  public static Creds parse(String creds) {
    Matcher m = JWT.matcher(creds);
    if (!m.find() || !creds.contains(SEED)) {
      throw new IllegalArgumentException("not a creds file with a user JWT and seed");
    }
    String[] parts = m.group(1).split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a JWT");
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException e) {
      throw new IllegalArgumentException("the JWT's claims are not JSON", e);
    }
    long exp = claims.path("exp").asLong(0);
    return new Creds(
        claims.path("sub").asText(null),
        claims.path("iss").asText(null),
        claims.path("nats").path("issuer_account").asText(null),
        Instant.ofEpochSecond(claims.path("iat").asLong()),
        exp == 0 ? null : Instant.ofEpochSecond(exp));
  }

  /** True when {@code spec.rotation} asks for a rotation the Secret's creds have not seen. */
  public static boolean rotationAsked(TributaryUser resource, Current current, User user) {
    String asked = resource.getSpec().rotation;
    return asked != null
        && current != null
        && !asked.equals(current.rotation())
        // a key that changed anyway (rotated elsewhere) needs new creds, not another rotation
        && current.creds().publicKey().equals(user.publicKey());
  }

  /**
   * Why the Secret needs new creds, or null when it does not.
   *
   * @param current the Secret's creds (null: none)
   * @param revokedUpTo the account's revocation of the creds' key: creds issued up to this second
   *     are revoked (null: none)
   */
  public static String renewal(Current current, User user, Long revokedUpTo, Instant now) {
    if (current == null) {
      return "the Secret has no creds";
    }
    Creds c = current.creds();
    if (!user.publicKey().equals(c.publicKey())) {
      return "the user's key is " + user.publicKey();
    }
    if (current.userVersion() != user.version()) {
      return "the user changed (version " + user.version() + ")";
    }
    if (revokedUpTo != null && c.issuedAt().getEpochSecond() <= revokedUpTo) {
      return "its creds were revoked";
    }
    Instant renewAt = renewAt(c);
    if (renewAt != null && !now.isBefore(renewAt)) {
      return "its creds expire at " + c.expiresAt();
    }
    return null;
  }

  /** When creds are renewed: two thirds into their lifetime; null when they never expire. */
  public static Instant renewAt(Creds c) {
    if (c.expiresAt() == null) {
      return null;
    }
    long life = c.expiresAt().getEpochSecond() - c.issuedAt().getEpochSecond();
    return c.issuedAt().plusSeconds(life * 2 / 3);
  }
}
