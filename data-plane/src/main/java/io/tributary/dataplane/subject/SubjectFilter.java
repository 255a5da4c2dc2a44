package io.tributary.dataplane.subject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.auth.subject.Subjects;

/**
 * One or more subject filters (wildcards allowed) a reader takes messages by: a consumer's {@code
 * filter_subject(s)}. What a subject matched is remembered, so a consumer with a hundred filters
 * pays one hash look-up per message, not a hundred comparisons.
 */
public final class SubjectFilter {
  /** Matches every subject. */
  public static final SubjectFilter ALL = new SubjectFilter(List.of());

  private static final int CACHE_MAX = 64 * 1024;

  private final List<String> filters;
  private final Set<String> literals;
  private final boolean wildcards;
  private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

  private SubjectFilter(List<String> filters) {
    this.filters = List.copyOf(filters);
    this.literals = Set.copyOf(filters.stream().filter(Subjects::isValidLiteral).toList());
    this.wildcards = literals.size() < this.filters.size();
  }

  /** The filters; none, or one that is {@code >}, match everything. */
  public static SubjectFilter of(List<String> filters) {
    if (filters == null
        || filters.isEmpty()
        || filters.stream().anyMatch(f -> f == null || f.isEmpty() || f.equals(">"))) {
      return ALL;
    }
    return new SubjectFilter(filters);
  }

  /** One filter (null, empty or {@code >}: everything). */
  public static SubjectFilter of(String filter) {
    return filter == null ? ALL : of(List.of(filter));
  }

  /**
   * These filters, or {@link #ALL} when every subject a stream captures ({@code captured}) matches
   * one of them: a filter that takes everything costs nothing.
   */
  public SubjectFilter within(List<String> captured) {
    if (isAll() || captured == null || captured.isEmpty()) {
      return this;
    }
    for (String c : captured) {
      if (filters.stream().noneMatch(f -> Subjects.isSubsetOf(c, f))) {
        return this;
      }
    }
    return ALL;
  }

  public boolean isAll() {
    return filters.isEmpty();
  }

  /** The one literal subject this filter is, or null. */
  public String literal() {
    return filters.size() == 1 && !wildcards ? filters.get(0) : null;
  }

  public List<String> filters() {
    return filters;
  }

  public boolean matches(String subject) {
    if (filters.isEmpty()) {
      return true;
    }
    if (literals.contains(subject)) {
      return true;
    }
    if (!wildcards) {
      return false;
    }
    Boolean hit = cache.get(subject);
    if (hit == null) {
      hit = filters.stream().anyMatch(f -> Subjects.matches(f, subject));
      if (cache.size() >= CACHE_MAX) {
        cache.clear();
      }
      cache.put(subject, hit);
    }
    return hit;
  }
}
