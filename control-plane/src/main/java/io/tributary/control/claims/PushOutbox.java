package io.tributary.control.claims;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One outbox row: the account with this key changed (or was deleted) in the transaction that wrote
 * the row; the push worker ({@code cluster.PushWorker}) delivers its current state to the nodes and
 * then removes it.
 */
@Entity
@Table(name = "push_outbox")
public class PushOutbox extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_key")
  public String accountKey;
}
