package io.tributary.operator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.tributary.operator.controlplane.ControlPlaneClient.PushNode;
import io.tributary.operator.controlplane.ControlPlaneException;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountStatus;
import io.tributary.operator.reconcile.InvalidSpecException;
import io.tributary.operator.reconcile.Trouble;

class AccountStatusTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-07T10:05:00Z");

  private final TributaryAccount account = Fixtures.account("orders", "messaging");
  private final List<PushNode> pushed =
      List.of(
          new PushNode("eu-1", "nats://eu-1-0:4222", "current", null),
          new PushNode("eu-1", "nats://eu-1-1:4222", "pending", null));

  @Test
  void inSyncWithTheAccountsKeyAndWhereItIsPushed() {
    TributaryAccountStatus s =
        AccountStatus.of(
            account, new AccountStatus.Seen(Fixtures.shown(), List.of(), false, pushed), null, T0);
    assertThat(condition(s, "Ready"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("True", "InSync", "account orders is as the spec says");
    assertThat(s.accountName).isEqualTo("orders");
    assertThat(s.publicKey).isEqualTo(Fixtures.KEY);
    assertThat(s.observedGeneration).isEqualTo(1L);
    assertThat(s.appliedGeneration).isEqualTo(1L);
    assertThat(s.drift).isNull();
    assertThat(condition(s, "Progressing"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("True", "Pushing", "1 of 2 nodes have the account's current JWT");
    assertThat(s.push.current).isEqualTo(1);
    assertThat(s.push.pending).isEqualTo(1);
    assertThat(s.push.nodes).extracting(n -> n.state).containsExactly("current", "pending");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("AsExpected");

    TributaryAccountStatus none =
        AccountStatus.of(
            account,
            new AccountStatus.Seen(Fixtures.shown(), List.of(), false, List.of()),
            null,
            T0);
    assertThat(condition(none, "Progressing"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "Stable");
  }

  @Test
  void driftChangedBackIsListedAndDriftLeftIsDegraded() {
    TributaryAccountStatus enforced =
        AccountStatus.of(
            account,
            new AccountStatus.Seen(Fixtures.shown(), List.of("limits.conn"), false, List.of()),
            null,
            T0);
    assertThat(enforced.drift).containsExactly("limits.conn");
    assertThat(condition(enforced, "Ready").getReason()).isEqualTo("InSync");
    assertThat(condition(enforced, "Degraded").getStatus()).isEqualTo("False");

    TributaryAccountStatus reported =
        AccountStatus.of(
            account,
            new AccountStatus.Seen(Fixtures.shown(), List.of("description"), true, List.of()),
            null,
            T0);
    assertThat(condition(reported, "Ready"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "DriftReported");
    assertThat(condition(reported, "Degraded"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly(
            "True",
            "DriftReported",
            "account orders differs from the spec in [description] (driftPolicy Report)");

    account.setStatus(reported);
    TributaryAccountStatus deleted =
        AccountStatus.of(
            account, new AccountStatus.Seen(null, List.of("account"), true, List.of()), null, T1);
    assertThat(condition(deleted, "Ready").getReason()).isEqualTo("DeletedInControlPlane");
    assertThat(deleted.publicKey).isEqualTo(Fixtures.KEY); // the one it had
  }

  @Test
  void aFailureKeepsWhatWasSeenAndSaysWhy() {
    account.setStatus(
        AccountStatus.of(
            account,
            new AccountStatus.Seen(Fixtures.shown(), List.of(), false, List.of()),
            null,
            T0));
    Trouble t =
        Trouble.of(new ControlPlaneException(503, "database-unavailable", null, "retry later"));
    TributaryAccountStatus s = AccountStatus.of(account, null, t, T1);
    assertThat(s.publicKey).isEqualTo(Fixtures.KEY);
    assertThat(s.accountName).isEqualTo("orders");
    assertThat(s.lastError.code).isEqualTo("database-unavailable");
    assertThat(condition(s, "Ready"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getLastTransitionTime)
        .containsExactly("False", "NotSynced", T1.toString());
    assertThat(condition(s, "Degraded"))
        .extracting(Condition::getReason, Condition::getMessage)
        .containsExactly(
            "ControlPlaneDatabaseUnavailable",
            "control plane: 503 database-unavailable: retry later");
    // Progressing did not change: its transition time stays.
    assertThat(condition(s, "Progressing").getLastTransitionTime()).isEqualTo(T0.toString());

    TributaryAccountStatus invalid =
        AccountStatus.of(
            account, null, Trouble.invalidSpec(new InvalidSpecException("spec.x")), T1);
    assertThat(condition(invalid, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(invalid, "Degraded").getReason()).isEqualTo("InvalidSpec");
  }

  private static Condition condition(TributaryAccountStatus s, String type) {
    return s.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
