package io.tributary.auth.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Permission;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.auth.subject.Subjects;

/**
 * Expands a scoped signing key's template for one user, as nats-server's {@code
 * processUserPermissionsTemplate}: {@code {{name()}}}, {@code {{subject()}}}, {@code
 * {{account-name()}}}, {@code {{account-subject()}}}, {@code {{tag(x)}}} and {@code
 * {{account-tag(x)}}} (case-insensitive). A tag function yields every value of {@code x:value}
 * tags, so several in one entry give their cartesian product. In allow lists, results that are not
 * subjects are dropped (and an allow list emptied that way denies {@code >}); in deny lists they
 * reject the user.
 */
public final class ScopeTemplates {
  /** More expansions than this reject the user, so a template cannot blow up memory. */
  public static final int MAX_EXPANSIONS = 4096;

  private static final Pattern FUNCTION = Pattern.compile("\\{\\{([^}]*)}}");
  private static final Pattern CALL =
      Pattern.compile("\\s*([a-zA-Z-]+)\\s*\\(\\s*([^)]*?)\\s*\\)\\s*");

  private ScopeTemplates() {}

  /** The user's effective permissions and limits, or a {@link Rejection#TEMPLATE_ERROR}. */
  public static Verdict<UserPermissionLimits> expand(
      UserScope scope, UserClaims user, AccountClaims account) {
    UserPermissionLimits t = scope.template;
    UserPermissionLimits out = new UserPermissionLimits();
    try {
      int[] budget = {MAX_EXPANSIONS};
      expandPermission(t.pub, out.pub, user, account, budget);
      expandPermission(t.sub, out.sub, user, account, budget);
    } catch (TemplateError e) {
      return Verdict.reject(Rejection.TEMPLATE_ERROR, e.getMessage());
    }
    out.resp = t.resp;
    out.src = t.src;
    out.times = t.times;
    out.timesLocation = t.timesLocation;
    out.subs = t.subs;
    out.data = t.data;
    out.payload = t.payload;
    out.bearerToken = t.bearerToken;
    out.proxyRequired = t.proxyRequired;
    out.allowedConnectionTypes = t.allowedConnectionTypes;
    return Verdict.accept(out);
  }

  private static void expandPermission(
      Permission template, Permission out, UserClaims user, AccountClaims account, int[] budget) {
    for (String entry : template.allow) {
      for (String s : expandEntry(entry, user, account, budget, false)) {
        if (isValidEntry(s)) {
          out.allow.add(s);
        }
      }
    }
    for (String entry : template.deny) {
      for (String s : expandEntry(entry, user, account, budget, true)) {
        if (!isValidEntry(s)) {
          throw new TemplateError(
              "deny entry \"" + entry + "\" expands to the invalid subject \"" + s + "\"");
        }
        out.deny.add(s);
      }
    }
    if (!template.allow.isEmpty() && out.allow.isEmpty()) {
      out.deny.add(Subjects.FULL_WILDCARD);
    }
  }

  private static List<String> expandEntry(
      String entry, UserClaims user, AccountClaims account, int[] budget, boolean deny) {
    List<String> results = new ArrayList<>(List.of(""));
    Matcher m = FUNCTION.matcher(entry);
    int last = 0;
    while (m.find()) {
      List<String> values = evaluate(m.group(1), user, account, deny);
      String literal = entry.substring(last, m.start());
      List<String> next = new ArrayList<>();
      for (String prefix : results) {
        for (String v : values) {
          if (--budget[0] < 0) {
            throw new TemplateError(
                "template expands to more than " + MAX_EXPANSIONS + " subjects");
          }
          next.add(prefix + literal + v);
        }
      }
      results = next;
      last = m.end();
    }
    String tail = entry.substring(last);
    results.replaceAll(s -> s + tail);
    return results;
  }

  private static List<String> evaluate(
      String function, UserClaims user, AccountClaims account, boolean deny) {
    Matcher call = CALL.matcher(function);
    if (!call.matches()) {
      throw new TemplateError("\"{{" + function + "}}\" is not a template function");
    }
    String name = call.group(1).toLowerCase(Locale.ROOT);
    String arg = call.group(2);
    return switch (name) {
      case "name" -> List.of(nullToEmpty(user.name));
      case "subject" -> List.of(nullToEmpty(user.subject));
      case "account-name" -> List.of(nullToEmpty(account.name));
      case "account-subject" -> List.of(nullToEmpty(account.subject));
      case "tag" -> tagValues(user.nats.tags, arg, "tag", deny);
      case "account-tag" -> tagValues(account.nats.tags, arg, "account-tag", deny);
      default -> throw new TemplateError("unknown template function \"" + name + "\"");
    };
  }

  private static List<String> tagValues(
      List<String> tags, String tagName, String fn, boolean deny) {
    String prefix = tagName.toLowerCase(Locale.ROOT) + ":";
    List<String> values = new ArrayList<>();
    for (String tag : tags) {
      if (tag.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        values.add(tag.substring(prefix.length()));
      }
    }
    if (values.isEmpty()) {
      if (deny) {
        throw new TemplateError(fn + "(" + tagName + ") is not defined for this user");
      }
      // An undefined tag in an allow list yields a subject that can never be valid, so the entry is
      // dropped.
      return List.of(" ");
    }
    return values;
  }

  private static boolean isValidEntry(String s) {
    String[] parts = s.split(" ", -1);
    return parts.length == 1
        ? Subjects.isValid(s)
        : parts.length == 2 && Subjects.isValid(parts[0]) && Subjects.isValidQueue(parts[1]);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static final class TemplateError extends RuntimeException {
    TemplateError(String message) {
      super(message, null, false, false);
    }
  }
}
