package io.tributary.dataplane.subject;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectMappingTest {
  @Test
  void mapsWildcardsPositionallyOrByReference() {
    assertThat(SubjectMapping.map("prices.>", "ext.prices.>", "prices.eur.spot"))
        .isEqualTo("ext.prices.eur.spot");
    assertThat(SubjectMapping.map("a.*.c.*", "x.$2.$1", "a.one.c.two")).isEqualTo("x.two.one");
    assertThat(SubjectMapping.map("a.*", "b.*", "a.q")).isEqualTo("b.q");
    assertThat(SubjectMapping.map("a.b", "c.d", "a.b")).isEqualTo("c.d");
  }

  @Test
  void aPrefixedPatternKeepsTheWholeSubject() {
    // A stream import's deprecated "to" is a prefix: "feed.*" under "theirs" → "theirs.feed.*".
    assertThat(SubjectMapping.map("feed.*", "theirs.feed.*", "feed.x")).isEqualTo("theirs.feed.x");
  }

  @Test
  void anUnchangedSubjectKeepsItsBytes() {
    byte[] subject = "a.b".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(SubjectMapping.map("a.*", "a.*", subject).bytes()).isSameAs(subject);
    assertThat(SubjectMapping.map("a.*", "x.*", subject).text()).isEqualTo("x.b");
  }
}
