package io.tributary.control.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.quarkus.narayana.jta.QuarkusTransaction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * What each node acknowledged per account ({@code node_account}): the hash of the JWT it took
 * (null: deleted there) or its last refusal. All SQL on that table is here. Each call joins the
 * caller's transaction or, on the push worker's thread, runs in one of its own.
 */
@ApplicationScoped
public class NodeRepository {
  /** One node's record of one account. */
  public record NodeRecord(String jwtHash, String error, Instant at) {
    /** True if the node acknowledged exactly {@code jwt}. */
    public boolean holds(String jwt) {
      return hash(jwt).equals(jwtHash);
    }
  }

  @Inject EntityManager em;

  /** Records what the node at {@code url} answered for account {@code key}. */
  public void record(String url, String key, String hash, String error) {
    QuarkusTransaction.joiningExisting()
        .run(
            () ->
                em.createNativeQuery(
                        "insert into node_account (node_url, account_key, jwt_hash, error)"
                            + " values (?1, ?2, ?3, ?4) on conflict (node_url, account_key) do"
                            + " update set jwt_hash = excluded.jwt_hash, error = excluded.error,"
                            + " updated_at = now()")
                    .setParameter(1, url)
                    .setParameter(2, key)
                    .setParameter(3, hash)
                    .setParameter(4, error)
                    .executeUpdate());
  }

  /** The node's records by account key, all in one query. */
  public Map<String, NodeRecord> byAccount(String url) {
    return QuarkusTransaction.joiningExisting()
        .call(
            () -> {
              List<Object[]> rows =
                  em.createNativeQuery(
                          "select account_key, jwt_hash, error, updated_at from node_account"
                              + " where node_url = ?1",
                          Object[].class)
                      .setParameter(1, url)
                      .getResultList();
              Map<String, NodeRecord> out = new HashMap<>();
              for (Object[] r : rows) {
                out.put(
                    (String) r[0], new NodeRecord((String) r[1], (String) r[2], (Instant) r[3]));
              }
              return out;
            });
  }

  /** True if the node may hold the account: it took a JWT of it, or refused one (and may). */
  public boolean mayHold(String url, String key) {
    NodeRecord r = find(url, key);
    return r != null && (r.jwtHash() != null || r.error() != null);
  }

  /** The node's record of account {@code key}, or null. */
  public NodeRecord find(String url, String key) {
    return QuarkusTransaction.joiningExisting()
        .call(
            () -> {
              List<Object[]> rows =
                  em.createNativeQuery(
                          "select jwt_hash, error, updated_at from node_account"
                              + " where node_url = ?1 and account_key = ?2",
                          Object[].class)
                      .setParameter(1, url)
                      .setParameter(2, key)
                      .getResultList();
              return rows.isEmpty()
                  ? null
                  : new NodeRecord(
                      (String) rows.get(0)[0], (String) rows.get(0)[1], (Instant) rows.get(0)[2]);
            });
  }

  /** What identifies a JWT in the node records: hex SHA-256 of its text. */
  public static String hash(String jwt) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(jwt.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
