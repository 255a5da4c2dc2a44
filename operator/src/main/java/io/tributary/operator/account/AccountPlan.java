package io.tributary.operator.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import io.tributary.operator.controlplane.ControlPlaneClient.Account;
import io.tributary.operator.controlplane.ControlPlaneClient.Export;
import io.tributary.operator.controlplane.ControlPlaneClient.Import;
import io.tributary.operator.crd.TributaryAccount;
import io.tributary.operator.crd.TributaryAccountSpec;
import io.tributary.operator.reconcile.JsonDiff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What differs between an account's spec and the account in the control plane, and the writes that
 * make the control plane's as the spec says: a pure function of both. Only what the spec sets is
 * compared; exports and imports, when set, as a whole (one the spec does not name is deleted; one
 * that differs is deleted and made again, as the API has no change for them).
 *
 * @param differences the paths that differ ({@code description}, {@code limits.conn}, {@code
 *     clusters}, {@code exports.<name>…}, {@code imports.<name>…}), sorted
 * @param change the {@code AccountChange} body, or null when description, limits and clusters are
 *     as asked
 */
public record AccountPlan(
    List<String> differences,
    ObjectNode change,
    List<String> deleteExports,
    List<ObjectNode> createExports,
    List<String> deleteImports,
    List<ObjectNode> createImports) {

  /**
   * @param exports the account's exports (ignored unless the spec sets exports)
   * @param imports the account's imports (ignored unless the spec sets imports)
   * @param exporterKeys each import's {@code account} → the exporter's public key
   */
  public static AccountPlan of(
      TributaryAccount account,
      Account there,
      List<Export> exports,
      List<Import> imports,
      Map<String, String> exporterKeys) {
    TributaryAccountSpec spec = account.getSpec();
    List<String> differences = new ArrayList<>();
    ObjectNode change = AccountRequests.JSON.createObjectNode();
    if (spec.description != null && !spec.description.equals(there.description())) {
      differences.add("description");
      change.put("description", spec.description);
    }
    if (spec.limits != null) {
      int before = differences.size();
      JsonNode desired = AccountRequests.limits(spec);
      // unset limits are not managed; tiers replace the account's as a whole
      desired
          .fieldNames()
          .forEachRemaining(
              k ->
                  JsonDiff.diff("limits." + k, desired.get(k), there.limits().get(k), differences));
      if (differences.size() > before) {
        change.set("limits", desired);
      }
    }
    if (spec.clusters != null
        && !new TreeSet<>(spec.clusters).equals(new TreeSet<>(there.clusters()))) {
      differences.add("clusters");
      spec.clusters.forEach(change.putArray("clusters")::add);
    }

    List<String> deleteExports = new ArrayList<>();
    List<ObjectNode> createExports = new ArrayList<>();
    if (spec.exports != null) {
      Map<String, JsonNode> actual = new LinkedHashMap<>();
      exports.forEach(e -> actual.put(e.name(), AccountRequests.JSON.valueToTree(e)));
      Map<String, ObjectNode> desired = new LinkedHashMap<>();
      spec.exports.forEach(e -> desired.put(e.name, AccountRequests.newExport(e)));
      reconcile(
          "exports", desired, actual, differences, deleteExports, createExports, body -> body);
    }
    List<String> deleteImports = new ArrayList<>();
    List<ObjectNode> createImports = new ArrayList<>();
    if (spec.imports != null) {
      Map<String, JsonNode> actual = new LinkedHashMap<>();
      imports.forEach(i -> actual.put(i.name(), AccountRequests.JSON.valueToTree(i)));
      Map<String, ObjectNode> desired = new LinkedHashMap<>();
      spec.imports.forEach(
          i -> desired.put(i.name, AccountRequests.newImport(i, exporterKeys.get(i.account))));
      // the API shows whether an import has a token, not the token
      reconcile(
          "imports",
          desired,
          actual,
          differences,
          deleteImports,
          createImports,
          body -> {
            ObjectNode shown = body.deepCopy();
            shown.remove("token");
            return shown.put("activation", body.has("token"));
          });
    }
    differences.sort(null);
    return new AccountPlan(
        List.copyOf(differences),
        change.isEmpty() ? null : change,
        deleteExports,
        createExports,
        deleteImports,
        createImports);
  }

  public boolean isEmpty() {
    return differences.isEmpty();
  }

  // Named items: one that differs is deleted and made again, one not asked for deleted.
  private static void reconcile(
      String field,
      Map<String, ObjectNode> desired,
      Map<String, JsonNode> actual,
      List<String> differences,
      List<String> delete,
      List<ObjectNode> create,
      UnaryOperator<ObjectNode> asShown) {
    for (Map.Entry<String, JsonNode> e : actual.entrySet()) {
      ObjectNode want = desired.get(e.getKey());
      List<String> found = new ArrayList<>();
      JsonDiff.diff(
          field + "." + e.getKey(), want == null ? null : asShown.apply(want), e.getValue(), found);
      if (!found.isEmpty()) {
        differences.addAll(found);
        delete.add(e.getKey());
        if (want != null) {
          create.add(want);
        }
      }
    }
    for (Map.Entry<String, ObjectNode> e : desired.entrySet()) {
      if (!actual.containsKey(e.getKey())) {
        differences.add(field + "." + e.getKey());
        create.add(e.getValue());
      }
    }
  }
}
