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

  /**
   * @param account the account the change concerns (tenants read their own history by it), or null
   * @param target what changed, e.g. {@code shop/app} for user {@code app} of account {@code shop}
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(Actor by, String action, String account, String target, String summary) {
    AuditEntry e = new AuditEntry();
    e.actor = by.name();
    e.source = by.source();
    e.action = action;
    e.account = account;
    e.target = target;
    e.summary = summary;
    e.persist();
  }
}
