package io.tributary.control.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Writes audit entries in the caller's transaction, so a change and its audit line commit (or roll
 * back) together.
 */
@ApplicationScoped
public class AuditLog {
  /** The actor for what the service does by itself (first-start bootstrap). */
  public static final String SYSTEM = "system";

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(String actor, String source, String action, String target, String summary) {
    AuditEntry e = new AuditEntry();
    e.actor = actor;
    e.source = source;
    e.action = action;
    e.target = target;
    e.summary = summary;
    e.persist();
  }
}
