package io.tributary.control.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * API tokens: {@code trb_} and 43 random base62 characters (256 bits), shown once; the service
 * keeps their SHA-256 (a token is as random as a key, so a slow hash adds nothing), so a database
 * dump does not hand out access. A token acts as its owner, with the owner's current role.
 */
@ApplicationScoped
public class ApiTokenService {
  /** What every token starts with, so that secret scanners and our own mechanism recognise it. */
  public static final String PREFIX = "trb_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  @Inject AuditLog audit;

  /** A new token (the only time its secret is known) and its row. */
  public record Minted(String token, ApiToken row) {}

  /** An API token that authenticated: its id, name and owner's id. */
  public record Authenticated(long id, String name, long ownerId, Instant expiresAt) {}

  /** Tokens that authenticated lately, by hash, for a few seconds: no query per request. */
  private final Map<String, Cached> recent = new ConcurrentHashMap<>();

  private record Cached(Authenticated token, long until) {}

  private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

  @Transactional
  public Minted create(Principal owner, String name, Duration ttl, Actor by) {
    if (ApiToken.count("consoleUserId = ?1 and name = ?2", owner.id(), name) > 0) {
      throw ApiProblem.NAME_TAKEN.exception(
          owner.username() + " already has a token named '" + name + "'");
    }
    StringBuilder secret = new StringBuilder(PREFIX);
    for (int i = 0; i < 43; i++) {
      secret.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    String token = secret.toString();
    ApiToken t = new ApiToken();
    t.consoleUserId = owner.id();
    t.name = name;
    t.prefix = token.substring(0, PREFIX.length() + 6);
    t.hash = sha256(token);
    t.expiresAt = ttl == null ? null : Instant.now().plus(ttl);
    t.persist();
    audit.record(
        by,
        "api-token.create",
        null,
        owner.username() + "/" + name,
        t.prefix + "…" + (t.expiresAt == null ? ", no expiry" : ", expires " + t.expiresAt));
    return new Minted(token, t);
  }

  public PanacheQuery<ApiToken> list(Principal owner) {
    return ApiToken.find("consoleUserId", Sort.by("name"), owner.id());
  }

  /** Deletes one of {@code owner}'s tokens (any token for an operator-admin); 404 otherwise. */
  @Transactional
  public void delete(long id, Principal caller, Actor by) {
    ApiToken t = ApiToken.findById(id);
    if (t == null || (!caller.isOperatorAdmin() && t.consoleUserId != caller.id())) {
      throw ApiProblem.NOT_FOUND.exception("no API token " + id);
    }
    ConsoleUser owner = ConsoleUser.findById(t.consoleUserId);
    t.delete();
    recent.values().removeIf(c -> c.token().id() == id);
    audit.record(by, "api-token.delete", null, owner.username + "/" + t.name, t.prefix + "…");
  }

  /**
   * The token if it is known and current; notes when it was last used. A deleted token stops
   * working at once here, within 5 seconds on other replicas; its owner is checked by the caller.
   */
  public Optional<Authenticated> authenticate(String token) {
    String hash = sha256(token);
    long now = System.nanoTime();
    Cached c = recent.get(hash);
    Authenticated a = c != null && now - c.until() < 0 ? c.token() : null;
    if (a == null) {
      a = QuarkusTransaction.requiringNew().call(() -> lookUp(hash));
      if (a == null) {
        recent.remove(hash);
        return Optional.empty();
      }
      recent.put(hash, new Cached(a, now + CACHE_NANOS));
    }
    if (a.expiresAt() != null && !Instant.now().isBefore(a.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(a);
  }

  private Authenticated lookUp(String hash) {
    ApiToken t = ApiToken.find("hash", hash).firstResult();
    if (t == null) {
      return null;
    }
    Instant now = Instant.now();
    if (t.lastUsedAt == null || t.lastUsedAt.plus(LAST_USED_GRANULARITY).isBefore(now)) {
      t.lastUsedAt = now; // at most one write a minute per token
    }
    return new Authenticated(t.id, t.name, t.consoleUserId, t.expiresAt);
  }

  static String sha256(String token) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
