package io.tributary.dataplane.server;

import static io.tributary.dataplane.config.NodeSettings.ACCOUNTS;
import static io.tributary.dataplane.config.NodeSettings.AUTH_TOKEN;
import static io.tributary.dataplane.config.NodeSettings.PASSWORD;
import static io.tributary.dataplane.config.NodeSettings.USER;
import static io.tributary.dataplane.config.NodeSettings.USERS;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import io.tributary.auth.nkey.NKey;
import io.tributary.auth.validation.AuthorizedUser;
import io.tributary.auth.validation.Cidr;
import io.tributary.auth.validation.ConnectAttempt;
import io.tributary.auth.validation.UserAuthenticator;
import io.tributary.auth.validation.Verdict;
import io.tributary.dataplane.account.AccountRegistry;
import io.tributary.dataplane.client.AuthOutcome;
import io.tributary.dataplane.client.ClientConnection;
import io.tributary.dataplane.config.ConfiguredUser;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.protocol.ConnectOptions;
import io.tributary.dataplane.protocol.ProtocolError;

/**
 * Checks a client's CONNECT: a token or user and password against the node's settings, or in
 * operator mode the user JWT and the signed nonce with auth/'s checks, in nats-server's order.
 * Every refusal is an Authorization Violation. Runs on the connection's event loop; stateless apart
 * from the nonce source, so any loop may call it.
 */
final class ClientAuthenticator {
  private static final SecureRandom NONCES = new SecureRandom();

  private final Supplier<ServerOptions> current; // the node's options, which a reload replaces
  private final AccountRegistry accounts;
  private final UserAuthenticator users; // operator mode only

  ClientAuthenticator(Supplier<ServerOptions> current, AccountRegistry accounts) {
    this.current = current;
    this.accounts = accounts;
    this.users = accounts.operatorMode() ? new UserAuthenticator(accounts.trust()) : null;
  }

  /** A fresh nonce for a new connection in operator mode or with nkey users, or null. */
  String newNonce() {
    if (users == null && !hasNkeyUsers(current.get())) {
      return null;
    }
    byte[] raw = new byte[11]; // nats-server's nonce: 11 random bytes, 15 Base64URL characters
    NONCES.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  AuthOutcome authenticate(ClientConnection client, ConnectOptions c) {
    if (users != null) {
      return authenticateJwt(client, c);
    }
    ServerOptions options = current.get();
    if (options.get(USERS) != null || options.get(ACCOUNTS) != null) {
      return authenticateUser(options, c, client.nonce());
    }
    boolean ok = true;
    if (options.get(AUTH_TOKEN) != null) {
      ok = constantTimeEquals(options.get(AUTH_TOKEN), c.authToken);
    } else if (options.get(USER) != null) {
      ok =
          constantTimeEquals(options.get(USER), c.user)
              & passwordMatches(options.get(PASSWORD), c.pass);
    }
    return ok
        ? new AuthOutcome.Bound(accounts.globalAccount(), null, c.user, null)
        : new AuthOutcome.Refused(ProtocolError.AUTHORIZATION_VIOLATION, "bad credentials");
  }

  // One of the configured users (of $G, or of a configured account), with its permissions.
  private AuthOutcome authenticateUser(ServerOptions options, ConnectOptions c, String nonce) {
    if (options.get(USERS) != null) {
      for (ConfiguredUser u : options.get(USERS)) {
        if (matches(u, c, nonce)) {
          return new AuthOutcome.Bound(accounts.globalAccount(), u.permissions(), u.name(), null);
        }
      }
    }
    if (options.get(ACCOUNTS) != null) {
      for (var a : options.get(ACCOUNTS).entrySet()) {
        for (ConfiguredUser u : a.getValue().users()) {
          if (matches(u, c, nonce)) {
            return new AuthOutcome.Bound(accounts.get(a.getKey()), u.permissions(), u.name(), null);
          }
        }
      }
    }
    return new AuthOutcome.Refused(ProtocolError.AUTHORIZATION_VIOLATION, "bad credentials");
  }

  // A password user by name and password; an nkey user by its key and its signature of the nonce.
  private static boolean matches(ConfiguredUser u, ConnectOptions c, String nonce) {
    if (u.nkey() == null) {
      return u.user().equals(c.user) && passwordMatches(u.password(), c.pass);
    }
    if (!u.nkey().equals(c.nkey) || c.sig == null || nonce == null) {
      return false;
    }
    try {
      byte[] sig =
          Base64.getUrlDecoder().decode(c.sig.replace('+', '-').replace('/', '_').replace("=", ""));
      return NKey.fromPublicKey(u.nkey()).verify(nonce.getBytes(StandardCharsets.UTF_8), sig);
    } catch (IllegalArgumentException badSignatureOrKey) {
      return false;
    }
  }

  private static boolean hasNkeyUsers(ServerOptions options) {
    if (options.get(USERS) != null && options.get(USERS).stream().anyMatch(u -> u.nkey() != null)) {
      return true;
    }
    return options.get(ACCOUNTS) != null
        && options.get(ACCOUNTS).values().stream()
            .flatMap(a -> a.users().stream())
            .anyMatch(u -> u.nkey() != null);
  }

  private AuthOutcome authenticateJwt(ClientConnection client, ConnectOptions c) {
    if (c.jwt == null || c.jwt.isEmpty()) {
      return new AuthOutcome.Refused(ProtocolError.AUTHORIZATION_VIOLATION, "no user JWT");
    }
    ConnectAttempt attempt =
        new ConnectAttempt(
            c.jwt,
            c.sig,
            client.nonce().getBytes(StandardCharsets.UTF_8),
            address(client.remoteIp()),
            "STANDARD",
            Instant.now());
    Verdict<AuthorizedUser> v = users.authenticate(attempt, accounts::claims);
    if (!v.isAccepted()) {
      return new AuthOutcome.Refused(ProtocolError.AUTHORIZATION_VIOLATION, v.toString());
    }
    AuthorizedUser u = v.value();
    return new AuthOutcome.Bound(accounts.get(u.accountId()), u.permissions(), u.userKey(), u);
  }

  // The client's address for the user JWT's source-network check; null if it is not a literal.
  private static InetAddress address(String ip) {
    byte[] literal = Cidr.parseLiteralAddress(ip);
    if (literal == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(literal);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  // A configured password is the password itself, or its bcrypt hash ($2a$/$2b$/$2y$), as in
  // nats-server.
  private static boolean passwordMatches(String configured, String given) {
    if (configured.startsWith("$2") && given != null) {
      try {
        return OpenBSDBCrypt.checkPassword(configured, given.toCharArray());
      } catch (IllegalArgumentException notBcrypt) {
        return constantTimeEquals(configured, given);
      }
    }
    return constantTimeEquals(configured, given);
  }

  private static boolean constantTimeEquals(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
