package io.tributary.auth.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.JetStreamLimits;
import io.tributary.auth.claims.TimeRange;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.claims.WeightedMapping;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.jwt.JwtException;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;

class TrustAndClaimsTest {
  private final long now = Instant.now().getEpochSecond();
  private final TestOperator op = new TestOperator();

  @Test
  void accountsSignedByTrustedKeysAreAccepted() {
    TrustedOperators trust = TrustedOperators.fromJwts(List.of(op.jwt()), now);
    assertThat(trust.systemAccount()).isEqualTo(op.system.id());
    TestAccount a = op.account("a");
    assertThat(trust.verifyAccount(a.jwt(), now).isAccepted()).isTrue();
    assertThat(trust.verifyAccount(JwtCodec.encode(a.claims, op.key), now).isAccepted()).isTrue();
    assertThat(trust.verifyAccount(new TestOperator().account("x").jwt(), now).reason())
        .isEqualTo(Rejection.UNTRUSTED_ISSUER);
    // Self-signed accounts are not trusted in operator mode.
    assertThat(trust.verifyAccount(JwtCodec.encode(a.claims, a.key), now).reason())
        .isEqualTo(Rejection.UNTRUSTED_ISSUER);
    assertThat(trust.verifyAccount("nonsense", now).reason()).isEqualTo(Rejection.INVALID_JWT);
  }

  @Test
  void strictOperatorsTrustOnlySigningKeys() {
    TestOperator strict = new TestOperator(true);
    TrustedOperators trust = TrustedOperators.fromJwts(List.of(strict.jwt()), now);
    TestAccount a = strict.account("a");
    assertThat(trust.verifyAccount(a.jwt(), now).isAccepted()).isTrue();
    Verdict<AccountClaims> byIdentity =
        trust.verifyAccount(JwtCodec.encode(a.claims, strict.key), now);
    assertThat(byIdentity.reason()).isEqualTo(Rejection.UNTRUSTED_ISSUER);
    assertThat(byIdentity.toString()).contains("operator requires issuer to be a signing key");
  }

  @Test
  void expiredAccountsAreStoredButNotUsed() {
    TrustedOperators trust = TrustedOperators.fromJwts(List.of(op.jwt()), now);
    TestAccount a = op.account("a");
    a.claims.expires = now - 1;
    assertThat(trust.verifyAccount(a.jwt(), now).reason()).isEqualTo(Rejection.ACCOUNT_EXPIRED);
    assertThat(trust.verifyAccount(a.jwt(), now, false).isAccepted()).isTrue();
  }

  @Test
  void badOperatorJwtsAreRefusedAtStartup() {
    TestOperator o = new TestOperator();
    o.claims.expires = now - 1;
    assertThatThrownBy(() -> TrustedOperators.fromJwts(List.of(o.jwt()), now))
        .isInstanceOf(JwtException.class)
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> TrustedOperators.fromJwts(List.of(op.account("a").jwt()), now))
        .isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> TrustedOperators.fromJwts(List.of(), now))
        .isInstanceOf(JwtException.class);
  }

  @Test
  void accountValidationReportsEachProblem() {
    TestAccount a = op.account("a");
    AccountClaims c = a.claims;
    c.nats.exports.add(new Export("e1", "svc.>", ExportType.SERVICE));
    c.nats.exports.add(new Export("e2", "svc.a", ExportType.SERVICE));
    Export noType = new Export("e3", "x", null);
    c.nats.exports.add(noType);
    Export badPos = new Export("e4", "p.*.q", ExportType.STREAM);
    badPos.accountTokenPosition = 3;
    c.nats.exports.add(badPos);
    c.nats.imports.add(
        new Import(
            "i1", "bad..subj", NKey.generate(NKeyType.ACCOUNT).publicKey(), ExportType.STREAM));
    c.nats.imports.add(new Import("i2", "ok", "not-an-account", ExportType.STREAM));
    c.nats.mappings.put("m", List.of(new WeightedMapping("d1", 80), new WeightedMapping("d2", 30)));
    c.nats.limits.memoryStorage = -1;
    c.nats.limits.tieredLimits.put("R1", new JetStreamLimits());
    c.nats.clusterTraffic = "everyone";
    ValidationResults vr = ClaimsValidator.validate(c, now);
    assertThat(vr.issues().stream().map(ValidationResults.Issue::description))
        .anyMatch(d -> d.contains("already covered by \"svc.>\""))
        .anyMatch(d -> d.contains("has no type"))
        .anyMatch(d -> d.contains("account token position 3"))
        .anyMatch(d -> d.contains("invalid subject \"bad..subj\""))
        .anyMatch(d -> d.contains("invalid account \"not-an-account\""))
        .anyMatch(d -> d.contains("add up to more than 100"))
        .anyMatch(d -> d.contains("mutually exclusive"))
        .anyMatch(d -> d.contains("cluster_traffic"));
    assertThat(vr.isBlocking(false)).isTrue();
  }

  @Test
  void accountLimitsOnImportsExportsAndWildcards() {
    AccountClaims c = op.account("a").claims;
    c.nats.limits.exports = 1;
    c.nats.limits.wildcardExports = false;
    c.nats.exports.add(new Export("a", "a.*", ExportType.STREAM));
    c.nats.exports.add(new Export("b", "b", ExportType.STREAM));
    c.nats.limits.imports = 0;
    c.nats.imports.add(
        new Import("i", "x", NKey.generate(NKeyType.ACCOUNT).publicKey(), ExportType.STREAM));
    List<String> issues =
        ClaimsValidator.validate(c, now).issues().stream()
            .map(ValidationResults.Issue::description)
            .toList();
    assertThat(issues)
        .anyMatch(d -> d.contains("more exports than allowed"))
        .anyMatch(d -> d.contains("more imports than allowed"))
        .anyMatch(d -> d.contains("does not allow wildcard exports"));
  }

  @Test
  void userValidationReportsEachProblem() {
    UserClaims u = UserClaims.create(NKey.generate(NKeyType.USER).publicKey(), "u");
    u.nats.pub.allow("a b");
    u.nats.sub.allow("a b c", "ok q");
    u.nats.src.add("10.0.0.1");
    u.nats.times.add(new TimeRange("8:00", "18:00:00"));
    u.nats.timesLocation = "Mars/Olympus";
    u.nats.issuerAccount = "nope";
    u.expires = now - 1;
    ValidationResults vr = ClaimsValidator.validate(u, now);
    assertThat(vr.issues().stream().map(ValidationResults.Issue::description))
        .anyMatch(d -> d.contains("may not name a queue"))
        .anyMatch(d -> d.contains("more than one space"))
        .anyMatch(d -> d.contains("is not a CIDR"))
        .anyMatch(d -> d.contains("is not HH:MM:SS"))
        .anyMatch(d -> d.contains("unknown time zone"))
        .anyMatch(d -> d.contains("issuer_account"));
    assertThat(vr.issues()).anyMatch(i -> i.kind() == ValidationResults.Kind.TIME_CHECK);
  }

  @Test
  void goodClaimsHaveNoBlockingIssues() {
    assertThat(ClaimsValidator.validate(op.claims, now).isBlocking(true)).isFalse();
    assertThat(ClaimsValidator.validate(op.account("a").claims, now).isBlocking(true)).isFalse();
    UserClaims u = op.account("a").user("u").claims;
    u.nats.sub.allow("work.* q1");
    u.nats.src.add("192.168.1.0/24");
    assertThat(ClaimsValidator.validate(u, now).isEmpty()).isTrue();
  }
}
