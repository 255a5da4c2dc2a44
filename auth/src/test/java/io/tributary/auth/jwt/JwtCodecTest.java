package io.tributary.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tributary.auth.claims.AccountClaims;
import io.tributary.auth.claims.ActivationClaims;
import io.tributary.auth.claims.Claims;
import io.tributary.auth.claims.Export;
import io.tributary.auth.claims.ExportType;
import io.tributary.auth.claims.GenericClaims;
import io.tributary.auth.claims.Import;
import io.tributary.auth.claims.OperatorClaims;
import io.tributary.auth.claims.ResponsePermission;
import io.tributary.auth.claims.ServiceLatency;
import io.tributary.auth.claims.TimeRange;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.claims.UserPermissionLimits;
import io.tributary.auth.claims.UserScope;
import io.tributary.auth.claims.WeightedMapping;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JwtCodecTest {
  private final NKey operator = NKey.generate(NKeyType.OPERATOR);
  private final NKey operatorSigner = NKey.generate(NKeyType.OPERATOR);
  private final NKey account = NKey.generate(NKeyType.ACCOUNT);
  private final NKey accountSigner = NKey.generate(NKeyType.ACCOUNT);
  private final NKey other = NKey.generate(NKeyType.ACCOUNT);
  private final NKey user = NKey.generate(NKeyType.USER);

  @Test
  void richAccountRoundTripsWithGoLayout() throws Exception {
    AccountClaims a = richAccount();
    String token = JwtCodec.encode(a, operatorSigner, 1700000100);
    String json = payload(token);
    // Go's struct order, omitempty and sorted maps, checked on the raw bytes.
    assertThat(json)
        .startsWith("{\"jti\":\"")
        .contains(
            "\"nats\":{\"imports\":[{\"name\":\"prices\",\"subject\":\"prices.\\u003e\",\"account\":\""
                + other.publicKey()
                + "\",\"type\":\"stream\"}],\"exports\":[{\"name\":\"api\",\"subject\":\"api.\\u003e\",\"type\":\"service\",\"token_req\":true,")
        .contains("\"response_type\":\"Singleton\",\"response_threshold\":5000000000")
        .contains("\"service_latency\":{\"sampling\":\"headers\",\"results\":\"lat.api\"}")
        .contains(
            "\"limits\":{\"subs\":1000,\"data\":-1,\"payload\":1048576,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":100,\"leaf\":-1,\"mem_storage\":1073741824,\"disk_storage\":10737418240,\"streams\":10,\"consumer\":100}")
        .contains("\"revocations\":{\"*\":1699990000,\"" + user.publicKey() + "\":1700000050}")
        .contains("\"default_permissions\":{\"pub\":{},\"sub\":{}}")
        .contains("\"mappings\":{\"orders.*\":[{\"subject\":\"orders.v2.$1\",\"weight\":100}]}")
        .endsWith(
            "\"authorization\":{},\"tags\":[\"env:prod\"],\"type\":\"account\",\"version\":2}}");
    assertThat(json)
        .contains(
            "{\"kind\":\"user_scope\",\"key\":\""
                + accountSigner.publicKey()
                + "\",\"role\":\"app\",");

    AccountClaims back = JwtCodec.decode(token, AccountClaims.class);
    assertThat(back.nats.signingKeys.scope(accountSigner.publicKey()).template.pub.allow)
        .containsExactly("app.{{name()}}.>");
    assertThat(back.nats.exports.get(0).latency.sampling).isEqualTo(ServiceLatency.SAMPLE_HEADERS);
    assertThat(back.nats.limits.conn).isEqualTo(100);
    assertThat(back.nats.revocations.isRevoked(user.publicKey(), 1700000050)).isTrue();
    // Re-encoding what was decoded gives the same claims JSON.
    assertThat(payload(JwtCodec.encode(back, operatorSigner, 1700000100))).isEqualTo(json);
  }

  @Test
  void fullUserRoundTrips() {
    UserClaims u = UserClaims.create(user.publicKey(), "svc-a");
    u.expires = 4102444800L;
    u.nats.pub.allow("orders.>").deny("orders.secret");
    u.nats.sub.allow("_INBOX.>", "work.* q1");
    u.nats.resp = new ResponsePermission(1, 60_000_000_000L);
    u.nats.src.addAll(List.of("10.0.0.0/8", "192.168.1.10/32"));
    u.nats.times.add(new TimeRange("08:00:00", "18:00:00"));
    u.nats.timesLocation = "Europe/Berlin";
    u.nats.subs = 100;
    u.nats.payload = 65536;
    u.nats.bearerToken = true;
    u.nats.allowedConnectionTypes.addAll(List.of("STANDARD", "WEBSOCKET"));
    u.nats.issuerAccount = account.publicKey();
    u.nats.tags.add("team:a");
    String token = JwtCodec.encode(u, accountSigner, 1700000000);
    assertThat(payload(token))
        .contains(
            "\"nats\":{\"pub\":{\"allow\":[\"orders.\\u003e\"],\"deny\":[\"orders.secret\"]},\"sub\":{\"allow\":[\"_INBOX.\\u003e\",\"work.* q1\"]},"
                + "\"resp\":{\"max\":1,\"ttl\":60000000000},\"src\":[\"10.0.0.0/8\",\"192.168.1.10/32\"],"
                + "\"times\":[{\"start\":\"08:00:00\",\"end\":\"18:00:00\"}],\"times_location\":\"Europe/Berlin\","
                + "\"subs\":100,\"data\":-1,\"payload\":65536,\"bearer_token\":true,\"allowed_connection_types\":[\"STANDARD\",\"WEBSOCKET\"],"
                + "\"issuer_account\":\""
                + account.publicKey()
                + "\",\"tags\":[\"team:a\"],\"type\":\"user\",\"version\":2}}");
    UserClaims back = JwtCodec.decode(token, UserClaims.class);
    assertThat(back.accountId()).isEqualTo(account.publicKey());
    assertThat(back.nats.sub.allow).containsExactly("_INBOX.>", "work.* q1");
    assertThat(back.nats.resp.expiresNanos).isEqualTo(60_000_000_000L);
    assertThat(back.expires).isEqualTo(4102444800L);
  }

  @Test
  void scopedUserIsWrittenExactlyAsGoSetScoped() {
    UserClaims u = UserClaims.createScoped(user.publicKey(), "bob", account.publicKey());
    assertThat(payload(JwtCodec.encode(u, accountSigner)))
        .endsWith(
            "\"nats\":{\"pub\":{},\"sub\":{},\"issuer_account\":\""
                + account.publicKey()
                + "\",\"type\":\"user\",\"version\":2}}");
  }

  @Test
  void operatorActivationAndGenericRoundTrip() {
    OperatorClaims o = OperatorClaims.create(operator.publicKey(), "OP");
    o.nats.signingKeys.add(operatorSigner.publicKey());
    o.nats.systemAccount = account.publicKey();
    o.nats.strictSigningKeyUsage = true;
    o.nats.operatorServiceUrls.add("nats://127.0.0.1:4222");
    String ot = JwtCodec.encode(o, operator, 1700000000);
    assertThat(payload(ot))
        .contains(
            "\"nats\":{\"signing_keys\":[\""
                + operatorSigner.publicKey()
                + "\"],\"operator_service_urls\":[\"nats://127.0.0.1:4222\"],\"system_account\":\""
                + account.publicKey()
                + "\",\"strict_signing_key_usage\":true,\"type\":\"operator\",\"version\":2}");
    assertThat(JwtCodec.decode(ot, OperatorClaims.class).nats.strictSigningKeyUsage).isTrue();

    ActivationClaims act = ActivationClaims.create(other.publicKey(), "svc.>", ExportType.SERVICE);
    String at = JwtCodec.encode(act, account);
    assertThat(payload(at))
        .contains(
            "\"nats\":{\"subject\":\"svc.\\u003e\",\"kind\":\"service\",\"type\":\"activation\",\"version\":2}");
    assertThat(JwtCodec.decode(at, ActivationClaims.class).exporterId())
        .isEqualTo(account.publicKey());

    GenericClaims del = new GenericClaims(operator.publicKey());
    del.nats.put("accounts", List.of(account.publicKey()));
    String dt = JwtCodec.encode(del, operator);
    assertThat(payload(dt))
        .contains("\"nats\":{\"accounts\":[\"" + account.publicKey() + "\"],\"version\":2}");
    Claims decoded = JwtCodec.decode(dt);
    assertThat(decoded).isInstanceOf(GenericClaims.class);
  }

  @Test
  void unknownFieldsSurviveDecodeAndReSign() throws Exception {
    String token = JwtCodec.encode(UserClaims.create(user.publicKey(), "u"), account);
    ObjectNode tree = (ObjectNode) GoJson.mapper().readTree(payload(token));
    tree.put("future_top", "x");
    ((ObjectNode) tree.get("nats")).putObject("future_nested").put("k", 1);
    ((ObjectNode) tree.get("nats").get("pub")).put("future_perm", true);
    String forged = sign(tree, account);
    UserClaims decoded = JwtCodec.decode(forged, UserClaims.class);
    assertThat(decoded.unknownFields()).containsKey("future_top");
    JsonNode again = GoJson.mapper().readTree(payload(JwtCodec.encode(decoded, account)));
    assertThat(again.get("future_top").asText()).isEqualTo("x");
    assertThat(again.get("nats").get("future_nested").get("k").asInt()).isEqualTo(1);
    assertThat(again.get("nats").get("pub").get("future_perm").asBoolean()).isTrue();
  }

  @Test
  void absentLimitsDecodeAsZeroNotUnlimited() throws Exception {
    ObjectNode tree =
        (ObjectNode)
            GoJson.mapper()
                .readTree(
                    payload(
                        JwtCodec.encode(AccountClaims.create(account.publicKey(), "a"), operator)));
    ((ObjectNode) tree.get("nats")).remove("limits");
    AccountClaims a = JwtCodec.decode(sign(tree, operator), AccountClaims.class);
    assertThat(a.nats.limits.conn).isZero();
    assertThat(a.nats.limits.subs).isZero();
    assertThat(a.nats.limits.isJetStreamEnabled()).isFalse();
  }

  @Test
  void refusesWrongKindsAndSigners() throws Exception {
    String userToken = JwtCodec.encode(UserClaims.create(user.publicKey(), "u"), account);
    assertReason(
        () -> JwtCodec.decode(userToken, AccountClaims.class),
        JwtException.Reason.WRONG_CLAIM_TYPE);
    assertReason(
        () -> JwtCodec.encode(UserClaims.create(user.publicKey(), "u"), operator),
        JwtException.Reason.INVALID_FOR_ENCODING);
    assertReason(
        () -> JwtCodec.encode(UserClaims.create(account.publicKey(), "u"), account),
        JwtException.Reason.INVALID_FOR_ENCODING);
    assertReason(
        () ->
            JwtCodec.encode(
                UserClaims.create(user.publicKey(), "u"), NKey.fromPublicKey(account.publicKey())),
        JwtException.Reason.INVALID_FOR_ENCODING);
    // A user JWT signed by an operator key, forged past our encoder: the decoder refuses the issuer
    // type.
    ObjectNode tree = (ObjectNode) GoJson.mapper().readTree(payload(userToken));
    assertReason(
        () -> JwtCodec.decode(sign(tree, operator), UserClaims.class),
        JwtException.Reason.WRONG_ISSUER_TYPE);
  }

  @Test
  void refusesTamperingAndBadStructure() throws Exception {
    String token = JwtCodec.encode(UserClaims.create(user.publicKey(), "u"), account);
    String[] p = token.split("\\.");
    ObjectNode tree = (ObjectNode) GoJson.mapper().readTree(payload(token));
    tree.put("name", "mallory");
    String tampered = p[0] + "." + b64(tree.toString()) + "." + p[2];
    assertReason(() -> JwtCodec.decode(tampered), JwtException.Reason.BAD_SIGNATURE);
    assertReason(() -> JwtCodec.decode(p[0] + "." + p[1]), JwtException.Reason.MALFORMED);
    assertReason(() -> JwtCodec.decode(token + "=="), JwtException.Reason.MALFORMED);
    assertReason(
        () -> JwtCodec.decode(b64("{\"typ\":\"JWT\",\"alg\":\"HS256\"}") + "." + p[1] + "." + p[2]),
        JwtException.Reason.BAD_HEADER);
    assertReason(
        () ->
            JwtCodec.decode(
                b64("{\"typ\":\"JOSE\",\"alg\":\"ed25519-nkey\"}") + "." + p[1] + "." + p[2]),
        JwtException.Reason.BAD_HEADER);
    assertReason(
        () -> JwtCodec.decode(p[0] + "." + b64("[1,2]") + "." + p[2]),
        JwtException.Reason.MALFORMED);
    assertReason(
        () -> JwtCodec.decode("a".repeat(JwtCodec.MAX_TOKEN_SIZE + 1)),
        JwtException.Reason.TOO_LARGE);

    ObjectNode newer = tree.deepCopy();
    ((ObjectNode) newer.get("nats")).put("version", 3);
    assertReason(
        () -> JwtCodec.decode(sign(newer, account)), JwtException.Reason.UNSUPPORTED_VERSION);
    ObjectNode cluster = tree.deepCopy();
    ((ObjectNode) cluster.get("nats")).put("type", "cluster");
    assertReason(
        () -> JwtCodec.decode(sign(cluster, account)), JwtException.Reason.UNSUPPORTED_TYPE);
    ObjectNode badTypes = tree.deepCopy();
    ((ObjectNode) badTypes.get("nats")).put("subs", "many");
    assertReason(() -> JwtCodec.decode(sign(badTypes, account)), JwtException.Reason.BAD_CLAIMS);
    ObjectNode badIssuer = tree.deepCopy();
    badIssuer.put("iss", "not-a-key");
    assertReason(
        () -> JwtCodec.decode(signRaw(badIssuer, account)), JwtException.Reason.BAD_ISSUER);
  }

  @Test
  void nullsInsideArraysAreSkipped() throws Exception {
    // Regression (found by DecoderFuzzTest): [null] elements reached the validator as null entries.
    ObjectNode tree =
        (ObjectNode)
            GoJson.mapper()
                .readTree(
                    payload(JwtCodec.encode(UserClaims.create(user.publicKey(), "u"), account)));
    ObjectNode nats = (ObjectNode) tree.get("nats");
    nats.putArray("times").addNull();
    nats.putArray("src").addNull();
    ((ObjectNode) nats.get("pub")).putArray("allow").addNull().add("a");
    UserClaims u = JwtCodec.decode(sign(tree, account), UserClaims.class);
    assertThat(u.nats.times).isEmpty();
    assertThat(u.nats.pub.allow).containsExactly("a");
  }

  @Test
  void readsV1Tokens() throws Exception {
    // v1: header alg "ed25519", type at the top level, signature over the payload segment only.
    String payload =
        "{\"jti\":\"X\",\"iat\":1500000000,\"iss\":\""
            + account.publicKey()
            + "\",\"sub\":\""
            + user.publicKey()
            + "\",\"type\":\"user\",\"nats\":{\"pub\":{\"allow\":[\"a\"]},\"sub\":{}}}";
    String seg1 = b64(payload);
    String token =
        "eyJ0eXAiOiJqd3QiLCJhbGciOiJlZDI1NTE5In0."
            + seg1
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(account.sign(seg1.getBytes(StandardCharsets.US_ASCII)));
    UserClaims u = JwtCodec.decode(token, UserClaims.class);
    assertThat(u.nats.pub.allow).containsExactly("a");
    assertThat(u.nats.version).isEqualTo(1);
  }

  private AccountClaims richAccount() {
    AccountClaims a = AccountClaims.create(account.publicKey(), "tenant-1");
    Import imp = new Import("prices", "prices.>", other.publicKey(), ExportType.STREAM);
    a.nats.imports.add(imp);
    Export exp = new Export("api", "api.>", ExportType.SERVICE);
    exp.tokenRequired = true;
    exp.revocations.revoke(other.publicKey(), 1700000000);
    exp.responseType = Export.RESPONSE_SINGLETON;
    exp.responseThresholdNanos = 5_000_000_000L;
    exp.latency = new ServiceLatency();
    exp.latency.sampling = ServiceLatency.SAMPLE_HEADERS;
    exp.latency.results = "lat.api";
    a.nats.exports.add(exp);
    a.nats.limits.subs = 1000;
    a.nats.limits.payload = 1048576;
    a.nats.limits.conn = 100;
    a.nats.limits.memoryStorage = 1073741824L;
    a.nats.limits.diskStorage = 10737418240L;
    a.nats.limits.streams = 10;
    a.nats.limits.consumer = 100;
    UserPermissionLimits template = new UserPermissionLimits().unlimited();
    template.pub.allow("app.{{name()}}.>");
    template.sub.allow("_INBOX.>");
    a.nats.signingKeys.addScoped(new UserScope(accountSigner.publicKey(), "app", template));
    a.nats.signingKeys.add(other.publicKey());
    a.nats.revocations.revoke("*", 1699990000);
    a.nats.revocations.revoke(user.publicKey(), 1700000050);
    a.nats.mappings.put("orders.*", List.of(new WeightedMapping("orders.v2.$1", 100)));
    a.nats.tags.add("env:prod");
    return a;
  }

  static String payload(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Signs arbitrary claims JSON as a v2 token, bypassing the encoder's checks. */
  static String sign(JsonNode claims, NKey signer) {
    ObjectNode c = ((ObjectNode) claims).deepCopy();
    c.put("iss", signer.publicKey());
    return signRaw(c, signer);
  }

  /** Signs claims JSON as is, whatever its {@code iss}. */
  static String signRaw(JsonNode claims, NKey signer) {
    String input = b64(JwtCodec.HEADER_JSON) + "." + b64(claims.toString());
    return input
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void assertReason(Runnable r, JwtException.Reason reason) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(JwtException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
