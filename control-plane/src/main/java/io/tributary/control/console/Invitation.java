package io.tributary.control.console;

import java.time.Instant;

import org.hibernate.annotations.Generated;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A one-time link to become a console user of one account: only its token's SHA-256 is kept. Used
 * once ({@code acceptedAt}), or never after {@code expiresAt}.
 */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "token_hash")
  public String tokenHash;

  @Column(name = "account_id")
  public long accountId;

  public String role;
  public String note;

  @Column(name = "invited_by")
  public String invitedBy;

  @Generated
  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "accepted_at")
  public Instant acceptedAt;

  @Column(name = "accepted_by")
  public String acceptedBy;

  /** pending, accepted or expired. */
  public String state() {
    return acceptedAt != null
        ? "accepted"
        : expiresAt.isBefore(Instant.now()) ? "expired" : "pending";
  }
}
