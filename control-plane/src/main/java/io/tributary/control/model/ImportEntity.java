package io.tributary.control.model;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stream or service an account takes from another, named by the exporter's public key. */
@Entity
@Table(name = "account_import")
public class ImportEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id")
  public long accountId;

  public String name;

  /** {@code stream} or {@code service}. */
  public String kind;

  @Column(name = "exporter_key")
  public String exporterKey;

  /** The subject as the exporter names it. */
  public String subject;

  /** The subject in the importing account; null keeps {@link #subject}. */
  @Column(name = "local_subject")
  public String localSubject;

  /** The activation token of a token-required export. */
  public String token;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
