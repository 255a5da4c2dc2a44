package io.tributary.control.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problems;
import io.tributary.control.model.AccountEntity;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first, filtered by actor, account, action and
 * time range ({@code from} inclusive, {@code to} exclusive, ISO-8601). Operator-admins read all of
 * it; others read the lines about their accounts.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AuditResource {
  public record AuditView(
      long id,
      Instant at,
      String actor,
      String source,
      String action,
      String account,
      String target,
      String summary) {
    static AuditView of(AuditEntry e) {
      return new AuditView(e.id, e.at, e.actor, e.source, e.action, e.account, e.target, e.summary);
    }
  }

  @Inject AuditScope access;

  @GET
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.BAD_PARAMETER})
  public PageView<AuditView> list(
      @QueryParam("actor") String actor,
      @QueryParam("account") String account,
      @QueryParam("action") String action,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @BeanParam @Valid PageRequest page) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (actor != null) {
      // an actor's API tokens are logged as "name[token:…]"
      where.add("(actor = :actor or actor like :actorToken)");
      params.put("actor", actor);
      params.put("actorToken", actor.replace("%", "\\%").replace("_", "\\_") + "[token:%");
    }
    if (account != null) {
      access.read(account); // 404 for an account the caller may not see
      where.add("account = :account");
      params.put("account", account);
    } else {
      Set<Long> visible = access.visible();
      if (visible != null) {
        List<String> names =
            visible.isEmpty()
                ? List.of()
                : AccountEntity.<AccountEntity>list("id in ?1", visible).stream()
                    .map(a -> a.name)
                    .toList();
        if (names.isEmpty()) {
          return new PageView<>(List.of(), page.page, page.size, 0);
        }
        where.add("account in :accounts");
        params.put("accounts", names);
      }
    }
    if (action != null) {
      where.add("action = :action");
      params.put("action", action);
    }
    if (from != null) {
      where.add("at >= :from");
      params.put("from", instant("from", from));
    }
    if (to != null) {
      where.add("at < :to");
      params.put("to", instant("to", to));
    }
    var q =
        AuditEntry.<AuditEntry>find(
            String.join(" and ", where.isEmpty() ? List.of("1 = 1") : where),
            Sort.by("id").descending(),
            params);
    return page.of(q, AuditView::of);
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiProblem.BAD_PARAMETER.exception(
          name + " must be an ISO-8601 instant like 2026-11-22T10:00:00Z");
    }
  }
}
