package io.tributary.control.custody;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One sealed secret (an nkey seed); only {@link KeyCustody} reads or writes these rows. */
@Entity
@Table(name = "secret")
public class SecretEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "key_version", nullable = false)
  public int keyVersion;

  @Column(name = "wrapped_key", nullable = false)
  public byte[] wrappedKey;

  @Column(nullable = false)
  public byte[] ciphertext;
}
