package io.tributary.operator.account;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;
import io.tributary.operator.crd.TributaryAccountStatus;
import io.tributary.operator.reconcile.InvalidSpecException;

/** What the reconciler refuses as InvalidSpec (not retried) before it asks the control plane. */
class AccountValidationTest {
  private final TributaryAccount account = Fixtures.account("orders", "messaging");

  @Test
  void aCompleteSpecPasses() {
    assertThatCode(() -> TributaryAccountReconciler.validate(account)).doesNotThrowAnyException();
  }

  @Test
  void theNameIsOneTheControlPlaneTakesAndStays() {
    TributaryAccount dotted = Fixtures.account("orders.eu", "messaging");
    assertThatThrownBy(() -> TributaryAccountReconciler.validate(dotted))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("'orders.eu'")
        .hasMessageContaining("set spec.accountName");
    dotted.getSpec().accountName = "orders-eu";
    assertThatCode(() -> TributaryAccountReconciler.validate(dotted)).doesNotThrowAnyException();

    dotted.setStatus(new TributaryAccountStatus());
    dotted.getStatus().accountName = "orders-eu";
    dotted.getSpec().accountName = "orders-us";
    assertThatThrownBy(() -> TributaryAccountReconciler.validate(dotted))
        .hasMessageStartingWith("spec.accountName: this resource's account is 'orders-eu'");
  }

  @Test
  void exportsAndImportsHaveNamesOfTheirOwn() {
    TributaryAccountSpec.Export e = new TributaryAccountSpec.Export();
    e.name = "orders";
    account.getSpec().exports = List.of(e, e);
    assertThatThrownBy(() -> TributaryAccountReconciler.validate(account))
        .hasMessage("spec.exports: every item needs a name of its own (orders)");
    account.getSpec().exports = List.of(e);
    TributaryAccountSpec.Import i = new TributaryAccountSpec.Import();
    i.name = "prices";
    account.getSpec().imports = List.of(i);
    assertThatThrownBy(() -> TributaryAccountReconciler.validate(account))
        .hasMessage("spec.imports.prices.account: the exporter");
  }

  @Test
  void theControlPlaneAndItsTokenAreRequired() {
    account.getSpec().controlPlane.url = "tributary-control:8080";
    assertThatThrownBy(() -> TributaryAccountReconciler.validate(account))
        .hasMessageStartingWith("spec.controlPlane.url: an http(s) URL");
    account.getSpec().controlPlane = null;
    assertThatThrownBy(() -> TributaryAccountReconciler.validate(account))
        .hasMessageStartingWith("spec.controlPlane needs url and tokenSecret.name");
  }
}
