package io.tributary.operator;

import static io.tributary.operator.ControlPlaneApi.names;
import static io.tributary.operator.ControlPlaneApi.texts;
import static io.tributary.operator.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.auth.creds.Creds;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.testing.Ports;
import io.tributary.operator.crd.AccountLimits;
import io.tributary.operator.crd.ControlPlaneRef;
import io.tributary.operator.crd.SecretKey;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;
import io.tributary.operator.crd.TributaryUser;
import io.tributary.operator.crd.TributaryUserSpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * TributaryAccount and TributaryUser for real: the operator against fabric8's mock API server in
 * CRUD mode and the packaged control plane as a process (one for the class). Accounts and users are
 * made, changed and deleted through the control plane's REST API; changes made there behind the
 * operator's back are drift; creds land in Secrets that auth/ reads; refusals and failures are
 * Degraded and retried, or not when only a new spec can help.
 */
@EnableKubernetesMockClient(crud = true)
class AccountsAndUsersIT {
  private static final String NS = "tenants";
  private static final String TOKEN = "cp-token";

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static OperatorHarness k8s;
  private static ControlPlaneApi api;
  private static FailingProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    k8s = OperatorHarness.start(client, NS);
    api = k8s.api();
    proxy = FailingProxy.to(api.url());
    k8s.secret(TOKEN, api.token());
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (k8s != null) {
      k8s.close();
    }
  }

  @Test
  void anAccountIsMadeChangedAndDeletedThroughTheControlPlane() throws Exception {
    // a cluster no node serves: the account's JWT stays pending there
    api.post(
        "/api/v1/clusters",
        Map.of("name", "it-1", "urls", List.of("nats://127.0.0.1:" + Ports.freeLoopbackPort())));
    TributaryAccount orders = account("orders");
    orders.getSpec().description = "Orders";
    orders.getSpec().clusters = List.of("it-1");
    orders.getSpec().limits = new AccountLimits();
    orders.getSpec().limits.conn = 100L;
    orders.getSpec().limits.diskStorage = 1L << 30;
    orders.getSpec().limits.streams = 10L;
    TributaryAccountSpec.Export export = new TributaryAccountSpec.Export();
    export.name = "orders";
    export.subject = "orders.>";
    export.type = "stream";
    orders.getSpec().exports = List.of(export);
    client.resource(orders).create();

    TributaryAccount ready =
        eventually(() -> k8s.withCondition(TributaryAccount.class, "orders", "Ready", "True"));
    assertThat(condition(ready, "Ready").getReason()).isEqualTo("InSync");
    JsonNode there = api.get("/api/v1/accounts/orders");
    assertThat(there.path("description").asText()).isEqualTo("Orders");
    assertThat(there.at("/limits/conn").asLong()).isEqualTo(100);
    assertThat(there.at("/limits/diskStorage").asLong()).isEqualTo(1L << 30);
    assertThat(there.at("/limits/streams").asLong()).isEqualTo(10);
    assertThat(there.at("/limits/subs").asLong()).isEqualTo(-1); // not managed: the default
    assertThat(texts(there.path("clusters"))).containsExactly("it-1");
    assertThat(texts(there.path("tags"))).containsExactly("tributary-operator:tenants/orders");
    assertThat(names(api.get("/api/v1/accounts/orders/exports"))).containsExactly("orders");
    assertThat(ready.getStatus().publicKey).isEqualTo(there.path("publicKey").asText());
    assertThat(ready.getStatus().accountName).isEqualTo("orders");
    assertThat(ready.getStatus().drift).isNull();
    assertThat(k8s.get(TributaryAccount.class, "orders").getMetadata().getFinalizers()).hasSize(1);
    // placed on a cluster whose node is not there: pushing
    assertThat(condition(ready, "Progressing"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "Pushing");
    assertThat(ready.getStatus().push.nodes)
        .singleElement()
        .satisfies(n -> assertThat(n.cluster).isEqualTo("it-1"));

    // a new limit in the spec is the control plane's; not drift
    k8s.edit(TributaryAccount.class, "orders", a -> a.getSpec().limits.conn = 200L);
    eventually(
        () -> api.get("/api/v1/accounts/orders").at("/limits/conn").asLong() == 200 ? true : null);
    assertThat(k8s.get(TributaryAccount.class, "orders").getStatus().drift).isNull();

    // changed behind the operator's back: reported and changed back (Enforce)
    api.patch(
        "/api/v1/accounts/orders",
        Map.of("description", "changed by hand", "limits", Map.of("conn", 5, "subs", 7)));
    TributaryAccount drifted =
        eventually(
            () -> {
              TributaryAccount a = k8s.get(TributaryAccount.class, "orders");
              return a.getStatus().drift != null ? a : null;
            });
    assertThat(drifted.getStatus().drift).containsExactly("description", "limits.conn");
    JsonNode back = api.get("/api/v1/accounts/orders");
    assertThat(back.path("description").asText()).isEqualTo("Orders");
    assertThat(back.at("/limits/conn").asLong()).isEqualTo(200);
    assertThat(back.at("/limits/subs").asLong()).isEqualTo(7); // not managed: left
    // an export made by hand goes, the spec's comes back
    api.delete("/api/v1/accounts/orders/exports/orders");
    api.post(
        "/api/v1/accounts/orders/exports",
        Map.of("name", "by-hand", "subject", "by-hand.>", "type", "stream"));
    eventually(
        () ->
            names(api.get("/api/v1/accounts/orders/exports")).equals(List.of("orders"))
                ? true
                : null);

    // deleting the resource deletes the account
    delete(TributaryAccount.class, "orders");
    assertThat(api.status("/api/v1/accounts/orders")).isEqualTo(404);
    api.delete("/api/v1/clusters/it-1");
  }

  @Test
  void withDriftPolicyReportChangesMadeThereAreOnlyReported() throws Exception {
    TributaryAccount billing = account("billing");
    billing.getSpec().description = "Billing";
    billing.getSpec().driftPolicy = TributaryAccountSpec.DriftPolicy.Report;
    client.resource(billing).create();
    eventually(() -> k8s.withCondition(TributaryAccount.class, "billing", "Ready", "True"));

    api.patch("/api/v1/accounts/billing", Map.of("description", "changed by hand"));
    TributaryAccount reported =
        eventually(() -> k8s.withCondition(TributaryAccount.class, "billing", "Degraded", "True"));
    assertThat(reported.getStatus().drift).containsExactly("description");
    assertThat(condition(reported, "Degraded").getReason()).isEqualTo("DriftReported");
    assertThat(condition(reported, "Ready"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "DriftReported");
    assertThat(api.get("/api/v1/accounts/billing").path("description").asText())
        .isEqualTo("changed by hand");

    // a new spec is written, and the drift is gone
    k8s.edit(TributaryAccount.class, "billing", a -> a.getSpec().description = "Billing v2");
    TributaryAccount synced =
        eventually(() -> k8s.withCondition(TributaryAccount.class, "billing", "Degraded", "False"));
    assertThat(synced.getStatus().drift).isNull();
    assertThat(api.get("/api/v1/accounts/billing").path("description").asText())
        .isEqualTo("Billing v2");

    delete(TributaryAccount.class, "billing");
    assertThat(api.status("/api/v1/accounts/billing")).isEqualTo(404);
  }

  @Test
  void aUsersCredsAreWrittenToItsSecretRenewedRotatedAndRevokedWithIt() throws Exception {
    // the user first: it waits for its account
    TributaryUser app = new TributaryUser();
    app.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace(NS).build());
    app.setSpec(new TributaryUserSpec());
    app.getSpec().account = "shop";
    app.getSpec().permissions = new TributaryUserSpec.Permissions();
    app.getSpec().permissions.pub = new TributaryUserSpec.Rules();
    app.getSpec().permissions.pub.allow = List.of("orders.>");
    app.getSpec().expiry = new TributaryUserSpec.Expiry();
    app.getSpec().expiry.defaultTtl = 3600L;
    client.resource(app).create();
    TributaryUser waiting =
        eventually(() -> k8s.withCondition(TributaryUser.class, "app", "Degraded", "True"));
    assertThat(condition(waiting, "Degraded").getReason()).isEqualTo("AccountNotFound");

    client.resource(account("shop")).create();
    TributaryUser ready =
        eventually(() -> k8s.withCondition(TributaryUser.class, "app", "Ready", "True"));
    assertThat(condition(ready, "Ready").getReason()).isEqualTo("CredsWritten");
    JsonNode account = api.get("/api/v1/accounts/shop");
    JsonNode user = api.get("/api/v1/accounts/shop/users/app");
    assertThat(texts(user.path("tags"))).containsExactly("tributary-operator:tenants/app");
    Creds creds = creds("app-creds");
    assertThat(creds.claims().accountId()).isEqualTo(account.path("publicKey").asText());
    assertThat(creds.userKey().publicKey()).isEqualTo(user.path("publicKey").asText());
    assertThat(creds.claims().nats.pub.allow).containsExactly("orders.>");
    assertThat(creds.claims().expires - creds.claims().issuedAt).isEqualTo(3600);
    assertThat(ready.getStatus().publicKey).isEqualTo(user.path("publicKey").asText());
    assertThat(ready.getStatus().secretName).isEqualTo("app-creds");
    assertThat(ready.getStatus().credsExpireAt).isNotNull();
    Secret secret = k8s.get(Secret.class, "app-creds");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(ready.getMetadata().getUid()));

    // new permissions: the user changes, and so do its creds
    k8s.edit(
        TributaryUser.class,
        "app",
        u -> u.getSpec().permissions.pub.allow = List.of("orders.>", "payments.>"));
    Creds widened =
        eventually(
            () -> {
              Creds c = creds("app-creds");
              return c.claims().nats.pub.allow.contains("payments.>") ? c : null;
            });
    assertThat(texts(api.get("/api/v1/accounts/shop/users/app").at("/permissions/pub/allow")))
        .containsExactly("orders.>", "payments.>");
    assertThat(widened.userKey().publicKey()).isEqualTo(creds.userKey().publicKey());

    // creds revoked in the control plane are replaced
    api.post("/api/v1/accounts/shop/users/app/revoke", Map.of());
    eventually(
        () -> creds("app-creds").claims().issuedAt > widened.claims().issuedAt ? true : null);

    // a rotation: a new key, the old one revoked, new creds
    String oldKey = creds.userKey().publicKey();
    k8s.edit(TributaryUser.class, "app", u -> u.getSpec().rotation = "1");
    Creds rotated =
        eventually(
            () -> {
              Creds c = creds("app-creds");
              return c.userKey().publicKey().equals(oldKey) ? null : c;
            });
    assertThat(api.get("/api/v1/accounts/shop/users/app").path("publicKey").asText())
        .isEqualTo(rotated.userKey().publicKey());
    assertThat(api.get("/api/v1/accounts/shop").path("revocations").has(oldKey)).isTrue();

    // deleting the resource deletes the user, which revokes its key
    delete(TributaryUser.class, "app");
    assertThat(api.status("/api/v1/accounts/shop/users/app")).isEqualTo(404);
    assertThat(
            api.get("/api/v1/accounts/shop").path("revocations").has(rotated.userKey().publicKey()))
        .isTrue();
    delete(TributaryAccount.class, "shop");
  }

  @Test
  void aNameTakenInTheControlPlaneIsLeftAloneUntilItIsFree() throws Exception {
    api.post("/api/v1/accounts", Map.of("name", "taken", "description", "made by hand"));
    client.resource(account("taken")).create();
    TributaryAccount degraded =
        eventually(() -> k8s.withCondition(TributaryAccount.class, "taken", "Degraded", "True"));
    assertThat(condition(degraded, "Degraded").getReason()).isEqualTo("ControlPlaneNameTaken");
    assertThat(condition(degraded, "Degraded").getMessage()).contains("set spec.accountName");
    assertThat(degraded.getStatus().lastError.status).isEqualTo(409);
    assertThat(api.get("/api/v1/accounts/taken").path("description").asText())
        .isEqualTo("made by hand");

    // retried with backoff: once the name is free, the account is made
    api.delete("/api/v1/accounts/taken");
    TributaryAccount made =
        eventually(() -> k8s.withCondition(TributaryAccount.class, "taken", "Ready", "True"));
    assertThat(texts(api.get("/api/v1/accounts/taken").path("tags")))
        .containsExactly("tributary-operator:tenants/taken");
    assertThat(made.getStatus().lastError).isNull();

    delete(TributaryAccount.class, "taken");
    assertThat(api.status("/api/v1/accounts/taken")).isEqualTo(404);

    // one that stays taken is not deleted with the resource
    api.post("/api/v1/accounts", Map.of("name", "kept", "description", "made by hand"));
    client.resource(account("kept")).create();
    eventually(() -> k8s.withCondition(TributaryAccount.class, "kept", "Degraded", "True"));
    delete(TributaryAccount.class, "kept");
    assertThat(api.get("/api/v1/accounts/kept").path("description").asText())
        .isEqualTo("made by hand");
  }

  @Test
  void aRefusedTokenIsDegradedUntilTheSecretIsRight() throws Exception {
    k8s.secret("wrong-token", "trb_not-a-token-the-control-plane-made");
    TributaryAccount locked = account("locked");
    locked.getSpec().controlPlane.tokenSecret.name = "wrong-token";
    client.resource(locked).create();
    TributaryAccount degraded =
        eventually(() -> k8s.withCondition(TributaryAccount.class, "locked", "Degraded", "True"));
    assertThat(condition(degraded, "Degraded").getReason())
        .isEqualTo("ControlPlaneUnauthenticated");
    assertThat(condition(degraded, "Ready").getReason()).isEqualTo("NotSynced");

    k8s.secret("wrong-token", api.token());
    eventually(() -> k8s.withCondition(TributaryAccount.class, "locked", "Ready", "True"));
    assertThat(api.status("/api/v1/accounts/locked")).isEqualTo(200);
    delete(TributaryAccount.class, "locked");
  }

  @Test
  void aFailingControlPlaneIsRetriedWithBackoff() throws Exception {
    proxy.failing(true);
    try {
      TributaryAccount flaky = account("flaky");
      flaky.getSpec().controlPlane.url = proxy.url();
      client.resource(flaky).create();
      TributaryAccount degraded =
          eventually(() -> k8s.withCondition(TributaryAccount.class, "flaky", "Degraded", "True"));
      assertThat(condition(degraded, "Degraded").getReason())
          .isEqualTo("ControlPlaneDatabaseUnavailable");
      assertThat(degraded.getStatus().lastError.status).isEqualTo(503);
      eventually(() -> attempts("/api/v1/accounts/flaky") >= 3 ? true : null);
    } finally {
      proxy.failing(false);
    }
    eventually(() -> k8s.withCondition(TributaryAccount.class, "flaky", "Ready", "True"));
    assertThat(api.status("/api/v1/accounts/flaky")).isEqualTo(200);
    delete(TributaryAccount.class, "flaky");
  }

  @Test
  void aSpecTheControlPlaneRefusesIsNotRetried() throws Exception {
    TributaryAccount bad = account("bad");
    bad.getSpec().controlPlane.url = proxy.url();
    bad.getSpec().limits = new AccountLimits();
    bad.getSpec().limits.conn = -5L; // the CRD's minimum is -1; the mock API server does not check
    client.resource(bad).create();
    TributaryAccount invalid =
        eventually(() -> k8s.withCondition(TributaryAccount.class, "bad", "Degraded", "True"));
    assertThat(condition(invalid, "Degraded").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(invalid, "Degraded").getMessage())
        .startsWith("control plane: 400 invalid-body");
    assertThat(condition(invalid, "Ready").getReason()).isEqualTo("InvalidSpec");
    int seen = proxy.requests().size();
    // Proving a retry does not come takes waiting past the longest retry and status interval.
    Thread.sleep(3_000);
    assertThat(proxy.requests().subList(seen, proxy.requests().size()))
        .noneMatch(r -> r.contains("/accounts"));

    k8s.edit(TributaryAccount.class, "bad", a -> a.getSpec().limits.conn = 10L);
    eventually(() -> k8s.withCondition(TributaryAccount.class, "bad", "Ready", "True"));
    assertThat(api.get("/api/v1/accounts/bad").at("/limits/conn").asLong()).isEqualTo(10);
    delete(TributaryAccount.class, "bad");
  }

  // --- Kubernetes side

  private static TributaryAccount account(String name) {
    TributaryAccount a = new TributaryAccount();
    a.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    a.setSpec(new TributaryAccountSpec());
    a.getSpec().controlPlane = new ControlPlaneRef();
    a.getSpec().controlPlane.url = api.url();
    a.getSpec().controlPlane.tokenSecret = new SecretKey();
    a.getSpec().controlPlane.tokenSecret.name = TOKEN;
    return a;
  }

  /** The creds file in a Secret, read by auth/ (signature and seed checked). */
  private static Creds creds(String secret) {
    String text =
        new String(
            Base64.getDecoder().decode(k8s.get(Secret.class, secret).getData().get("user.creds")),
            StandardCharsets.UTF_8);
    return CredsFile.parse(text);
  }

  // Deleted, and gone once the operator's finalizer is removed.
  private static <T extends HasMetadata> void delete(Class<T> type, String name) throws Exception {
    client.resource(k8s.get(type, name)).delete();
    eventually(() -> k8s.get(type, name) == null ? true : null);
  }

  // --- the control plane's side

  private static long attempts(String path) {
    return proxy.requests().stream().filter(r -> r.endsWith(path)).count();
  }

  private static <T> T eventually(Await.ThrowingSupplier<T> what) throws Exception {
    return Await.eventually(
        what,
        () ->
            "the accounts and users:\n"
                + Serialization.asYaml(
                    client.resources(TributaryAccount.class).inNamespace(NS).list().getItems())
                + Serialization.asYaml(
                    client.resources(TributaryUser.class).inNamespace(NS).list().getItems()));
  }
}
