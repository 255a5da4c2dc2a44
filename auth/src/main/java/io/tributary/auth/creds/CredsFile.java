package io.tributary.auth.creds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.jwt.JwtException;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyException;
import io.tributary.auth.nkey.NKeyType;

/**
 * Writes and reads {@code .creds} files. Writing produces exactly the Go library's text (LF line
 * endings, every marker at column 0, a trailing newline), which nats.go, jnats and nats.js all
 * parse — nats.js only with LF and the trailing newline. Reading is as lenient as Go's parser:
 * CRLF, surrounding comments and a bare JWT are accepted.
 */
public final class CredsFile {
  // Go's nkeys/jwt userConfigRE: a block is a line of 3+ dashes, the content, and a closing line of
  // 3+ dashes.
  private static final Pattern BLOCK =
      Pattern.compile(
          "\\s*(?:(?:-{3,}.*-{3,}\\r?\\n)([\\w\\-.=]+)(?:\\r?\\n-{3,}.*-{3,}(?:\\r?\\n|\\z)))");

  private CredsFile() {}

  /** The canonical creds text for a user JWT and the user's key pair (which must have its seed). */
  public static String format(String userJwt, NKey userKey) {
    userKey.requireType(NKeyType.USER);
    return decorateJwt(userJwt, "user")
        + "\n"
        + "************************* IMPORTANT *************************\n"
        + "NKEY Seed printed below can be used to sign and prove identity.\n"
        + "NKEYs are sensitive and should be treated as secrets.\n"
        + "\n"
        + armour("USER NKEY SEED", userKey.seed())
        + "\n"
        + "*************************************************************\n";
  }

  /**
   * A JWT in its armour, as Go's {@code DecorateJWT}: {@code -----BEGIN NATS <KIND> JWT-----}, the
   * token, {@code ------END NATS <KIND> JWT------}.
   */
  public static String decorateJwt(String jwt, String kind) {
    return armour("NATS " + kind.toUpperCase(Locale.ROOT) + " JWT", jwt);
  }

  /**
   * Reads a creds file, verifies the JWT's signature and checks that the seed belongs to the JWT's
   * subject. Trust and expiry are not checked here: the server decides those.
   *
   * @throws CredsException if the JWT or seed is missing or does not fit
   */
  public static Creds parse(String text) {
    List<String> blocks = new ArrayList<>(2);
    Matcher m = BLOCK.matcher(text);
    while (m.find() && blocks.size() < 2) {
      blocks.add(m.group(1));
    }
    String jwt = blocks.isEmpty() ? firstJwtLine(text) : blocks.get(0);
    if (jwt.isEmpty() || jwt.chars().filter(c -> c == '.').count() != 2) {
      throw new CredsException(CredsException.Reason.NO_JWT, "no user JWT in creds", null);
    }
    String seed = blocks.size() > 1 ? blocks.get(1) : bareSeed(text);
    if (seed == null) {
      throw new CredsException(CredsException.Reason.NO_SEED, "no user seed in creds", null);
    }
    NKey key;
    try {
      key = NKey.fromSeed(seed, NKeyType.USER);
    } catch (NKeyException e) {
      throw new CredsException(CredsException.Reason.BAD_SEED, "creds seed: " + e.getMessage(), e);
    }
    UserClaims claims;
    try {
      claims = JwtCodec.decode(jwt, UserClaims.class);
    } catch (JwtException e) {
      throw new CredsException(CredsException.Reason.BAD_JWT, "creds JWT: " + e.getMessage(), e);
    }
    if (!key.publicKey().equals(claims.subject)) {
      throw new CredsException(
          CredsException.Reason.KEY_MISMATCH,
          "the seed is for " + key.publicKey() + " but the JWT is for " + claims.subject,
          null);
    }
    return new Creds(jwt, claims, key);
  }

  /**
   * The JWT in a text: the first armoured block (creds file, {@link #decorateJwt decorated JWT}),
   * else the first line that looks like a JWT, else the whole text trimmed.
   */
  public static String findJwt(String text) {
    Matcher m = BLOCK.matcher(text);
    return m.find() ? m.group(1) : firstJwtLine(text);
  }

  private static String armour(String label, String content) {
    return "-----BEGIN " + label + "-----\n" + content + "\n------END " + label + "------\n";
  }

  // Without armour Go takes the whole text as the JWT; we take the first line that looks like one,
  // so comments
  // around a bare JWT and seed do not matter.
  private static String firstJwtLine(String text) {
    for (String line : text.split("\\r?\\n")) {
      String t = line.trim();
      if (t.startsWith("eyJ")) {
        return t;
      }
    }
    return text.trim();
  }

  // Go falls back to the first line that starts with a seed prefix when the seed has no armour.
  private static String bareSeed(String text) {
    for (String line : text.split("\\r?\\n")) {
      String t = line.trim();
      if (t.startsWith("SO") || t.startsWith("SA") || t.startsWith("SU")) {
        return t;
      }
    }
    return null;
  }
}
