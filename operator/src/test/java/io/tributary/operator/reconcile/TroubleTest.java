package io.tributary.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.operator.controlplane.ControlPlaneException;

/** Failures as Degraded reasons, and which of them wait for a new spec instead of a retry. */
class TroubleTest {
  @Test
  void reasonsAreCamelCase() {
    assertThat(Trouble.camel("name-taken")).isEqualTo("NameTaken");
    assertThat(Trouble.camel("http-502")).isEqualTo("Http502");
    assertThat(Trouble.camel(null)).isEqualTo("Unknown");
    for (String reason :
        List.of(
            "ControlPlaneNameTaken",
            Trouble.of(new ControlPlaneException(503, "database-unavailable", null, null))
                .reason())) {
      assertThat(reason).matches("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
    }
  }

  @Test
  void failuresAndConflictsAreRetriedWithTheProblemsCode() {
    for (ControlPlaneException e :
        List.of(
            new ControlPlaneException(503, "database-unavailable", null, null),
            new ControlPlaneException(500, "internal-error", null, null),
            new ControlPlaneException(409, "name-taken", null, "an account named 'a' exists"),
            new ControlPlaneException(412, "stale-version", null, null),
            ControlPlaneException.unreachable("http://cp", new java.net.ConnectException()))) {
      Trouble t = Trouble.of(e);
      assertThat(t.isInvalidSpec()).as(e.getMessage()).isFalse();
      assertThat(t.reason()).startsWith("ControlPlane");
      assertThat(t.problem().code).isEqualTo(e.code());
    }
  }

  @Test
  void aRefusedBodyIsAnInvalidSpecUnlessItWaitsForAnotherResource() {
    Trouble invalid =
        Trouble.of(
            new ControlPlaneException(
                400, "invalid-body", "Bad Request", "limits.conn: must be at least -1"));
    assertThat(invalid.isInvalidSpec()).isTrue();
    assertThat(invalid.message())
        .isEqualTo("control plane: 400 invalid-body: limits.conn: must be at least -1");
    assertThat(invalid.problem().status).isEqualTo(400);
    assertThat(
            Trouble.of(new ControlPlaneException(422, "limit-exceeded", null, null))
                .isInvalidSpec())
        .isTrue();
    for (String waiting : List.of("unknown-cluster", "unknown-exporter", "import-not-authorized")) {
      Trouble t = Trouble.of(new ControlPlaneException(422, waiting, null, null));
      assertThat(t.isInvalidSpec()).as(waiting).isFalse();
      assertThat(t.reason()).isEqualTo("ControlPlane" + Trouble.camel(waiting));
    }
  }

  @Test
  void otherFailuresKeepTheirOwnReason() {
    assertThat(Trouble.of(new TroubleException("TokenSecretNotFound", "no Secret")).reason())
        .isEqualTo("TokenSecretNotFound");
    assertThat(Trouble.of(new InvalidSpecException("spec.x")).isInvalidSpec()).isTrue();
    assertThat(Trouble.of(new KubernetesClientException("conflict")).reason())
        .isEqualTo("KubernetesApi");
    assertThat(Trouble.of(new IllegalStateException("bug")).reason()).isEqualTo("InternalError");
  }
}
