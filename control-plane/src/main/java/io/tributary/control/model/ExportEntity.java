package io.tributary.control.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stream or service an account offers: public, or to holders of an activation token. */
@Entity
@Table(name = "account_export")
public class ExportEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id")
  public long accountId;

  public String name;
  public String subject;

  /** {@code stream} or {@code service}. */
  public String kind;

  @Column(name = "token_required")
  public boolean tokenRequired;

  /** For a service: {@code Singleton}, {@code Stream} or {@code Chunked}; null is Singleton. */
  @Column(name = "response_type")
  public String responseType;

  public String description;

  /** Revoked activations: importing account to Unix seconds. */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Long> revocations = new TreeMap<>();

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
