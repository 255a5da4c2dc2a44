package io.tributary.operator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tributary.operator.controlplane.ControlPlaneClient.Account;
import io.tributary.operator.controlplane.ControlPlaneClient.Export;
import io.tributary.operator.controlplane.ControlPlaneClient.Import;
import io.tributary.operator.crd.AccountLimits;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;

/**
 * Drift: what differs between the spec and the account as the control plane shows it, and the
 * writes that follow. Only what the spec sets counts; the answer's spelling (complete limits, ints,
 * tiers with their zeros, clusters sorted) does not.
 */
class AccountPlanTest {
  private final TributaryAccount account = Fixtures.account("orders", "messaging");

  @Test
  void anAccountAsTheSpecSaysHasNoDifferences() {
    account.getSpec().description = "Orders";
    account.getSpec().clusters = List.of("eu-1");
    account.getSpec().limits = new AccountLimits();
    account.getSpec().limits.conn = -1L;
    account.getSpec().limits.wildcardExports = true;
    account.getSpec().exports = List.of();
    account.getSpec().imports = List.of();
    AccountPlan plan = plan(Fixtures.shown());
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.change()).isNull();
  }

  @Test
  void whatTheSpecDoesNotSetIsNotManaged() {
    AccountPlan plan =
        plan(
            Fixtures.shown(
                "/description", "\"changed in the console\"",
                "/limits/conn", "5",
                "/clusters", "[\"us-1\"]"));
    assertThat(plan.differences()).isEmpty();
  }

  @Test
  void aChangedDescriptionLimitOrPlacementIsChangedBack() {
    account.getSpec().description = "Orders";
    account.getSpec().clusters = List.of("eu-2", "eu-1");
    account.getSpec().limits = new AccountLimits();
    account.getSpec().limits.conn = 100L;
    account.getSpec().limits.diskStorage = 1000L;
    AccountPlan plan =
        plan(
            Fixtures.shown(
                "/description", "\"Orders!\"",
                "/limits/conn", "5",
                "/limits/diskStorage", "1000",
                "/limits/subs", "7",
                "/clusters", "[\"eu-1\"]"));
    assertThat(plan.differences()).containsExactly("clusters", "description", "limits.conn");
    assertThat(plan.change().toString())
        .isEqualTo(
            "{\"description\":\"Orders\",\"limits\":{\"conn\":100,\"diskStorage\":1000},"
                + "\"clusters\":[\"eu-2\",\"eu-1\"]}");
    // placement in another order is the same placement
    account.getSpec().description = null;
    account.getSpec().limits = null;
    assertThat(plan(Fixtures.shown("/clusters", "[\"eu-1\",\"eu-2\"]")).isEmpty()).isTrue();
  }

  @Test
  void tiersAreComparedWholeWithTheirZeros() {
    AccountLimits.JetStreamTier r1 = new AccountLimits.JetStreamTier();
    r1.streams = 10;
    account.getSpec().limits = new AccountLimits();
    account.getSpec().limits.jetStreamTiers = Map.of("R1", r1);
    String completeR1 =
        "{\"memoryStorage\":0,\"diskStorage\":0,\"streams\":10,\"consumers\":0,"
            + "\"maxAckPending\":0,\"memoryMaxStreamBytes\":0,\"diskMaxStreamBytes\":0,"
            + "\"maxBytesRequired\":false}";
    assertThat(
            plan(Fixtures.shown("/limits/jetStreamTiers", "{\"R1\":" + completeR1 + "}")).isEmpty())
        .isTrue();
    AccountPlan extra =
        plan(
            Fixtures.shown(
                "/limits/jetStreamTiers", "{\"R1\":" + completeR1 + ",\"R3\":" + completeR1 + "}"));
    assertThat(extra.differences()).containsExactly("limits.jetStreamTiers.R3");
    assertThat(extra.change().path("limits").path("jetStreamTiers").has("R3")).isFalse();
    assertThat(plan(Fixtures.shown()).differences()).containsExactly("limits.jetStreamTiers");
  }

  @Test
  void exportsAreMadeDeletedOrMadeAgainByName() {
    account.getSpec().exports = List.of(export("orders", "orders.>"), export("audit", "audit.>"));
    List<Export> there =
        List.of(
            new Export("orders", "orders.*", "stream", false, null, null),
            new Export("by-hand", "x.>", "stream", false, null, null));
    AccountPlan plan = AccountPlan.of(account, Fixtures.shown(), there, List.of(), Map.of());
    assertThat(plan.differences())
        .containsExactly("exports.audit", "exports.by-hand", "exports.orders.subject");
    assertThat(plan.deleteExports()).containsExactly("orders", "by-hand");
    assertThat(plan.createExports())
        .extracting(b -> b.path("name").asText())
        .containsExactly("orders", "audit");
    assertThat(plan.change()).isNull();

    List<Export> same =
        List.of(
            new Export("orders", "orders.>", "stream", false, null, null),
            new Export("audit", "audit.>", "stream", false, null, null));
    assertThat(AccountPlan.of(account, Fixtures.shown(), same, List.of(), Map.of()).isEmpty())
        .isTrue();
  }

  @Test
  void importsCompareTheExportersKeyAndWhetherATokenWasGiven() {
    TributaryAccountSpec.Import imp = new TributaryAccountSpec.Import();
    imp.name = "prices";
    imp.type = "stream";
    imp.account = "pricing";
    imp.subject = "prices.>";
    account.getSpec().imports = List.of(imp);
    Map<String, String> keys = Map.of("pricing", Fixtures.EXPORTER_KEY);
    Import shown = new Import("prices", "stream", Fixtures.EXPORTER_KEY, "prices.>", null, false);
    assertThat(AccountPlan.of(account, Fixtures.shown(), List.of(), List.of(shown), keys).isEmpty())
        .isTrue();

    imp.token = "eyJ.activation.jwt";
    AccountPlan withToken =
        AccountPlan.of(account, Fixtures.shown(), List.of(), List.of(shown), keys);
    assertThat(withToken.differences()).containsExactly("imports.prices.activation");
    assertThat(withToken.deleteImports()).containsExactly("prices");
    assertThat(withToken.createImports().getFirst().path("token").asText())
        .isEqualTo("eyJ.activation.jwt");

    imp.token = null;
    Import elsewhere = new Import("prices", "stream", Fixtures.KEY, "prices.>", null, false);
    assertThat(
            AccountPlan.of(account, Fixtures.shown(), List.of(), List.of(elsewhere), keys)
                .differences())
        .containsExactly("imports.prices.account");
  }

  private AccountPlan plan(Account shown) {
    return AccountPlan.of(account, shown, List.of(), List.of(), Map.of());
  }

  private static TributaryAccountSpec.Export export(String name, String subject) {
    TributaryAccountSpec.Export e = new TributaryAccountSpec.Export();
    e.name = name;
    e.subject = subject;
    e.type = "stream";
    return e;
  }
}
