package io.tributary.cli.output;

/** A table column: its header and the JSON field (a dotted path) it shows. */
public record Column(String header, String field) {
  public static Column of(String header, String field) {
    return new Column(header, field);
  }
}
