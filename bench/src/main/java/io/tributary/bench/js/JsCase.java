package io.tributary.bench.js;

import java.util.EnumSet;
import java.util.Locale;

/** The cases of {@code bench js}, in the order they run and print; {@code --cases} picks some. */
enum JsCase {
  ASYNC1,
  ASYNC4,
  SYNC1,
  SYNC16,
  DISK,
  MEMORY,
  CONSUME,
  ORDERED,
  FILTERS,
  REDELIVERY,
  KV,
  KVWATCH,
  OBJECTS,
  RECOVERY,
  STREAMS;

  /** The cases that consume (and use Key/Value and Object Store) rather than publish. */
  static final EnumSet<JsCase> CONSUMERS =
      EnumSet.of(CONSUME, ORDERED, FILTERS, REDELIVERY, KV, KVWATCH, OBJECTS);

  /**
   * A comma-separated list of case names (lower case), or {@code async} (both async file cases),
   * {@code sync} (both sync cases), {@code all}.
   */
  static EnumSet<JsCase> parse(String list) {
    EnumSet<JsCase> cases = EnumSet.noneOf(JsCase.class);
    for (String name : list.toLowerCase(Locale.ROOT).split(",")) {
      switch (name.trim()) {
        case "all" -> cases.addAll(EnumSet.allOf(JsCase.class));
        case "async" -> cases.addAll(EnumSet.of(ASYNC1, ASYNC4));
        case "sync" -> cases.addAll(EnumSet.of(SYNC1, SYNC16));
        case "consumers" -> cases.addAll(CONSUMERS);
        case "" -> {}
        default -> {
          try {
            cases.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "unknown case '"
                    + name.trim()
                    + "': use async1, async4, sync1, sync16, disk, memory, consume, ordered,"
                    + " filters, redelivery, kv, kvwatch, objects, recovery, streams, async,"
                    + " sync, consumers or all");
          }
        }
      }
    }
    return cases;
  }
}
