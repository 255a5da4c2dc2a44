package io.tributary.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * How results are printed: a readable table (lists) or YAML-like details (one resource) by default,
 * {@code -o json} or {@code -o yaml} for scripts, {@code --quiet} for the identifiers only (one per
 * line).
 */
public final class Output {
  /** {@code -o}'s values. */
  public enum Format {
    table,
    json,
    yaml
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private final PrintWriter out;
  private final Format format;
  private final boolean quiet;

  public Output(PrintWriter out, Format format, boolean quiet) {
    this.out = out;
    this.format = format == null ? Format.table : format;
    this.quiet = quiet;
  }

  /** A list: a table of {@code columns}, the first of which identifies an item. */
  public void list(List<JsonNode> items, List<Column> columns) {
    if (quiet) {
      items.forEach(i -> out.println(text(field(i, columns.get(0).field()))));
    } else if (format == Format.table) {
      List<String[]> rows = new ArrayList<>();
      rows.add(columns.stream().map(Column::header).toArray(String[]::new));
      for (JsonNode item : items) {
        rows.add(columns.stream().map(c -> cell(field(item, c.field()))).toArray(String[]::new));
      }
      table(rows);
    } else {
      structured(JSON.valueToTree(items));
    }
    out.flush();
  }

  /** One resource: details by default, its identifier ({@code idField}) with --quiet. */
  public void one(JsonNode item, String idField) {
    if (quiet) {
      out.println(text(field(item, idField)));
    } else if (format == Format.json) {
      structured(item);
    } else {
      // the table format shows one resource as YAML: a table of one row would cut its details
      yaml(item);
    }
    out.flush();
  }

  /** What an action did, for people (nothing with --quiet or a structured format). */
  public void done(String message) {
    if (!quiet && format == Format.table) {
      out.println(message);
      out.flush();
    }
  }

  /** Text that is the result itself (a JWT, a config file), printed as it is. */
  public void raw(String text) {
    out.print(text);
    if (!text.endsWith("\n")) {
      out.println();
    }
    out.flush();
  }

  private void structured(JsonNode node) {
    if (format == Format.yaml) {
      yaml(node);
    } else {
      try {
        out.println(JSON.writeValueAsString(node));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void yaml(JsonNode node) {
    try {
      out.print(YAML.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void table(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 3));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** The node at a dotted path. */
  static JsonNode field(JsonNode item, String path) {
    JsonNode n = item;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    return n;
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString();
  }

  /** A table cell: arrays joined with commas, nothing as "-", long text cut. */
  private static String cell(JsonNode n) {
    String s;
    if (n.isMissingNode() || n.isNull() || (n.isArray() && n.isEmpty())) {
      s = "-";
    } else if (n.isArray()) {
      List<String> parts = new ArrayList<>();
      n.forEach(e -> parts.add(text(e)));
      s = String.join(",", parts);
    } else {
      s = text(n);
    }
    s = s.replace('\n', ' ');
    return s.length() > 60 ? s.substring(0, 59) + "…" : s;
  }
}
