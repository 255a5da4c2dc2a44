package io.tributary.dataplane.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tributary.auth.subject.Subjects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * nats-server's configuration format ({@code nats-server -c FILE}), read into the node's settings
 * so that a nats-server config file starts our node unchanged: {@code key: value}, {@code key =
 * value} or {@code key value}; blocks {@code { }} and arrays {@code [ ]}; {@code #} and {@code //}
 * comments; quoted and bare strings; {@code include FILE} (relative to the including file); {@code
 * $NAME} for a key defined earlier or an environment variable; sizes ({@code 1MB}) and durations
 * ({@code "2m"}, or a bare number of seconds) as nats-server writes them.
 *
 * <p>Every key the node supports maps to its setting; a key nats-server knows but the node does not
 * support yet (clusters, static accounts, a users list…) and a key nobody knows are errors naming
 * the file, the line and the key.
 */
public final class NatsServerConfig {
  /** nats-server keys for features the node does not have yet. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "gateway",
          "leafnodes",
          "websocket",
          "mqtt",
          "no_auth_user",
          "mappings",
          "system_account_jwt",
          "nkeys",
          "permissions",
          "https_port",
          "syslog",
          "remote_syslog",
          "ocsp",
          "https",
          "certs",
          "cipher_suites",
          "curve_preferences",
          "allow_insecure_cipher_suites",
          "pinned_certs",
          "cert_store",
          "cert_match",
          "ports_file_dir",
          "client_advertise");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.regex.Pattern BCRYPT =
      java.util.regex.Pattern.compile("\\$2[abxy]?\\$\\d\\d\\$");

  private NatsServerConfig() {}

  /** A value and the line it was on; marked once a {@code $variable} refers to it. */
  private static final class Value {
    private final Object value;
    private final Path file;
    private final int line;
    private boolean usedAsVariable;

    Value(Object value, Path file, int line) {
      this.value = value;
      this.file = file;
      this.line = line;
    }

    Object value() {
      return value;
    }

    String where() {
      return file + ":" + line;
    }
  }

  /** The file's settings with their text. */
  public static Map<Setting<?>, String> read(Path file) {
    Map<String, Value> tree = new Parser(file, new LinkedHashMap<>()).parseFile();
    Map<Setting<?>, String> out = new LinkedHashMap<>();
    for (var e : tree.entrySet()) {
      // As nats-server: a key used as a $variable is a definition, not a setting.
      if (e.getValue().usedAsVariable) {
        continue;
      }
      Map<Setting<?>, String> settings = new LinkedHashMap<>();
      top(e.getKey(), e.getValue(), settings);
      // Each value checked here, where its file and line are known.
      ServerOptions.Builder check = ServerOptions.builder();
      settings.forEach(
          (setting, text) -> {
            try {
              check.parse(setting, text);
            } catch (IllegalArgumentException bad) {
              throw new IllegalArgumentException(
                  e.getValue().where() + ": " + bad.getMessage(), bad);
            }
          });
      out.putAll(settings);
    }
    // nats-server gives clients of a TLS listener its handshake timeout and one second more to
    // authenticate, unless the authorization block says otherwise.
    Value tls = tree.get("tls");
    if (tls != null
        && tls.value() instanceof Map<?, ?> t
        && t.get("timeout") instanceof Value timeout
        && !out.containsKey(NodeSettings.AUTH_TIMEOUT)) {
      Duration handshake = Setting.duration("timeout", text("timeout", timeout));
      out.put(NodeSettings.AUTH_TIMEOUT, handshake.plusSeconds(1).toMillis() + "ms");
    }
    return out;
  }

  private static void top(String key, Value v, Map<Setting<?>, String> out) {
    switch (key.toLowerCase(Locale.ROOT)) {
      case "listen" -> {
        String s = text(key, v);
        int colon = s.lastIndexOf(':');
        if (colon > 0) {
          out.put(NodeSettings.HOST, s.substring(0, colon));
        }
        out.put(NodeSettings.PORT, s.substring(colon + 1));
      }
      case "host", "net", "addr" -> out.put(NodeSettings.HOST, text(key, v));
      case "port" -> out.put(NodeSettings.PORT, text(key, v));
      case "http_port", "monitor_port" -> out.put(NodeSettings.HTTP_PORT, text(key, v));
      case "http", "monitor" -> {
        String s = text(key, v);
        out.put(NodeSettings.HTTP_PORT, s.substring(s.lastIndexOf(':') + 1));
      }
      case "server_name" -> out.put(NodeSettings.SERVER_NAME, text(key, v));
      // 0 is nats-server's default for these three
      case "max_payload" -> orDefault(NodeSettings.MAX_PAYLOAD, text(key, v), out);
      case "max_control_line" -> out.put(NodeSettings.MAX_CONTROL_LINE, text(key, v));
      case "max_connections", "max_conn" ->
          orDefault(NodeSettings.MAX_CONNECTIONS, text(key, v), out);
      case "max_subscriptions", "max_subs" -> out.put(NodeSettings.MAX_SUBSCRIPTIONS, text(key, v));
      case "max_pending" -> orDefault(NodeSettings.MAX_PENDING, text(key, v), out);
      case "ping_interval" -> out.put(NodeSettings.PING_INTERVAL, text(key, v));
      case "ping_max" -> out.put(NodeSettings.MAX_PINGS_OUT, text(key, v));
      case "write_deadline" -> out.put(NodeSettings.WRITE_DEADLINE, text(key, v));
      case "pid_file" -> out.put(NodeSettings.PID_FILE, text(key, v));
      case "log_file", "logfile" -> out.put(NodeSettings.LOG_FILE, text(key, v));
      case "debug" -> out.put(NodeSettings.DEBUG, text(key, v));
      case "trace" -> out.put(NodeSettings.TRACE, text(key, v));
      case "logtime", "log_size_limit", "max_traced_msg_len", "trace_verbose" -> {
        // how nats-server formats its log; ours has one format
      }
      case "no_sys_acc" -> {
        // without operator mode the node has no system account unless system_account names one
      }
      case "system_account" -> out.put(NodeSettings.SYSTEM_ACCOUNT, text(key, v));
      case "operator", "operators" -> {
        List<String> files = new ArrayList<>();
        if (v.value() instanceof List<?> list) {
          list.forEach(o -> files.add(String.valueOf(((Value) o).value())));
        } else {
          files.add(text(key, v));
        }
        out.put(NodeSettings.OPERATOR, String.join(",", files));
      }
      case "resolver" -> resolver(v, out);
      case "resolver_preload" -> out.put(NodeSettings.RESOLVER_PRELOAD, preload(v));
      case "authorization" -> {
        Value defaults = block(key, v).get("default_permissions");
        for (var e : block(key, v).entrySet()) {
          switch (e.getKey()) {
            case "token" -> out.put(NodeSettings.AUTH_TOKEN, text(e.getKey(), e.getValue()));
            case "user" -> out.put(NodeSettings.USER, text(e.getKey(), e.getValue()));
            case "password", "pass" ->
                out.put(NodeSettings.PASSWORD, text(e.getKey(), e.getValue()));
            case "timeout" -> out.put(NodeSettings.AUTH_TIMEOUT, text("timeout", e.getValue()));
            case "users" -> {
              ArrayNode users = users(e.getValue());
              if (defaults != null) {
                // a user without permissions of its own has these
                ObjectNode p = permissions(defaults);
                users.forEach(u -> ((ObjectNode) u).putIfAbsent("permissions", p));
              }
              out.put(NodeSettings.USERS, users.toString());
            }
            case "default_permissions" -> {
              // applied to the users list above
            }
            default -> refuse(e.getKey(), e.getValue());
          }
        }
      }
      case "tls" -> {
        for (var e : block(key, v).entrySet()) {
          switch (e.getKey()) {
            case "cert_file" -> out.put(NodeSettings.TLS_CERT, text(e.getKey(), e.getValue()));
            case "key_file" -> out.put(NodeSettings.TLS_KEY, text(e.getKey(), e.getValue()));
            case "ca_file" -> out.put(NodeSettings.TLS_CA, text(e.getKey(), e.getValue()));
            case "verify" -> out.put(NodeSettings.TLS_VERIFY, text(e.getKey(), e.getValue()));
            case "timeout" -> {
              // the handshake's own deadline: ours is the auth timeout's
            }
            default -> refuse(e.getKey(), e.getValue());
          }
        }
      }
      case "jetstream" -> jetstream(v, out);
      case "cluster" -> cluster(v, out);
      case "lame_duck_duration" -> out.put(NodeSettings.LAME_DUCK_DURATION, text(key, v));
      case "lame_duck_grace_period" -> out.put(NodeSettings.LAME_DUCK_GRACE_PERIOD, text(key, v));
      case "accounts" -> out.put(NodeSettings.ACCOUNTS, accounts(v));
      default -> refuse(key, v);
    }
  }

  private static void jetstream(Value v, Map<Setting<?>, String> out) {
    if (!(v.value() instanceof Map<?, ?>)) {
      String s = text("jetstream", v).toLowerCase(Locale.ROOT);
      out.put(NodeSettings.JETSTREAM, String.valueOf(s.equals("enabled") || truthy(s)));
      return;
    }
    out.put(NodeSettings.JETSTREAM, "true");
    for (var e : block("jetstream", v).entrySet()) {
      switch (e.getKey()) {
        case "store_dir", "storedir" ->
            out.put(NodeSettings.STORE_DIR, text(e.getKey(), e.getValue()));
        case "max_memory_store", "max_mem_store", "max_mem" ->
            out.put(NodeSettings.MAX_MEMORY_STORE, text(e.getKey(), e.getValue()));
        case "max_file_store", "max_file" ->
            out.put(NodeSettings.MAX_FILE_STORE, text(e.getKey(), e.getValue()));
        case "enabled", "enable" -> out.put(NodeSettings.JETSTREAM, text(e.getKey(), e.getValue()));
        default -> refuse(e.getKey(), e.getValue());
      }
    }
  }

  // cluster { name, listen | host + port, advertise, no_advertise, connect_retries, routes,
  // authorization { user, password } }: the route listener's URL carries the credentials.
  private static void cluster(Value v, Map<Setting<?>, String> out) {
    String host = "0.0.0.0";
    String port = null;
    String user = null;
    String password = null;
    for (var e : block("cluster", v).entrySet()) {
      Value x = e.getValue();
      switch (e.getKey().toLowerCase(Locale.ROOT)) {
        case "name" -> out.put(NodeSettings.CLUSTER_NAME, text("name", x));
        case "listen" -> {
          String s = text("listen", x);
          int colon = s.lastIndexOf(':');
          if (colon > 0) {
            host = s.substring(0, colon);
          }
          port = routePort(s.substring(colon + 1), x);
        }
        case "host", "net" -> host = text(e.getKey(), x);
        case "port" -> port = routePort(text("port", x), x);
        case "advertise", "cluster_advertise" ->
            out.put(NodeSettings.CLUSTER_ADVERTISE, text(e.getKey(), x));
        case "no_advertise" -> out.put(NodeSettings.NO_ADVERTISE, text(e.getKey(), x));
        case "connect_retries" -> out.put(NodeSettings.CONNECT_RETRIES, text(e.getKey(), x));
        case "tls" -> {
          for (var t : block("tls", x).entrySet()) {
            switch (t.getKey()) {
              case "cert_file" ->
                  out.put(NodeSettings.CLUSTER_TLS_CERT, text(t.getKey(), t.getValue()));
              case "key_file" ->
                  out.put(NodeSettings.CLUSTER_TLS_KEY, text(t.getKey(), t.getValue()));
              case "ca_file" ->
                  out.put(NodeSettings.CLUSTER_TLS_CA, text(t.getKey(), t.getValue()));
              case "verify" ->
                  out.put(NodeSettings.CLUSTER_TLS_VERIFY, text(t.getKey(), t.getValue()));
              case "timeout" -> {
                // the route handshake's own timeout applies
              }
              default -> refuse(t.getKey(), t.getValue());
            }
          }
        }
        case "routes" ->
            out.put(
                NodeSettings.ROUTES,
                String.join(",", list("routes", x).stream().map(r -> text("routes", r)).toList()));
        case "authorization" -> {
          for (var a : block("authorization", x).entrySet()) {
            switch (a.getKey()) {
              case "user", "username" -> user = text(a.getKey(), a.getValue());
              case "password", "pass" -> password = text(a.getKey(), a.getValue());
              case "timeout" -> {
                // the route handshake's own timeout applies
              }
              default -> refuse(a.getKey(), a.getValue());
            }
          }
        }
        default -> refuse(e.getKey(), x);
      }
    }
    if (port != null) {
      String auth =
          user == null ? "" : encode(user) + (password == null ? "" : ":" + encode(password)) + "@";
      out.put(
          NodeSettings.CLUSTER,
          "nats-route://" + auth + host + ":" + (port.equals("-1") ? "0" : port));
    }
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void resolver(Value v, Map<Setting<?>, String> out) {
    if (!(v.value() instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(
          v.where()
              + ": resolver "
              + v.value()
              + " is not supported by this node yet; use resolver { type: full, dir: DIR }");
    }
    for (var e : block("resolver", v).entrySet()) {
      switch (e.getKey()) {
        case "type" -> {
          String type = text("type", e.getValue());
          if (!type.equalsIgnoreCase("full")) {
            throw new IllegalArgumentException(
                e.getValue().where() + ": resolver type " + type + " is not supported yet (full)");
          }
        }
        case "dir" -> out.put(NodeSettings.RESOLVER_DIR, text("dir", e.getValue()));
        case "allow_delete", "interval", "timeout", "limit", "sync" -> {
          // the full resolver's tuning: ours keeps every JWT, deletes on request, syncs at once
        }
        default -> refuse(e.getKey(), e.getValue());
      }
    }
  }

  // The accounts block as the ACCOUNTS setting's JSON: users, and exports and imports in the
  // claims' shape (the exporter's subject, and the local subject or prefix of an import). Imports
  // are checked against the exports as nats-server checks them at start: an account that does not
  // exist, a subject not exported, or an export restricted to other accounts refuse the file.
  private static String accounts(Value v) {
    ObjectNode accounts = JSON.createObjectNode();
    Map<String, List<Grant>> grants = new LinkedHashMap<>();
    List<Wanted> wanted = new ArrayList<>();
    for (var a : block("accounts", v).entrySet()) {
      ObjectNode account = accounts.putObject(a.getKey());
      ArrayNode exports = account.putArray("exports");
      ArrayNode imports = account.putArray("imports");
      List<Grant> granted = grants.computeIfAbsent(a.getKey(), k -> new ArrayList<>());
      for (var e : block(a.getKey(), a.getValue()).entrySet()) {
        switch (e.getKey()) {
          case "users" -> account.set("users", users(e.getValue()));
          case "exports" ->
              list("exports", e.getValue()).forEach(x -> exports.add(export(x, granted)));
          case "imports" ->
              list("imports", e.getValue())
                  .forEach(x -> imports.add(importOf(x, a.getKey(), wanted)));
          case "jetstream" -> {
            ObjectNode js = accountJetStream(e.getValue());
            if (js != null) {
              account.set("jetstream", js);
            }
          }
          default -> refuse(e.getKey(), e.getValue());
        }
      }
    }
    for (Wanted w : wanted) {
      List<Grant> exported = grants.get(w.account());
      if (exported == null) {
        throw new IllegalArgumentException(
            w.where()
                + ": \""
                + w.account()
                + "\" account not defined for "
                + w.type()
                + " import");
      }
      boolean granted =
          exported.stream()
              .anyMatch(
                  g ->
                      g.type().equals(w.type())
                          && Subjects.isSubsetOf(w.subject(), g.subject())
                          && (g.accounts() == null || g.accounts().contains(w.importer())));
      if (!granted) {
        throw new IllegalArgumentException(
            w.where()
                + ": Error adding "
                + w.type()
                + " import \""
                + w.subject()
                + "\": "
                + w.type()
                + " import not authorized");
      }
    }
    return accounts.toString();
  }

  // An account's jetstream: enabled (no limits), disabled, or a block of limits (nats-server's
  // keys), as the claims' JetStream limits; null when off.
  private static ObjectNode accountJetStream(Value v) {
    ObjectNode l = JSON.createObjectNode();
    for (String k : List.of("mem_storage", "disk_storage", "streams", "consumer")) {
      l.put(k, -1);
    }
    if (!(v.value() instanceof Map<?, ?>)) {
      return switch (text("jetstream", v).toLowerCase(Locale.ROOT)) {
        case "enabled", "enable", "true" -> l;
        case "disabled", "disable", "false" -> null;
        default ->
            throw new IllegalArgumentException(
                v.where()
                    + ": Expected 'enabled' or 'disabled' for string value, got '"
                    + v.value()
                    + "'");
      };
    }
    for (var e : block("jetstream", v).entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      String value = text(key, e.getValue());
      try {
        switch (key) {
          case "max_memory", "max_mem", "mem", "memory" ->
              l.put("mem_storage", Setting.size(key, value));
          case "max_store", "max_file", "max_disk", "store", "disk" ->
              l.put("disk_storage", Setting.size(key, value));
          case "max_streams", "streams" -> l.put("streams", Long.parseLong(value));
          case "max_consumers", "consumers" -> l.put("consumer", Long.parseLong(value));
          case "max_ack_pending" -> l.put("max_ack_pending", Long.parseLong(value));
          case "mem_max_stream_bytes", "memory_max_stream_bytes" ->
              l.put("mem_max_stream_bytes", Setting.size(key, value));
          case "disk_max_stream_bytes", "store_max_stream_bytes" ->
              l.put("disk_max_stream_bytes", Setting.size(key, value));
          case "max_bytes_required", "max_stream_bytes", "max_bytes" ->
              l.put("max_bytes_required", truthy(value));
          default -> refuse(e.getKey(), e.getValue());
        }
      } catch (NumberFormatException bad) {
        throw new IllegalArgumentException(
            e.getValue().where() + ": Expected a parseable size for \"" + key + "\", got " + value);
      }
    }
    return l;
  }

  // An export as the import check needs it: accounts null when it is public.
  private record Grant(String type, String subject, List<String> accounts) {}

  private record Wanted(
      String importer, String type, String account, String subject, String where) {}

  private static ObjectNode export(Value v, List<Grant> granted) {
    ObjectNode x = JSON.createObjectNode();
    List<String> only = null;
    for (var e : block("export", v).entrySet()) {
      switch (e.getKey()) {
        case "stream", "service" -> {
          x.put("subject", text(e.getKey(), e.getValue()));
          x.put("type", e.getKey());
        }
        case "response_type", "response" ->
            x.put("response_type", capitalized(text(e.getKey(), e.getValue())));
        case "accounts" ->
            only = list("accounts", e.getValue()).stream().map(a -> text("accounts", a)).toList();
        default -> refuse(e.getKey(), e.getValue());
      }
    }
    if (x.has("subject")) {
      granted.add(new Grant(x.get("type").asText(), x.get("subject").asText(), only));
    }
    return x;
  }

  private static ObjectNode importOf(Value v, String importer, List<Wanted> wanted) {
    ObjectNode x = JSON.createObjectNode();
    for (var e : block("import", v).entrySet()) {
      switch (e.getKey()) {
        case "stream", "service" -> {
          x.put("type", e.getKey());
          for (var f : block(e.getKey(), e.getValue()).entrySet()) {
            switch (f.getKey()) {
              case "account" -> x.put("account", text("account", f.getValue()));
              case "subject" -> x.put("subject", text("subject", f.getValue()));
              default -> refuse(f.getKey(), f.getValue());
            }
          }
        }
        case "prefix" -> x.put("to", text("prefix", e.getValue())); // the claims' deprecated prefix
        case "to" -> x.put("local_subject", text("to", e.getValue()));
        default -> refuse(e.getKey(), e.getValue());
      }
    }
    if (x.has("account") && x.has("subject")) {
      wanted.add(
          new Wanted(
              importer,
              x.get("type").asText(),
              x.get("account").asText(),
              x.get("subject").asText(),
              v.where()));
    }
    return x;
  }

  private static List<Value> list(String key, Value v) {
    if (!(v.value() instanceof List<?> list)) {
      throw new IllegalArgumentException(v.where() + ": '" + key + "' needs a list [ … ]");
    }
    return list.stream().map(Value.class::cast).toList();
  }

  private static String capitalized(String s) {
    return s.isEmpty()
        ? s
        : Character.toUpperCase(s.charAt(0)) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  // A users list as the USERS setting's JSON: names, passwords and permissions in the claims'
  // shape.
  private static ArrayNode users(Value v) {
    if (!(v.value() instanceof List<?> list)) {
      throw new IllegalArgumentException(v.where() + ": 'users' needs a list [ … ]");
    }
    ArrayNode users = JSON.createArrayNode();
    for (Object o : list) {
      ObjectNode u = users.addObject();
      for (var e : block("users", (Value) o).entrySet()) {
        switch (e.getKey()) {
          case "user", "username" -> u.put("user", text(e.getKey(), e.getValue()));
          case "password", "pass" -> u.put("password", text(e.getKey(), e.getValue()));
          case "nkey" -> u.put("nkey", text(e.getKey(), e.getValue()));
          case "permissions" -> u.set("permissions", permissions(e.getValue()));
          default -> refuse(e.getKey(), e.getValue());
        }
      }
    }
    return users;
  }

  private static ObjectNode permissions(Value v) {
    ObjectNode p = JSON.createObjectNode();
    for (var e : block("permissions", v).entrySet()) {
      switch (e.getKey()) {
        case "publish", "pub" -> p.set("pub", permission(e.getKey(), e.getValue()));
        case "subscribe", "sub" -> p.set("sub", permission(e.getKey(), e.getValue()));
        case "allow_responses", "publish_allow_responses" -> {
          ObjectNode resp = p.putObject("resp");
          if (e.getValue().value() instanceof Map<?, ?>) {
            for (var r : block("allow_responses", e.getValue()).entrySet()) {
              switch (r.getKey()) {
                case "max" -> resp.put("max", Integer.parseInt(text("max", r.getValue())));
                case "expires", "ttl" ->
                    resp.put(
                        "ttl",
                        Setting.duration("expires", text(r.getKey(), r.getValue())).toNanos());
                default -> refuse(r.getKey(), r.getValue());
              }
            }
          } else if (!truthy(text("allow_responses", e.getValue()))) {
            p.remove("resp");
          }
        }
        default -> refuse(e.getKey(), e.getValue());
      }
    }
    return p;
  }

  // A subject, a list of subjects (both: allow) or {allow, deny}.
  private static ObjectNode permission(String key, Value v) {
    ObjectNode p = JSON.createObjectNode();
    if (v.value() instanceof Map<?, ?>) {
      for (var e : block(key, v).entrySet()) {
        switch (e.getKey()) {
          case "allow", "deny" -> p.set(e.getKey(), subjects(e.getValue()));
          default -> refuse(e.getKey(), e.getValue());
        }
      }
    } else {
      p.set("allow", subjects(v));
    }
    return p;
  }

  private static ArrayNode subjects(Value v) {
    ArrayNode a = JSON.createArrayNode();
    if (v.value() instanceof List<?> list) {
      list.forEach(o -> a.add(text("subject", (Value) o)));
    } else {
      a.add(text("subject", v));
    }
    return a;
  }

  // nats-server preloads account JWTs given inline; our node preloads a directory of <id>.jwt
  // files.
  private static String preload(Value v) {
    try {
      Path dir = Files.createTempDirectory("tributary-preload");
      dir.toFile().deleteOnExit();
      for (var e : block("resolver_preload", v).entrySet()) {
        Path f =
            Files.writeString(dir.resolve(e.getKey() + ".jwt"), text(e.getKey(), e.getValue()));
        f.toFile().deleteOnExit();
      }
      return dir.toString();
    } catch (IOException e) {
      throw new IllegalArgumentException(v.where() + ": cannot stage resolver_preload: " + e);
    }
  }

  private static String routePort(String port, Value v) {
    if (!port.matches("-?\\d+")) {
      throw new IllegalArgumentException(
          v.where() + ": cluster port '" + port + "' is not a whole number");
    }
    return port;
  }

  private static void orDefault(Setting<?> setting, String text, Map<Setting<?>, String> out) {
    if (!text.equals("0")) {
      out.put(setting, text);
    }
  }

  private static void refuse(String key, Value v) {
    if (v.usedAsVariable) {
      return; // a definition for a $variable, as nats-server allows in any block
    }
    if (UNSUPPORTED.contains(key.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          v.where() + ": '" + key + "' is not supported by this node yet");
    }
    throw new IllegalArgumentException(v.where() + ": unknown key '" + key + "'");
  }

  private static String text(String key, Value v) {
    if (v.value() instanceof Map || v.value() instanceof List) {
      throw new IllegalArgumentException(v.where() + ": '" + key + "' needs a single value");
    }
    return String.valueOf(v.value());
  }

  private static boolean truthy(String s) {
    return switch (s) {
      case "true", "yes", "on" -> true;
      default -> false;
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Value> block(String key, Value v) {
    if (!(v.value() instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(v.where() + ": '" + key + "' needs a block { … }");
    }
    return (Map<String, Value>) m;
  }

  /** A recursive-descent reader of one file (and what it includes). */
  private static final class Parser {
    private final Path file;
    private final Map<String, Value> vars;
    private final String s;
    private int pos;
    private int line = 1;

    Parser(Path file, Map<String, Value> vars) {
      this.file = file;
      this.vars = vars;
      try {
        this.s = Files.readString(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage());
      }
    }

    Map<String, Value> parseFile() {
      Map<String, Value> m = new LinkedHashMap<>();
      body(m, false);
      return m;
    }

    private void body(Map<String, Value> into, boolean braced) {
      while (true) {
        skipSpace(true);
        if (pos >= s.length()) {
          if (braced) {
            throw error("a block is not closed with }");
          }
          return;
        }
        char c = s.charAt(pos);
        if (c == '}') {
          if (!braced) {
            throw error("} without a block");
          }
          pos++;
          return;
        }
        if (c == ';' || c == ',') {
          pos++;
          continue;
        }
        int keyLine = line;
        String key = key();
        if (key.equals("include")) {
          skipSpace(false);
          char q = pos < s.length() ? s.charAt(pos) : ' ';
          String name = q == '"' || q == '\'' ? quoted() : bare();
          into.putAll(new Parser(file.resolveSibling(name.strip()), vars).parseFile());
          continue;
        }
        skipSpace(false);
        if (pos < s.length() && (s.charAt(pos) == ':' || s.charAt(pos) == '=')) {
          pos++;
        }
        skipSpace(false);
        Value v = new Value(value(), file, keyLine);
        into.put(key, v);
        vars.put(key, v);
      }
    }

    private String key() {
      char c = s.charAt(pos);
      if (c == '"' || c == '\'') {
        return quoted();
      }
      int start = pos;
      while (pos < s.length()) {
        char k = s.charAt(pos);
        if (Character.isWhitespace(k) || k == ':' || k == '=' || k == '{' || k == '[') {
          break;
        }
        pos++;
      }
      if (pos == start) {
        throw error("a key is expected");
      }
      return s.substring(start, pos);
    }

    private Object value() {
      if (pos >= s.length()) {
        throw error("a value is expected");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{' -> {
          pos++;
          Map<String, Value> m = new LinkedHashMap<>();
          body(m, true);
          return m;
        }
        case '[' -> {
          pos++;
          List<Value> list = new ArrayList<>();
          while (true) {
            skipSpace(true);
            if (pos >= s.length()) {
              throw error("an array is not closed with ]");
            }
            char k = s.charAt(pos);
            if (k == ']') {
              pos++;
              return list;
            }
            if (k == ',') {
              pos++;
              continue;
            }
            int at = line;
            list.add(new Value(value(), file, at));
          }
        }
        case '"', '\'' -> {
          return quoted();
        }
        case '$' -> {
          if (BCRYPT.matcher(s).region(pos, s.length()).lookingAt()) {
            return bare(); // a bcrypt hash ($2a$…), not a variable, as nats-server reads it
          }
          pos++;
          String name = bare();
          Value v = vars.get(name);
          if (v != null) {
            v.usedAsVariable = true;
            return v.value();
          }
          String env = System.getenv(name);
          if (env == null) {
            throw error("variable $" + name + " is not defined");
          }
          return env;
        }
        default -> {
          return bare();
        }
      }
    }

    // A bare value: up to the end of the line, a separator, a closing bracket or a comment.
    private String bare() {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\n' || c == ',' || c == ';' || c == '}' || c == ']' || c == '#') {
          break;
        }
        // "//" starts a comment only after a blank: nats-route://host:port is a value
        if (c == '/'
            && pos + 1 < s.length()
            && s.charAt(pos + 1) == '/'
            && (pos == start || Character.isWhitespace(s.charAt(pos - 1)))) {
          break;
        }
        pos++;
      }
      return s.substring(start, pos).strip();
    }

    private String quoted() {
      char q = s.charAt(pos++);
      StringBuilder b = new StringBuilder();
      while (pos < s.length() && s.charAt(pos) != q) {
        char c = s.charAt(pos++);
        if (c == '\\' && q == '"' && pos < s.length()) {
          char e = s.charAt(pos++);
          b.append(
              switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                default -> e;
              });
        } else {
          if (c == '\n') {
            line++;
          }
          b.append(c);
        }
      }
      if (pos >= s.length()) {
        throw error("a quoted string is not closed");
      }
      pos++;
      return b.toString();
    }

    // Skips blanks and comments; newlines too when `newlines`.
    private void skipSpace(boolean newlines) {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\n') {
          if (!newlines) {
            return;
          }
          line++;
          pos++;
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else if (c == '#' || (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '/')) {
          while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
          }
        } else {
          return;
        }
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(file + ":" + line + ": " + what);
    }
  }
}
