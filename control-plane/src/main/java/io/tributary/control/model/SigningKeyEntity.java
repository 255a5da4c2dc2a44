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

/** A signing key of an account: plain, or scoped with a role and a template for its users. */
@Entity
@Table(name = "signing_key")
public class SigningKeyEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id")
  public long accountId;

  @Column(name = "public_key")
  public String publicKey;

  @Column(name = "secret_id")
  public long secretId;

  /** The role of a scoped key; null for a plain key. */
  public String role;

  /** What users signed by a scoped key may do; null for a plain key. */
  @JdbcTypeCode(SqlTypes.JSON)
  public UserSpec template;

  public String description;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  public boolean isScoped() {
    return role != null;
  }
}
