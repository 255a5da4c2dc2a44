package io.tributary.auth.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tributary.auth.claims.TimeRange;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;
import io.tributary.auth.testing.TestUser;

class ScopeAndWindowsTest {
  private final TestAccount acc = new TestOperator().account("acme");

  private Verdict<UserPermissionLimits> expand(UserPermissionLimits template, TestUser u) {
    return ScopeTemplates.expand(new UserScope("A", "r", template), u.claims, acc.claims);
  }

  @Test
  void allFunctionsExpand() {
    UserPermissionLimits t = new UserPermissionLimits();
    t.pub.allow(
        "{{name()}}.{{subject()}}",
        "{{account-name()}}.{{account-subject()}}",
        "{{ TAG(dc) }}.x",
        "{{account-tag(env)}}");
    TestUser u = acc.user("bob");
    u.claims.nats.tags.addAll(List.of("dc:eu", "dc:us"));
    acc.claims.nats.tags.add("env:prod");
    UserPermissionLimits out = expand(t, u).value();
    assertThat(out.pub.allow)
        .containsExactly("bob." + u.key.publicKey(), "acme." + acc.id(), "eu.x", "us.x", "prod");
  }

  @Test
  void tagProductsAndUndefinedTags() {
    UserPermissionLimits t = new UserPermissionLimits();
    t.sub.allow("{{tag(a)}}.{{tag(b)}}", "never.{{tag(missing)}}");
    TestUser u = acc.user("u");
    u.claims.nats.tags.addAll(List.of("a:1", "a:2", "b:x"));
    assertThat(expand(t, u).value().sub.allow).containsExactly("1.x", "2.x");
    UserPermissionLimits deny = new UserPermissionLimits();
    deny.pub.deny("secret.{{tag(missing)}}");
    assertThat(expand(deny, u).reason()).isEqualTo(Rejection.TEMPLATE_ERROR);
  }

  @Test
  void anEmptiedAllowListDeniesEverything() {
    UserPermissionLimits t = new UserPermissionLimits();
    t.pub.allow("only.{{tag(missing)}}");
    UserPermissionLimits out = expand(t, acc.user("u")).value();
    assertThat(out.pub.allow).isEmpty();
    assertThat(out.pub.deny).containsExactly(">");
  }

  @Test
  void unknownFunctionsAndExplosionsAreRefused() {
    UserPermissionLimits t = new UserPermissionLimits();
    t.pub.allow("{{shell(rm)}}");
    assertThat(expand(t, acc.user("u")).reason()).isEqualTo(Rejection.TEMPLATE_ERROR);
    TestUser many = acc.user("m");
    for (int i = 0; i < 70; i++) {
      many.claims.nats.tags.add("t:" + i);
    }
    UserPermissionLimits boom = new UserPermissionLimits();
    boom.pub.allow("{{tag(t)}}.{{tag(t)}}");
    assertThat(expand(boom, many).reason()).isEqualTo(Rejection.TEMPLATE_ERROR);
  }

  @Test
  void windowsThatCrossMidnight() {
    List<TimeRange> night = List.of(new TimeRange("22:00:00", "06:00:00"));
    ZoneId utc = ZoneOffset.UTC;
    assertThat(ConnectTimes.currentWindowEnd(night, utc, Instant.parse("2026-11-22T23:00:00Z")))
        .contains(Instant.parse("2026-11-23T06:00:00Z"));
    assertThat(ConnectTimes.currentWindowEnd(night, utc, Instant.parse("2026-11-22T05:00:00Z")))
        .contains(Instant.parse("2026-11-22T06:00:00Z"));
    assertThat(ConnectTimes.currentWindowEnd(night, utc, Instant.parse("2026-11-22T12:00:00Z")))
        .isEmpty();
    List<TimeRange> two =
        List.of(new TimeRange("08:00:00", "12:00:00"), new TimeRange("09:00:00", "17:00:00"));
    assertThat(ConnectTimes.currentWindowEnd(two, utc, Instant.parse("2026-11-22T10:00:00Z")))
        .contains(Instant.parse("2026-11-22T17:00:00Z"));
    assertThat(
            ConnectTimes.currentWindowEnd(
                two, ZoneId.of("Europe/Berlin"), Instant.parse("2026-11-22T07:30:00Z")))
        .as("08:30 in Berlin (UTC+1) is only inside 08:00-12:00")
        .contains(Instant.parse("2026-11-22T11:00:00Z"));
  }

  @Test
  void cidrsMatchLikeGo() throws Exception {
    assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.255.0.1"))).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(Cidr.parse("192.168.1.10/32").contains(InetAddress.getByName("192.168.1.10")))
        .isTrue();
    assertThat(Cidr.parse("192.168.1.0/25").contains(InetAddress.getByName("192.168.1.200")))
        .isFalse();
    assertThat(Cidr.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
    assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8::5"))).isTrue();
    assertThat(Cidr.parse("127.0.0.0/8").contains(InetAddress.getByName("::ffff:127.0.0.1")))
        .isTrue();
    for (String bad :
        List.of(
            "10.0.0.1",
            "10.0.0.0/33",
            "10.0.0/8",
            "host.example/8",
            "/8",
            "1.2.3.4/-1",
            "1.2.3.256/8",
            "")) {
      assertThat(Cidr.parse(bad)).as(bad).isNull();
    }
  }
}
