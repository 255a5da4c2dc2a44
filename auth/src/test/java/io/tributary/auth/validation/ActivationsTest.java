package io.tributary.auth.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.Import;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.testing.TestAccount;
import io.tributary.auth.testing.TestOperator;

class ActivationsTest {
  private final long now = Instant.now().getEpochSecond();
  private final TestOperator op = new TestOperator();
  private final TestAccount exporter = op.account("exporter");
  private final TestAccount importer = op.account("importer");

  @Test
  void publicExportsNeedNoToken() {
    exporter.claims.nats.exports.add(new Export("prices", "prices.>", ExportType.STREAM));
    Import imp = new Import("p", "prices.eur", exporter.id(), ExportType.STREAM);
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).isAccepted())
        .isTrue();
    Import wrongType = new Import("p", "prices.eur", exporter.id(), ExportType.SERVICE);
    assertThat(Activations.authorize(wrongType, importer.id(), exporter.claims, now).reason())
        .isEqualTo(Rejection.NOT_AUTHORIZED_IMPORT);
    Import outside = new Import("p", "other", exporter.id(), ExportType.STREAM);
    assertThat(Activations.authorize(outside, importer.id(), exporter.claims, now).isAccepted())
        .isFalse();
  }

  @Test
  void tokenRequiredExportsCheckTheActivation() {
    Export exp = new Export("api", "api.>", ExportType.SERVICE);
    exp.tokenRequired = true;
    exporter.claims.nats.exports.add(exp);
    Import imp = new Import("api", "api.orders", exporter.id(), ExportType.SERVICE);
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).reason())
        .isEqualTo(Rejection.NOT_AUTHORIZED_IMPORT);

    ActivationClaims act = ActivationClaims.create(importer.id(), "api.>", ExportType.SERVICE);
    imp.token = JwtCodec.encode(act, exporter.key, now - 10);
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).isAccepted())
        .isTrue();

    // Someone else's token, a token for another account, an expired one, a revoked one.
    imp.token =
        JwtCodec.encode(
            ActivationClaims.create(importer.id(), "api.>", ExportType.SERVICE),
            NKey.generate(NKeyType.ACCOUNT));
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).reason())
        .isEqualTo(Rejection.NOT_AUTHORIZED_IMPORT);
    imp.token =
        JwtCodec.encode(
            ActivationClaims.create(exporter.id(), "api.>", ExportType.SERVICE), exporter.key);
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).reason())
        .isEqualTo(Rejection.NOT_AUTHORIZED_IMPORT);
    ActivationClaims expired = ActivationClaims.create(importer.id(), "api.>", ExportType.SERVICE);
    expired.expires = now - 1;
    imp.token = JwtCodec.encode(expired, exporter.key);
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).reason())
        .isEqualTo(Rejection.EXPIRED);
    imp.token =
        JwtCodec.encode(
            ActivationClaims.create(importer.id(), "api.>", ExportType.SERVICE),
            exporter.key,
            now - 10);
    exp.revocations.revoke(importer.id(), now - 10);
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).reason())
        .isEqualTo(Rejection.REVOKED);
  }

  @Test
  void activationsBySigningKeysNeedIssuerAccount() {
    NKey signer = NKey.generate(NKeyType.ACCOUNT);
    exporter.claims.nats.signingKeys.add(signer.publicKey());
    Export exp = new Export("s", "s.>", ExportType.STREAM);
    exp.tokenRequired = true;
    exporter.claims.nats.exports.add(exp);
    ActivationClaims act = ActivationClaims.create(importer.id(), "s.>", ExportType.STREAM);
    act.nats.issuerAccount = exporter.id();
    Import imp = new Import("s", "s.x", exporter.id(), ExportType.STREAM);
    imp.token = JwtCodec.encode(act, signer);
    assertThat(Activations.authorize(imp, importer.id(), exporter.claims, now).isAccepted())
        .isTrue();
  }

  @Test
  void accountTokenPositionMustHoldTheImporter() {
    Export exp = new Export("per-tenant", "events.*.>", ExportType.STREAM);
    exp.accountTokenPosition = 2;
    exporter.claims.nats.exports.add(exp);
    Import mine =
        new Import("e", "events." + importer.id() + ".>", exporter.id(), ExportType.STREAM);
    assertThat(Activations.authorize(mine, importer.id(), exporter.claims, now).isAccepted())
        .isTrue();
    Import theirs =
        new Import("e", "events." + exporter.id() + ".>", exporter.id(), ExportType.STREAM);
    assertThat(Activations.authorize(theirs, importer.id(), exporter.claims, now).reason())
        .isEqualTo(Rejection.NOT_AUTHORIZED_IMPORT);
  }
}
