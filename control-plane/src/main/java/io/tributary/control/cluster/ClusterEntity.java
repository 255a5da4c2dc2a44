package io.tributary.control.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

/** A data-plane cluster: a name and the NATS URLs of its nodes. */
@Entity
@Table(name = "cluster")
public class ClusterEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String name;

  /** One client URL per node ({@code nats://host:4222}). */
  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> urls = new ArrayList<>();

  public String description;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public long version;

  public static ClusterEntity byName(String name) {
    return find("name", name).firstResult();
  }
}
