package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * java-operator-sdk 5.2.3 is built on fabric8 7.5.2; the Quarkus BOM the parent imports manages
 * io.fabric8 at 7.7.0. The operator's pom imports fabric8's own BOM first (ADR 0016): every fabric8
 * jar on the class path is of one version, the one JOSDK declares.
 */
class VersionsTest {
  @Test
  void everyFabric8JarIsOfTheVersionJosdkIsBuiltOn() {
    List<Class<?>> fromFabric8 =
        List.of(
            io.fabric8.kubernetes.client.KubernetesClient.class, // kubernetes-client-api
            io.fabric8.kubernetes.client.impl.KubernetesClientImpl.class, // kubernetes-client
            io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory.class,
            io.fabric8.kubernetes.api.model.Pod.class, // kubernetes-model-core
            io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
            io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
            io.fabric8.kubernetes.client.server.mock.KubernetesMockServer.class,
            io.fabric8.zjsonpatch.JsonPatch.class);
    String expected = System.getProperty("fabric8.version", "7.5.2");
    for (Class<?> c : fromFabric8) {
      String jar = c.getProtectionDomain().getCodeSource().getLocation().getPath();
      assertThat(jar).as(c.getName()).contains("/" + expected + "/");
    }
    String josdk =
        io.javaoperatorsdk.operator.Operator.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .getPath();
    assertThat(josdk).contains("/5.2.3/");
  }
}
