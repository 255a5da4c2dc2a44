package io.tributary.operator.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.operator.controlplane.ControlPlaneClient.User;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.user.CredsSecret.Creds;
import io.tributary.operator.user.CredsSecret.Current;

/** The creds Secret, the creds read back (files made by auth/), and when new ones are written. */
class CredsSecretTest {
  private static final Instant ISSUED = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant EXPIRES = ISSUED.plusSeconds(3000);

  private final TributaryUser resource = Fixtures.user("app", "messaging");
  private final NKey key = NKey.generate(NKeyType.USER);
  private final String creds = Fixtures.creds(key, ISSUED, EXPIRES);
  private final User user = Fixtures.shown(key.publicKey(), 4, "{}");

  @Test
  void theSecretHoldsTheCredsOwnedByTheResource() {
    resource.getSpec().rotation = "2";
    Secret s = CredsSecret.secret(resource, "orders", user, creds);
    assertThat(s.getMetadata().getName()).isEqualTo("app-creds");
    assertThat(s.getMetadata().getNamespace()).isEqualTo("messaging");
    assertThat(s.getType()).isEqualTo("Opaque");
    String stored =
        new String(
            Base64.getDecoder().decode(s.getData().get("user.creds")), StandardCharsets.UTF_8);
    assertThat(stored).isEqualTo(creds);
    assertThat(s.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getUid()).isEqualTo(Fixtures.UID);
              assertThat(r.getKind()).isEqualTo("TributaryUser");
              assertThat(r.getController()).isTrue();
            });
    assertThat(s.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "tributary-operator")
        .containsEntry("app.kubernetes.io/instance", "app")
        .containsEntry("app.kubernetes.io/component", "user-creds");
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry("tributary.io/account", "orders")
        .containsEntry("tributary.io/user", "app")
        .containsEntry("tributary.io/user-version", "4")
        .containsEntry("tributary.io/rotation", "2");

    resource.getSpec().rotation = null;
    assertThat(CredsSecret.secret(resource, "orders", user, creds).getMetadata().getAnnotations())
        .containsEntry("tributary.io/rotation", "");
    resource.getSpec().secretName = "app-nats";
    assertThat(CredsSecret.secret(resource, "orders", user, creds).getMetadata().getName())
        .isEqualTo("app-nats");
  }

  @Test
  void credsAreReadAsAuthWroteThem() {
    Creds c = CredsSecret.parse(creds);
    assertThat(c.publicKey()).isEqualTo(key.publicKey());
    assertThat(c.issuer()).isEqualTo(Fixtures.SIGNING_KEY.publicKey());
    assertThat(c.issuerAccount()).isEqualTo(Fixtures.ACCOUNT.publicKey());
    assertThat(c.issuedAt()).isEqualTo(ISSUED);
    assertThat(c.expiresAt()).isEqualTo(EXPIRES);
    assertThat(CredsSecret.parse(Fixtures.creds(key, ISSUED, null)).expiresAt()).isNull();
    // and auth/ reads what the Secret holds
    Current current =
        CredsSecret.read(CredsSecret.secret(resource, "orders", user, creds)).orElseThrow();
    assertThat(current.userVersion()).isEqualTo(4);
    assertThat(current.rotation()).isNull();
    assertThat(CredsFile.parse(creds).userKey().publicKey()).isEqualTo(current.creds().publicKey());

    assertThatThrownBy(() -> CredsSecret.parse(CredsFile.decorateJwt("a.b.c", "user")))
        .isInstanceOf(IllegalArgumentException.class); // no seed
    assertThat(CredsSecret.read(null)).isEmpty();
  }

  @Test
  void newCredsWhenMissingRotatedChangedRevokedOrTwoThirdsIntoTheirLife() {
    Current current = new Current(CredsSecret.parse(creds), 4, null);
    Instant now = ISSUED.plusSeconds(60);
    assertThat(CredsSecret.renewal(current, user, null, now)).isNull();
    assertThat(CredsSecret.renewal(null, user, null, now)).isEqualTo("the Secret has no creds");
    User rotated = Fixtures.shown(NKey.generate(NKeyType.USER).publicKey(), 5, "{}");
    assertThat(CredsSecret.renewal(current, rotated, null, now)).startsWith("the user's key is U");
    assertThat(CredsSecret.renewal(current, Fixtures.shown(key.publicKey(), 5, "{}"), null, now))
        .isEqualTo("the user changed (version 5)");
    assertThat(CredsSecret.renewal(current, user, ISSUED.getEpochSecond(), now))
        .isEqualTo("its creds were revoked");
    assertThat(CredsSecret.renewal(current, user, ISSUED.getEpochSecond() - 1, now)).isNull();

    assertThat(CredsSecret.renewAt(current.creds())).isEqualTo(ISSUED.plusSeconds(2000));
    assertThat(CredsSecret.renewal(current, user, null, ISSUED.plusSeconds(1999))).isNull();
    assertThat(CredsSecret.renewal(current, user, null, ISSUED.plusSeconds(2000)))
        .isEqualTo("its creds expire at " + EXPIRES);
  }

  @Test
  void aRotationIsAskedByANewValueOnce() {
    Current current = new Current(CredsSecret.parse(creds), 4, "1");
    assertThat(CredsSecret.rotationAsked(resource, current, user)).isFalse();
    resource.getSpec().rotation = "1";
    assertThat(CredsSecret.rotationAsked(resource, current, user)).isFalse();
    resource.getSpec().rotation = "2";
    assertThat(CredsSecret.rotationAsked(resource, current, user)).isTrue();
    // no creds yet, or a key that changed anyway: new creds are written without a rotation
    assertThat(CredsSecret.rotationAsked(resource, null, user)).isFalse();
    User elsewhere = Fixtures.shown(NKey.generate(NKeyType.USER).publicKey(), 5, "{}");
    assertThat(CredsSecret.rotationAsked(resource, current, elsewhere)).isFalse();
  }
}
