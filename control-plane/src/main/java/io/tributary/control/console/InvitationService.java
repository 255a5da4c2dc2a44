package io.tributary.control.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.audit.Actor;
import io.tributary.control.audit.AuditLog;
import io.tributary.control.model.AccountEntity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Invitations: an operator-admin makes a one-time link for an account's admin or viewer; the
 * invitee opens it, chooses a username and password, and is a console user of that account. Each
 * step is audited. The token is 256 random bits and only its hash is stored.
 */
@ApplicationScoped
public class InvitationService {
  /** Length of the token in random bytes. */
  private static final int TOKEN_BYTES = 32;

  @Inject ConsoleUserService users;
  @Inject AuditLog audit;

  /** A new invitation and its token (shown once). */
  public record Made(Invitation invitation, String token) {}

  @Transactional
  public Made create(String account, String role, String note, Duration ttl, Actor by) {
    AccountEntity a = AccountEntity.byName(account);
    if (a == null) {
      throw ApiProblem.UNKNOWN_ACCOUNT.exception("no account named '" + account + "'");
    }
    String token = RandomTokens.of(TOKEN_BYTES);
    Invitation i = new Invitation();
    i.tokenHash = ApiTokenService.sha256(token);
    i.accountId = a.id;
    i.role = role;
    i.note = note;
    i.invitedBy = by.name();
    i.expiresAt = Instant.now().plus(ttl);
    i.persist();
    audit.record(
        by,
        "invitation.create",
        a.name,
        a.name + "/" + role,
        (note == null ? "" : note + ", ") + "expires " + i.expiresAt);
    return new Made(i, token);
  }

  public PanacheQuery<Invitation> list() {
    return Invitation.findAll(Sort.by("createdAt", Sort.Direction.Descending).and("id"));
  }

  @Transactional
  public void revoke(long id, Actor by) {
    Invitation i = Invitation.findById(id);
    if (i == null) {
      throw ApiProblem.NOT_FOUND.exception("no invitation " + id);
    }
    i.delete();
    audit.record(
        by, "invitation.revoke", accountName(i), accountName(i) + "/" + i.role, "invitation " + id);
  }

  /** The open invitation with this token: 404 if there is none, 410 if used or expired. */
  public Invitation open(String token) {
    Invitation i = Invitation.find("tokenHash", ApiTokenService.sha256(token)).firstResult();
    return requireOpen(i);
  }

  /**
   * Makes the invitee a console user of the invitation's account and closes the invitation, in one
   * transaction (a second use of the link, even at the same moment, gets 410).
   */
  @Transactional
  public ConsoleUser accept(String token, String username, String password, String source) {
    Invitation i =
        Invitation.find("tokenHash", ApiTokenService.sha256(token))
            .withLock(LockModeType.PESSIMISTIC_WRITE)
            .firstResult();
    requireOpen(i);
    String account = accountName(i);
    Actor actor = new Actor(username, source);
    ConsoleUser u =
        users.create(
            username, password, new ConsoleUserService.Grant(i.role, List.of(account)), actor);
    i.acceptedAt = Instant.now();
    i.acceptedBy = username;
    audit.record(
        actor, "invitation.accept", account, account + "/" + i.role, "invited by " + i.invitedBy);
    return u;
  }

  /** The name of the invitation's account. */
  public static String accountName(Invitation i) {
    AccountEntity a = AccountEntity.findById(i.accountId);
    return a == null ? null : a.name;
  }

  private static Invitation requireOpen(Invitation i) {
    if (i == null) {
      throw ApiProblem.NOT_FOUND.exception("no such invitation (it may have been revoked)");
    }
    if (i.acceptedAt != null) {
      throw ApiProblem.INVITATION_CLOSED.exception("this invitation has been used already");
    }
    if (i.expiresAt.isBefore(Instant.now())) {
      throw ApiProblem.INVITATION_CLOSED.exception("this invitation expired at " + i.expiresAt);
    }
    return i;
  }
}
