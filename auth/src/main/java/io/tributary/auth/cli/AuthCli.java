package io.tributary.auth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.tributary.auth.AuthException;
import io.tributary.auth.claims.Claims;
import io.tributary.auth.claims.UserClaims;
import io.tributary.auth.creds.Creds;
import io.tributary.auth.creds.CredsFile;
import io.tributary.auth.jwt.GoJson;
import io.tributary.auth.jwt.JwtCodec;
import io.tributary.auth.nkey.NKey;
import io.tributary.auth.nkey.NKeyType;
import io.tributary.auth.validation.ClaimsValidator;
import io.tributary.auth.validation.ValidationResults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary nkey|jwt|creds}: make keys and look inside tokens and creds files. Exit codes: 0
 * success, 1 the input is invalid (one-line reason on stderr), 2 wrong usage.
 */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    subcommands = {AuthCli.NkeyCommand.class, AuthCli.JwtCommand.class, AuthCli.CredsCommand.class},
    description = "NATS-compatible identities: nkeys, JWTs, creds files.")
public final class AuthCli {
  static final int INVALID_INPUT = 1;
  private static final ObjectWriter PRETTY = GoJson.mapper().writerWithDefaultPrettyPrinter();

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AuthCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof AuthException || ex instanceof IOException) {
            cmd.getErr().println("error: " + describe(ex));
            return INVALID_INPUT;
          }
          throw ex;
        });
    return cli.execute(args);
  }

  private static String describe(Exception ex) {
    if (ex instanceof NoSuchFileException e) {
      return "no such file: " + e.getFile();
    }
    return ex.getMessage();
  }

  @Command(
      name = "nkey",
      mixinStandardHelpOptions = true,
      description = "Generate nkeys.",
      subcommands = NkeyCommand.Gen.class)
  static final class NkeyCommand {
    @Command(
        name = "gen",
        mixinStandardHelpOptions = true,
        description = "Print a new key pair as {\"public_key\": …, \"seed\": …}.")
    static final class Gen implements Callable<Integer> {
      @Parameters(paramLabel = "TYPE", description = "operator, account, user, server or cluster")
      String type;

      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() throws JsonProcessingException {
        NKeyType t;
        try {
          t = NKeyType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          t = null;
        }
        if (t == null || t == NKeyType.CURVE) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "unknown key type '" + type + "' (operator, account, user, server, cluster)");
        }
        NKey key = NKey.generate(t);
        Map<String, String> json = new LinkedHashMap<>();
        json.put("public_key", key.publicKey());
        json.put("seed", key.seed());
        spec.commandLine().getOut().println(PRETTY.writeValueAsString(json));
        return 0;
      }
    }
  }

  @Command(
      name = "jwt",
      mixinStandardHelpOptions = true,
      description = "Inspect JWTs.",
      subcommands = JwtCommand.Decode.class)
  static final class JwtCommand {
    @Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = {
          "Print a JWT's claims as JSON. Exits 0 only if its signature and structure are valid;",
          "an expired or not-yet-valid token is printed with a warning on stderr."
        })
    static final class Decode implements Callable<Integer> {
      @Parameters(
          paramLabel = "FILE",
          description = "file holding the JWT (or a decorated JWT), or - for stdin")
      String file;

      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() throws IOException {
        String token = CredsFile.findJwt(readInput(file));
        Claims claims = JwtCodec.decode(token);
        ValidationResults vr = ClaimsValidator.validate(claims, Instant.now().getEpochSecond());
        PrintWriter err = spec.commandLine().getErr();
        if (vr.isBlocking(false)) {
          err.println("error: invalid claims: " + vr.firstBlocking(false).description());
          return INVALID_INPUT;
        }
        vr.issues().forEach(i -> err.println("warning: " + i.description()));
        spec.commandLine().getOut().println(PRETTY.writeValueAsString(claims));
        return 0;
      }
    }
  }

  @Command(
      name = "creds",
      mixinStandardHelpOptions = true,
      description =
          "Show what a creds file holds: user, account, permissions, expiry. Never the seed.")
  static final class CredsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the .creds file, or - for stdin")
    String file;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Creds creds = CredsFile.parse(readInput(file));
      UserClaims u = creds.claims();
      long now = Instant.now().getEpochSecond();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("user", u.name);
      json.put("user_public_key", u.subject);
      json.put("account", u.accountId());
      json.put("issuer", u.issuer);
      json.put("issued_at", Instant.ofEpochSecond(u.issuedAt).toString());
      json.put("expires", u.expires == 0 ? "never" : Instant.ofEpochSecond(u.expires).toString());
      json.put("expired", u.isExpired(now));
      json.put("bearer_token", u.nats.bearerToken);
      Map<String, Object> perms = new LinkedHashMap<>();
      perms.put("pub", u.nats.pub);
      perms.put("sub", u.nats.sub);
      if (u.nats.resp != null) {
        perms.put("resp", u.nats.resp);
      }
      json.put("permissions", perms);
      json.put(
          "limits", Map.of("subs", u.nats.subs, "data", u.nats.data, "payload", u.nats.payload));
      if (!u.nats.src.isEmpty()) {
        json.put("src", u.nats.src);
      }
      if (!u.nats.times.isEmpty()) {
        json.put("times", u.nats.times);
      }
      if (!u.nats.tags.isEmpty()) {
        json.put("tags", u.nats.tags);
      }
      spec.commandLine().getOut().println(PRETTY.writeValueAsString(json));
      return 0;
    }
  }

  static String readInput(String file) throws IOException {
    if (file.equals("-")) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(file), StandardCharsets.UTF_8);
  }
}
