package io.tributary.control.operator;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The operator with its keys (as references to sealed secrets), JWTs and system account. */
@Entity
@Table(name = "operator")
public class OperatorEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;

  @Column(name = "public_key")
  public String publicKey;

  @Column(name = "identity_secret_id")
  public long identitySecretId;

  @Column(name = "signing_key")
  public String signingKey;

  @Column(name = "signing_secret_id")
  public long signingSecretId;

  public String jwt;

  @Column(name = "system_account_key")
  public String systemAccount;

  @Column(name = "system_account_secret_id")
  public long systemAccountSecretId;

  @Column(name = "system_account_jwt")
  public String systemAccountJwt;

  @Column(name = "system_user_key")
  public String systemUser;

  @Column(name = "system_user_secret_id")
  public long systemUserSecretId;

  @Column(name = "system_user_jwt")
  public String systemUserJwt;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;
}
