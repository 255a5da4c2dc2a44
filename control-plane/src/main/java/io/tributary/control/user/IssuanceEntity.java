package io.tributary.control.user;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One creds file issued to a user: the JWT's id, when, by whom, until when. */
@Entity
@Table(name = "issuance")
public class IssuanceEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "user_id")
  public long userId;

  public String jti;

  /** The user key the creds were for. */
  @Column(name = "public_key")
  public String publicKey;

  @Column(name = "issued_at")
  public Instant issuedAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "issued_by")
  public String issuedBy;
}
