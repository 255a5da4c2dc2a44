package io.tributary.control.account;

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

/** An account (tenant): its name, identity key (sealed), limits and current JWT. */
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

  public String jwt;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;

  public static AccountEntity byName(String name) {
    return find("name", name).firstResult();
  }
}
