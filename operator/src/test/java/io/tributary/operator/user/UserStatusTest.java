package io.tributary.operator.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.crd.TributaryUserStatus;
import io.tributary.operator.reconcile.Trouble;

/** A user's status, and what its reconciler refuses before it reads anything. */
class UserStatusTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-07T10:05:00Z");
  private static final String KEY = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";

  private final TributaryUser user = Fixtures.user("app", "messaging");

  @Test
  void readyWhenTheCredsAreWritten() {
    CredsSecret.Creds creds = new CredsSecret.Creds(KEY, null, null, T0, T0.plusSeconds(3600));
    TributaryUserStatus s =
        UserStatus.of(
            user,
            new UserStatus.Seen("orders", "app", KEY, "app-creds", creds, List.of("bearer")),
            null,
            T0);
    assertThat(condition(s, "Ready"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly(
            "True",
            "CredsWritten",
            "creds of user app ("
                + KEY
                + ") of account orders in Secret app-creds, expiring 2026-12-07T11:00:00Z");
    assertThat(s.conditions).extracting(Condition::getType).containsExactly("Ready", "Degraded");
    assertThat(s.credsIssuedAt).isEqualTo("2026-12-07T10:00:00Z");
    assertThat(s.credsExpireAt).isEqualTo("2026-12-07T11:00:00Z");
    assertThat(s.drift).containsExactly("bearer");
    assertThat(s.appliedGeneration).isEqualTo(1L);

    user.setStatus(s);
    Trouble t = Trouble.of(new ControlPlaneException(0, "unreachable", null, "http://cp: refused"));
    TributaryUserStatus failed = UserStatus.of(user, null, t, T1);
    assertThat(failed.publicKey).isEqualTo(KEY);
    assertThat(failed.secretName).isEqualTo("app-creds");
    assertThat(condition(failed, "Ready").getReason()).isEqualTo("NotSynced");
    assertThat(condition(failed, "Degraded").getReason()).isEqualTo("ControlPlaneUnreachable");
    assertThat(failed.lastError.status).isZero();
  }

  @Test
  void namesTheControlPlaneTakesAndASecretsName() {
    assertThatCode(() -> TributaryUserReconciler.validate(user)).doesNotThrowAnyException();
    TributaryUser dotted = Fixtures.user("app.eu", "messaging");
    assertThatThrownBy(() -> TributaryUserReconciler.validate(dotted))
        .hasMessageContaining("'app.eu'")
        .hasMessageContaining("set spec.userName");
    dotted.getSpec().userName = "app-eu";
    assertThatCode(() -> TributaryUserReconciler.validate(dotted)).doesNotThrowAnyException();
    user.getSpec().secretName = "App_Creds";
    assertThatThrownBy(() -> TributaryUserReconciler.validate(user))
        .hasMessageStartingWith("spec.secretName: 'App_Creds'");
    user.getSpec().secretName = null;
    user.getSpec().account = " ";
    assertThatThrownBy(() -> TributaryUserReconciler.validate(user))
        .hasMessageStartingWith("spec.account");
  }

  private static Condition condition(TributaryUserStatus s, String type) {
    return s.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
