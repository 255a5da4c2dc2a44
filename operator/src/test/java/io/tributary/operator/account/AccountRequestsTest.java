package io.tributary.operator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tributary.operator.crd.AccountLimits;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;

import com.fasterxml.jackson.databind.JsonNode;

/** The control plane's request bodies, as its OpenAPI document names the fields. */
class AccountRequestsTest {
  private final TributaryAccount account = Fixtures.account("orders", "messaging");

  @Test
  void aNewAccountHasOnlyWhatTheSpecSetsAndTheOwnersTag() {
    JsonNode body = AccountRequests.newAccount(account);
    assertThat(body.toString())
        .isEqualTo("{\"name\":\"orders\",\"tags\":[\"tributary-operator:messaging/orders\"]}");

    account.getSpec().accountName = "orders-eu";
    account.getSpec().description = "Orders";
    account.getSpec().clusters = List.of("eu-1", "eu-2");
    account.getSpec().limits = new AccountLimits();
    account.getSpec().limits.conn = 100L;
    account.getSpec().limits.diskStorage = 1L << 30;
    account.getSpec().limits.maxBytesRequired = true;
    body = AccountRequests.newAccount(account);
    assertThat(body.path("name").asText()).isEqualTo("orders-eu");
    assertThat(body.path("description").asText()).isEqualTo("Orders");
    assertThat(body.path("clusters").toString()).isEqualTo("[\"eu-1\",\"eu-2\"]");
    assertThat(body.path("limits").toString())
        .isEqualTo("{\"conn\":100,\"diskStorage\":1073741824,\"maxBytesRequired\":true}");
    assertThat(body.path("tags").toString()).isEqualTo("[\"tributary-operator:messaging/orders\"]");
  }

  @Test
  void tiersAreSentWholeWithTheirZeros() {
    AccountLimits.JetStreamTier r3 = new AccountLimits.JetStreamTier();
    r3.diskStorage = 1000;
    r3.streams = 5;
    account.getSpec().limits = new AccountLimits();
    account.getSpec().limits.jetStreamTiers = Map.of("R3", r3);
    assertThat(AccountRequests.newAccount(account).at("/limits/jetStreamTiers/R3").toString())
        .isEqualTo(
            "{\"memoryStorage\":0,\"diskStorage\":1000,\"streams\":5,\"consumers\":0,"
                + "\"maxAckPending\":0,\"memoryMaxStreamBytes\":0,\"diskMaxStreamBytes\":0,"
                + "\"maxBytesRequired\":false}");
  }

  @Test
  void exportsAndImports() {
    TributaryAccountSpec.Export stream = new TributaryAccountSpec.Export();
    stream.name = "orders";
    stream.subject = "orders.>";
    stream.type = "stream";
    stream.responseType = "Stream"; // a stream export has none: the control plane drops it
    assertThat(AccountRequests.newExport(stream).toString())
        .isEqualTo(
            "{\"name\":\"orders\",\"subject\":\"orders.>\",\"type\":\"stream\","
                + "\"tokenRequired\":false}");
    TributaryAccountSpec.Export service = new TributaryAccountSpec.Export();
    service.name = "quote";
    service.subject = "quote";
    service.type = "service";
    service.tokenRequired = true;
    service.responseType = "Chunked";
    service.description = "Prices";
    assertThat(AccountRequests.newExport(service).toString())
        .isEqualTo(
            "{\"name\":\"quote\",\"subject\":\"quote\",\"type\":\"service\","
                + "\"tokenRequired\":true,\"responseType\":\"Chunked\",\"description\":\"Prices\"}");

    TributaryAccountSpec.Import imp = new TributaryAccountSpec.Import();
    imp.name = "prices";
    imp.type = "service";
    imp.account = "pricing";
    imp.subject = "quote";
    imp.localSubject = "pricing.quote";
    imp.token = "eyJ.activation.jwt";
    assertThat(AccountRequests.newImport(imp, Fixtures.EXPORTER_KEY).toString())
        .isEqualTo(
            "{\"name\":\"prices\",\"type\":\"service\",\"account\":\""
                + Fixtures.EXPORTER_KEY
                + "\",\"subject\":\"quote\",\"localSubject\":\"pricing.quote\","
                + "\"token\":\"eyJ.activation.jwt\"}");
  }
}
