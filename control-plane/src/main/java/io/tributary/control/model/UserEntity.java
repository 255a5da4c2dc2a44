package io.tributary.control.model;

import java.time.Instant;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A user of an account: its key (sealed seed), what its JWTs grant and which key signs them. */
@Entity
@Table(name = "app_user")
public class UserEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id")
  public long accountId;

  public String name;

  @Column(name = "public_key")
  public String publicKey;

  @Column(name = "identity_secret_id")
  public long identitySecretId;

  /** What the user's JWTs grant. */
  @JdbcTypeCode(SqlTypes.JSON)
  public UserSpec spec;

  /** The account signing key that signs the user's JWTs; null: the account's identity key. */
  @Column(name = "signing_key_id")
  public Long signingKeyId;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;
}
