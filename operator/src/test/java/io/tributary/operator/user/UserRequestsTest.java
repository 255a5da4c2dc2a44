package io.tributary.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.crd.TributaryUserSpec;

/** The control plane's {@code UserBody} from a resource, and drift against its {@code UserView}. */
class UserRequestsTest {
  private static final String KEY = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";
  private final TributaryUser user = Fixtures.user("app", "messaging");

  @Test
  void aNewUserHasItsNameWhatTheSpecSetsAndTheOwnersTag() {
    assertThat(UserRequests.newUser(user).toString())
        .isEqualTo("{\"name\":\"app\",\"tags\":[\"tributary-operator:messaging/app\"]}");
    specify();
    assertThat(UserRequests.newUser(user).toString())
        .isEqualTo(
            "{\"name\":\"app\",\"permissions\":{\"pub\":{\"allow\":[\"orders.>\"]},"
                + "\"sub\":{\"allow\":[\"_INBOX.>\"],\"deny\":[\"orders.secret\"]},"
                + "\"resp\":{\"max\":1,\"ttlMillis\":0}},\"limits\":{\"payload\":65536},"
                + "\"bearer\":false,\"expiry\":{\"defaultTtl\":3600,\"maxTtl\":86400},"
                + "\"tags\":[\"tributary-operator:messaging/app\"]}");
    user.getSpec().userName = "app-eu";
    assertThat(UserRequests.newUser(user).path("name").asText()).isEqualTo("app-eu");
  }

  @Test
  void aUserAsTheControlPlaneShowsItHasNoDifferences() {
    specify();
    String asShown =
        """
        {"permissions":{"pub":{"allow":["orders.>"],"deny":null},
                        "sub":{"allow":["_INBOX.>"],"deny":["orders.secret"]},
                        "resp":{"max":1,"ttlMillis":0}},
         "limits":{"subs":null,"data":null,"payload":65536},
         "expiry":{"defaultTtl":3600,"maxTtl":86400}}
        """;
    assertThat(UserRequests.differences(user, Fixtures.shown(KEY, 0, asShown))).isEmpty();
  }

  @Test
  void whatDiffersIsNamedAndWhatTheSpecDoesNotSetIsNot() {
    specify();
    String changed =
        """
        {"permissions":{"pub":{"allow":["orders.>","payments.>"]},
                        "sub":{"allow":["_INBOX.>"],"deny":["orders.secret"]},
                        "resp":null},
         "limits":{"payload":65536},"bearer":true,
         "expiry":{"defaultTtl":3600,"maxTtl":86400}}
        """;
    assertThat(UserRequests.differences(user, Fixtures.shown(KEY, 0, changed)))
        .containsExactly("permissions.pub.allow", "permissions.resp", "bearer");

    TributaryUser bare = Fixtures.user("app", "messaging");
    assertThat(UserRequests.differences(bare, Fixtures.shown(KEY, 0, changed))).isEmpty();
    assertThat(UserRequests.change(bare).isEmpty()).isTrue();
  }

  private void specify() {
    TributaryUserSpec s = user.getSpec();
    s.permissions = new TributaryUserSpec.Permissions();
    s.permissions.pub = new TributaryUserSpec.Rules();
    s.permissions.pub.allow = List.of("orders.>");
    s.permissions.sub = new TributaryUserSpec.Rules();
    s.permissions.sub.allow = List.of("_INBOX.>");
    s.permissions.sub.deny = List.of("orders.secret");
    s.permissions.resp = new TributaryUserSpec.Responses();
    s.limits = new TributaryUserSpec.Limits();
    s.limits.payload = 65536L;
    s.bearer = false;
    s.expiry = new TributaryUserSpec.Expiry();
    s.expiry.defaultTtl = 3600L;
    s.expiry.maxTtl = 86400L;
  }
}
