package io.tributary.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code tributary bench control}: the control plane's REST API under load, as {@code tributary
 * control} runs it (embedded PostgreSQL, fresh data directory): seeding accounts and users, issuing
 * creds, and reading accounts and user lists once the database holds them all. Requests come from
 * {@code threads} concurrent clients with an API token; latencies are per request.
 */
final class ControlPlaneLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "bench-admin-password";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private String token;

  private ControlPlaneLoad(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** One timed run: how many requests, over how long, and each one's latency. */
  record Timing(String name, int requests, long nanos, long[] latencies) {
    double perSecond() {
      return requests / (nanos / 1e9);
    }

    double percentileMillis(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }

  static void main(Path repo, int accounts, int usersPerAccount, int creds, int reads, int threads)
      throws Exception {
    Path dir = Files.createTempDirectory("tributary-bench-control");
    int port = SideBySide.freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                repo.resolve("tributary").toString(),
                "control",
                "--port",
                String.valueOf(port),
                "--data-dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("control-plane.log").toFile());
    pb.environment().put("TRIBUTARY_ADMIN_PASSWORD", PASSWORD);
    Process p = pb.start();
    try {
      ControlPlaneLoad load = new ControlPlaneLoad(port);
      load.awaitReady(p);
      load.token = load.apiToken();
      List<Timing> runs = new ArrayList<>();
      runs.add(
          load.run(
              "create account",
              accounts,
              threads,
              i -> load.post("/api/v1/accounts", "{\"name\":\"t" + i + "\"}", 201)));
      runs.add(
          load.run(
              "create user",
              accounts * usersPerAccount,
              threads,
              i ->
                  load.post(
                      "/api/v1/accounts/t" + (i / usersPerAccount) + "/users",
                      "{\"name\":\"u" + (i % usersPerAccount) + "\"}",
                      201)));
      runs.add(
          load.run(
              "issue creds (POST …/creds)",
              creds,
              threads,
              i -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                return load.post(
                    "/api/v1/accounts/t"
                        + r.nextInt(accounts)
                        + "/users/u"
                        + r.nextInt(usersPerAccount)
                        + "/creds",
                    "{\"ttl\":3600}",
                    200);
              }));
      runs.add(
          load.run(
              "read an account (GET /accounts/{a})",
              reads,
              threads,
              i -> load.get("/api/v1/accounts/t" + ThreadLocalRandom.current().nextInt(accounts))));
      runs.add(
          load.run(
              "list an account's users (GET …/users)",
              reads,
              threads,
              i ->
                  load.get(
                      "/api/v1/accounts/t"
                          + ThreadLocalRandom.current().nextInt(accounts)
                          + "/users")));
      runs.add(
          load.run(
              "list accounts, a page of 50 (GET /accounts?page=…)",
              reads,
              threads,
              i ->
                  load.get(
                      "/api/v1/accounts?page="
                          + ThreadLocalRandom.current().nextInt(Math.max(1, accounts / 50)))));
      // What the web console's accounts screen asks as the operator types and sorts.
      runs.add(
          load.run(
              "search accounts, first page (GET /accounts?q=…&size=25)",
              reads,
              threads,
              i ->
                  load.get(
                      "/api/v1/accounts?size=25&q=t"
                          + ThreadLocalRandom.current().nextInt(Math.max(1, accounts / 10)))));
      runs.add(
          load.run(
              "newest first, a page of 25 (GET /accounts?sort=-createdAt&page=…)",
              reads,
              threads,
              i ->
                  load.get(
                      "/api/v1/accounts?size=25&sort=-createdAt&page="
                          + ThreadLocalRandom.current().nextInt(Math.max(1, accounts / 25)))));
      System.out.printf(
          Locale.ROOT,
          "control plane: %,d accounts × %d users, %d client threads, %d cores%n%n",
          accounts,
          usersPerAccount,
          threads,
          Runtime.getRuntime().availableProcessors());
      System.out.println("| run | requests | per second | p50 ms | p99 ms |");
      System.out.println("|---|---|---|---|---|");
      for (Timing t : runs) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %,d | %,.0f | %.1f | %.1f |%n",
            t.name(),
            t.requests(),
            t.perSecond(),
            t.percentileMillis(0.50),
            t.percentileMillis(0.99));
      }
      System.out.printf(
          Locale.ROOT,
          "%ncontrol plane RSS %s MB; database on disk %,d MB%n",
          rssMb(p),
          size(dir.resolve("postgres")) >> 20);
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  /** Runs {@code n} requests from {@code threads} clients; fails on the first error. */
  private Timing run(String name, int n, int threads, IntFunction<Call> request) throws Exception {
    long[] latencies = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            for (int i = next.getAndIncrement();
                i < n && failure.get() == null;
                i = next.getAndIncrement()) {
              long t0 = System.nanoTime();
              try {
                request.apply(i).run();
              } catch (Exception e) {
                failure.compareAndSet(null, e);
              }
              latencies[i] = System.nanoTime() - t0;
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.HOURS);
    if (failure.get() != null) {
      throw new IllegalStateException(name + ": " + failure.get().getMessage(), failure.get());
    }
    System.err.printf(Locale.ROOT, "%s: %,d done%n", name, n);
    return new Timing(name, n, System.nanoTime() - start, latencies);
  }

  private Call post(String path, String body, int expected) {
    return () ->
        send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)),
            expected);
  }

  private Call get(String path) {
    return () -> send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
  }

  private String send(HttpRequest.Builder b, int expected) throws Exception {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private String apiToken() throws Exception {
    String login =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")),
            200);
    token = JSON.readTree(login).get("token").asText();
    String minted =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")),
            201);
    return JSON.readTree(minted).get("token").asText();
  }

  private void awaitReady(Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the control plane exited with " + p.exitValue());
      }
      try {
        send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET(), 200);
        return;
      } catch (IOException | IllegalStateException notYet) {
        Thread.sleep(250);
      }
    }
    throw new IllegalStateException("the control plane did not get ready");
  }

  /** Resident memory of the process and its children (the embedded PostgreSQL), in MB. */
  private static String rssMb(Process p) {
    long kb = rssKb(p.toHandle());
    for (ProcessHandle c : p.descendants().toList()) {
      kb += rssKb(c);
    }
    return String.format(Locale.ROOT, "%,d", kb >> 10);
  }

  private static long rssKb(ProcessHandle h) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(h.pid()), "status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // exited
    }
    return 0;
  }

  private static long size(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
