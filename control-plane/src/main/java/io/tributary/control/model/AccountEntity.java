package io.tributary.control.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An account (tenant): its name, identity key (sealed), limits, revocations, tags, default
 * permissions and current JWT (signing keys, exports and imports are rows of their own).
 */
@Entity
@Table(name = "account")
public class AccountEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "operator_id")
  public long operatorId;

  public String name;
  public String description;

  @Column(name = "public_key")
  public String publicKey;

  @Column(name = "identity_secret_id")
  public long identitySecretId;

  @JdbcTypeCode(SqlTypes.JSON)
  public AccountLimits limits;

  /** Revoked user keys: public key to Unix seconds (JWTs issued at or before are revoked). */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Long> revocations = new TreeMap<>();

  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> tags = new ArrayList<>();

  /** Permissions of users that have none of their own; null for none. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "default_permissions")
  public UserPermissions defaultPermissions;

  public String jwt;

  /** The clusters the account is placed on; empty: every cluster. */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "account_cluster", joinColumns = @JoinColumn(name = "account_id"))
  @Column(name = "cluster_id")
  public Set<Long> clusterIds = new HashSet<>();

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;

  public static AccountEntity byName(String name) {
    return find("name", name).firstResult();
  }
}
