package io.tributary.auth.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Claims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.JetStreamLimits;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.Permission;
import io.tributary.auth.claims.TimeRange;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.auth.claims.WeightedMapping;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.jwt.JwtException;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.subject.Subjects;

/**
 * Structural validation of claims, mirroring the blocking checks of nats-io/jwt's {@code Validate}:
 * well-formed keys, subjects, CIDRs, time ranges, imports and exports, limits that the claim itself
 * must respect. It does not look at trust or at other accounts; {@link TrustedOperators} and {@link
 * UserAuthenticator} do.
 */
public final class ClaimsValidator {
  /** Connection types NATS knows. */
  public static final Set<String> CONNECTION_TYPES =
      Set.of("STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS", "IN_PROCESS");

  private static final int MAX_INFO_LENGTH = 8 * 1024;

  private ClaimsValidator() {}

  /** Validates any claim at {@code nowSeconds}. */
  public static ValidationResults validate(Claims claims, long nowSeconds) {
    ValidationResults vr = new ValidationResults();
    if (claims.isExpired(nowSeconds)) {
      vr.timeCheck("claim is expired");
    }
    if (claims.isNotYetValid(nowSeconds)) {
      vr.timeCheck("claim is not yet valid");
    }
    switch (claims) {
      case OperatorClaims c -> validateOperator(c, vr);
      case AccountClaims c -> validateAccount(c, vr);
      case UserClaims c -> validateUser(c, vr);
      case ActivationClaims c -> validateActivation(c, vr);
      case GenericClaims c -> {}
    }
    return vr;
  }

  private static void validateOperator(OperatorClaims c, ValidationResults vr) {
    requireKey(c.subject, NKeyType.OPERATOR, "operator subject", vr);
    for (String k : c.nats.signingKeys) {
      requireKey(k, NKeyType.OPERATOR, "operator signing key", vr);
    }
    if (present(c.nats.systemAccount)) {
      requireKey(c.nats.systemAccount, NKeyType.ACCOUNT, "system account", vr);
    }
    if (present(c.nats.accountServerUrl)) {
      URI u = uri(c.nats.accountServerUrl);
      if (u == null || u.getScheme() == null) {
        vr.error("account server url \"" + c.nats.accountServerUrl + "\" is not a valid URL");
      }
    }
    for (String url : c.nats.operatorServiceUrls) {
      URI u = uri(url);
      String scheme = u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase();
      if (!Set.of("nats", "tls", "ws", "wss").contains(scheme)) {
        vr.error("operator service url \"" + url + "\" must use nats, tls, ws or wss");
      } else if (u.getUserInfo() != null || (u.getPath() != null && !u.getPath().isEmpty())) {
        vr.error("operator service url \"" + url + "\" may have no user info and no path");
      }
    }
    if (present(c.nats.assertServerVersion)
        && !c.nats.assertServerVersion.matches("\\d+\\.\\d+\\.\\d+")) {
      vr.error(
          "assert_server_version \"" + c.nats.assertServerVersion + "\" is not major.minor.patch");
    }
  }

  private static void validateAccount(AccountClaims c, ValidationResults vr) {
    AccountClaims.Nats n = c.nats;
    requireKey(c.subject, NKeyType.ACCOUNT, "account subject", vr);
    var limits = n.limits;
    if (limits.imports >= 0 && n.imports.size() > limits.imports) {
      vr.error("the account contains more imports than allowed by the operator");
    }
    if (limits.exports >= 0 && n.exports.size() > limits.exports) {
      vr.error("the account contains more exports than allowed by the operator");
    }
    for (Import imp : n.imports) {
      validateImport(imp, c.subject, vr);
    }
    validateServiceImportOverlap(n.imports, vr);
    for (Export exp : n.exports) {
      validateExport(exp, vr);
      if (limits.exports != -1
          && !limits.wildcardExports
          && exp.subject != null
          && Subjects.hasWildcard(exp.subject)) {
        vr.error("the account does not allow wildcard exports: " + exp.subject);
      }
    }
    validateExportOverlap(n.exports, vr);
    for (String key : n.signingKeys.keys()) {
      requireKey(key, NKeyType.ACCOUNT, "account signing key", vr);
      UserScope scope = n.signingKeys.scope(key);
      if (scope != null) {
        validatePermissionLimits(scope.template, "scope template of " + key + ": ", vr, true);
      }
    }
    for (String key : n.revocations.entries().keySet()) {
      if (!key.equals("*") && !NKey.isValidPublicKey(key, NKeyType.USER)) {
        vr.warning("revocation entry \"" + key + "\" is not a user key");
      }
    }
    validatePermission(n.defaultPermissions.pub, "default pub", false, vr);
    validatePermission(n.defaultPermissions.sub, "default sub", true, vr);
    for (Map.Entry<String, List<WeightedMapping>> m : n.mappings.entrySet()) {
      if (!Subjects.isValid(m.getKey())) {
        vr.error("mapping source \"" + m.getKey() + "\" is not a valid subject");
      }
      Map<String, Integer> totals = new HashMap<>();
      for (WeightedMapping wm : m.getValue()) {
        if (wm.subject == null || !Subjects.isValid(wm.subject)) {
          vr.error("mapping destination \"" + wm.subject + "\" is not a valid subject");
        }
        if (wm.weight < 0 || wm.weight > 100) {
          vr.error("mapping weight " + wm.weight + " for " + m.getKey() + " is outside 1..100");
        }
        String cluster = wm.cluster == null ? "" : wm.cluster;
        if (totals.merge(cluster, wm.effectiveWeight(), Integer::sum) > 100) {
          vr.error("mapping weights for " + m.getKey() + " add up to more than 100");
        }
      }
    }
    for (String u : n.authorization.authUsers) {
      requireKey(u, NKeyType.USER, "auth callout user", vr);
    }
    for (String a : n.authorization.allowedAccounts) {
      if (!a.equals("*")) {
        requireKey(a, NKeyType.ACCOUNT, "auth callout allowed account", vr);
      }
    }
    if (present(n.authorization.xkey)) {
      requireKey(n.authorization.xkey, NKeyType.CURVE, "auth callout xkey", vr);
    }
    if (!limits.tieredLimits.isEmpty()) {
      if (limits.isSet()) {
        vr.error("JetStream limits and tiered JetStream limits are mutually exclusive");
      }
      for (Map.Entry<String, JetStreamLimits> t : limits.tieredLimits.entrySet()) {
        if (t.getKey().isEmpty()) {
          vr.error("a JetStream tier needs a name");
        }
      }
    }
    if (n.trace != null) {
      if (!present(n.trace.dest) || !Subjects.isValidLiteral(n.trace.dest)) {
        vr.error("trace destination \"" + n.trace.dest + "\" must be a subject without wildcards");
      }
      if (n.trace.sampling < 0 || n.trace.sampling > 100) {
        vr.error("trace sampling " + n.trace.sampling + " is outside 0..100");
      }
    }
    if (present(n.clusterTraffic) && !Set.of("system", "owner").contains(n.clusterTraffic)) {
      vr.error("cluster_traffic must be \"system\" or \"owner\", not \"" + n.clusterTraffic + "\"");
    }
    validateInfo(n.description, n.infoUrl, "account", vr);
  }

  private static void validateImport(Import imp, String importer, ValidationResults vr) {
    String what = "import \"" + (present(imp.name) ? imp.name : imp.subject) + "\"";
    if (!present(imp.subject) || !Subjects.isValid(imp.subject)) {
      vr.error(what + " has an invalid subject \"" + imp.subject + "\"");
    }
    if (!NKey.isValidPublicKey(imp.account, NKeyType.ACCOUNT)) {
      vr.error(what + " names an invalid account \"" + imp.account + "\"");
    }
    if (imp.type == null) {
      vr.error(what + " has no type (stream or service)");
    }
    if (present(imp.localSubject) && present(imp.to)) {
      vr.error(what + " sets both local_subject and the deprecated to");
    }
    String local =
        imp.localSubject != null && !imp.localSubject.isEmpty() ? imp.localSubject : imp.to;
    if (present(local) && !Subjects.isValid(local.replaceAll("\\$\\d+", "x"))) {
      vr.error(what + " has an invalid local subject \"" + local + "\"");
    }
    if (imp.type == ExportType.SERVICE
        && imp.subject != null
        && Subjects.hasWildcard(imp.subject)
        && !present(local)) {
      vr.warning(what + ": a wildcard service import is only reachable by its exact subject");
    }
    if (present(imp.token)) {
      try {
        ActivationClaims act = JwtCodec.decode(imp.token, ActivationClaims.class);
        if (!importer.equals(act.subject)) {
          vr.error(what + ": activation token is for " + act.subject + ", not this account");
        }
        if (!imp.account.equals(act.exporterId())) {
          vr.error(what + ": activation token was not issued by " + imp.account);
        }
        if (act.nats.kind != imp.type) {
          vr.error(what + ": activation token is for a " + act.nats.kind + ", not a " + imp.type);
        }
        if (imp.subject != null
            && act.nats.subject != null
            && !Subjects.isSubsetOf(imp.subject, act.nats.subject)) {
          vr.error(what + ": activation token does not cover " + imp.subject);
        }
      } catch (JwtException e) {
        vr.error(what + ": activation token is invalid: " + e.getMessage());
      }
    }
  }

  private static void validateServiceImportOverlap(List<Import> imports, ValidationResults vr) {
    for (int i = 0; i < imports.size(); i++) {
      for (int j = i + 1; j < imports.size(); j++) {
        Import a = imports.get(i);
        Import b = imports.get(j);
        if (a.type != ExportType.SERVICE || b.type != ExportType.SERVICE || a.account == null) {
          continue;
        }
        String la = overlapSubject(a);
        String lb = overlapSubject(b);
        if (a.account.equals(b.account) && la != null && lb != null && Subjects.collide(la, lb)) {
          vr.error(
              "overlapping service imports \""
                  + la
                  + "\" and \""
                  + lb
                  + "\" from the same account");
        }
      }
    }
  }

  // jwt's Imports.Validate compares to, else local_subject, else subject.
  private static String overlapSubject(Import imp) {
    if (present(imp.to)) {
      return imp.to;
    }
    return present(imp.localSubject) ? imp.localSubject : imp.subject;
  }

  private static void validateExport(Export exp, ValidationResults vr) {
    String what = "export \"" + (present(exp.name) ? exp.name : exp.subject) + "\"";
    if (!present(exp.subject) || !Subjects.isValid(exp.subject)) {
      vr.error(what + " has an invalid subject \"" + exp.subject + "\"");
    }
    if (exp.type == null) {
      vr.error(what + " has no type (stream or service)");
    }
    if (exp.type == ExportType.STREAM) {
      if (present(exp.responseType)) {
        vr.error(what + ": a stream export has no response type");
      }
      if (exp.responseThresholdNanos != 0) {
        vr.error(what + ": a stream export has no response threshold");
      }
      if (exp.latency != null) {
        vr.error(what + ": a stream export has no service latency");
      }
      if (exp.allowTrace) {
        vr.error(what + ": allow_trace is for service exports");
      }
    }
    if (present(exp.responseType)
        && !Set.of(Export.RESPONSE_SINGLETON, Export.RESPONSE_STREAM, Export.RESPONSE_CHUNKED)
            .contains(exp.responseType)) {
      vr.error(what + ": unknown response type \"" + exp.responseType + "\"");
    }
    if (exp.responseThresholdNanos < 0) {
      vr.error(what + ": negative response threshold");
    }
    if (exp.latency != null) {
      int s = exp.latency.sampling;
      if (s != -1 && (s < 1 || s > 100)) {
        vr.error(what + ": latency sampling must be 1..100 or \"headers\"");
      }
      if (!present(exp.latency.results) || !Subjects.isValidLiteral(exp.latency.results)) {
        vr.error(what + ": latency results subject must have no wildcards");
      }
    }
    if (exp.accountTokenPosition > 0 && exp.subject != null) {
      List<String> tokens = Subjects.tokenize(exp.subject);
      if (exp.accountTokenPosition > tokens.size()
          || !tokens.get(exp.accountTokenPosition - 1).equals(Subjects.SINGLE_WILDCARD)) {
        vr.error(
            what
                + ": account token position "
                + exp.accountTokenPosition
                + " must point at a '*' token");
      }
    }
    for (String key : exp.revocations.entries().keySet()) {
      if (!key.equals("*") && !NKey.isValidPublicKey(key, NKeyType.ACCOUNT)) {
        vr.error(what + ": revocation \"" + key + "\" is not an account key");
      }
    }
    validateInfo(exp.description, exp.infoUrl, what, vr);
  }

  private static void validateExportOverlap(List<Export> exports, ValidationResults vr) {
    for (int i = 0; i < exports.size(); i++) {
      for (int j = 0; j < exports.size(); j++) {
        Export a = exports.get(i);
        Export b = exports.get(j);
        if (i == j || a.type != b.type || a.subject == null || b.subject == null) {
          continue;
        }
        if (Subjects.isSubsetOf(a.subject, b.subject) && (i < j || !a.subject.equals(b.subject))) {
          vr.error(
              "export subject \"" + a.subject + "\" is already covered by \"" + b.subject + "\"");
        }
      }
    }
  }

  private static void validateUser(UserClaims c, ValidationResults vr) {
    requireKey(c.subject, NKeyType.USER, "user subject", vr);
    if (present(c.nats.issuerAccount)) {
      requireKey(c.nats.issuerAccount, NKeyType.ACCOUNT, "issuer_account", vr);
    }
    validatePermissionLimits(c.nats, "", vr, false);
  }

  private static void validateActivation(ActivationClaims c, ValidationResults vr) {
    requireKey(c.subject, NKeyType.ACCOUNT, "activation subject (importing account)", vr);
    if (!present(c.nats.subject) || !Subjects.isValid(c.nats.subject)) {
      vr.error("activation has an invalid subject \"" + c.nats.subject + "\"");
    }
    if (c.nats.kind == null) {
      vr.error("activation has no kind (stream or service)");
    }
    if (present(c.nats.issuerAccount)) {
      requireKey(c.nats.issuerAccount, NKeyType.ACCOUNT, "activation issuer_account", vr);
    }
  }

  /**
   * Validates a user body or a scope template ({@code templated}: subjects may hold {{…}}
   * functions).
   */
  static void validatePermissionLimits(
      UserPermissionLimits p, String prefix, ValidationResults vr, boolean templated) {
    if (!templated) {
      validatePermission(p.pub, prefix + "pub", false, vr);
      validatePermission(p.sub, prefix + "sub", true, vr);
    }
    if (p.resp != null && (p.resp.maxMsgs < 0 || p.resp.expiresNanos < 0)) {
      vr.error(prefix + "response permission max and ttl may not be negative");
    }
    for (String cidr : p.src) {
      if (Cidr.parse(cidr) == null) {
        vr.error(prefix + "\"" + cidr + "\" is not a CIDR");
      }
    }
    for (TimeRange r : p.times) {
      if (ConnectTimes.parseClock(r.start) == null || ConnectTimes.parseClock(r.end) == null) {
        vr.error(prefix + "time range " + r.start + "-" + r.end + " is not HH:MM:SS-HH:MM:SS");
      }
    }
    if (present(p.timesLocation) && ConnectTimes.zone(p.timesLocation) == null) {
      vr.error(prefix + "unknown time zone \"" + p.timesLocation + "\"");
    }
    for (String t : p.allowedConnectionTypes) {
      if (!CONNECTION_TYPES.contains(t.toUpperCase())) {
        vr.warning(prefix + "unknown connection type \"" + t + "\"");
      }
    }
  }

  private static void validatePermission(
      Permission p, String what, boolean queuesAllowed, ValidationResults vr) {
    for (List<String> list : List.of(p.allow, p.deny)) {
      for (String entry : list) {
        String[] parts = entry.split(" ", -1);
        if (parts.length > 2) {
          vr.error(what + " permission \"" + entry + "\" has more than one space");
        } else if (parts.length == 2 && !queuesAllowed) {
          vr.error(what + " permission \"" + entry + "\" may not name a queue");
        } else if (!Subjects.isValid(parts[0])
            || (parts.length == 2 && !Subjects.isValidQueue(parts[1]))) {
          vr.error(what + " permission \"" + entry + "\" is not a valid subject");
        }
      }
    }
  }

  private static void validateInfo(
      String description, String infoUrl, String what, ValidationResults vr) {
    if (description != null && description.length() > MAX_INFO_LENGTH) {
      vr.error(what + " description is longer than 8 KiB");
    }
    if (present(infoUrl)) {
      URI u = uri(infoUrl);
      if (infoUrl.length() > MAX_INFO_LENGTH
          || u == null
          || u.getScheme() == null
          || u.getHost() == null) {
        vr.error(what + " info_url \"" + infoUrl + "\" needs a scheme and a host");
      }
    }
  }

  private static void requireKey(String key, NKeyType type, String what, ValidationResults vr) {
    if (!NKey.isValidPublicKey(key, type)) {
      vr.error(what + " \"" + key + "\" is not a public " + type.name().toLowerCase() + " key");
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  private static URI uri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
