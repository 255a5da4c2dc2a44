package io.tributary.cli.commands;

import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.cli.api.Endpoints;

/** An account given by public key or by name (then looked up, where the caller may see it). */
final class AccountKeys {
  private static final Pattern PUBLIC_KEY = Pattern.compile("^A[A-Z2-7]{55}$");

  private AccountKeys() {}

  static String publicKey(Connection c, String nameOrKey) {
    if (PUBLIC_KEY.matcher(nameOrKey).matches()) {
      return nameOrKey;
    }
    return Requests.call(c, Endpoints.ACCOUNT, Map.of("name", nameOrKey))
        .send()
        .json()
        .path("publicKey")
        .asText();
  }
}
