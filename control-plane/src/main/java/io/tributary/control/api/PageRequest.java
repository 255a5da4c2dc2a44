package io.tributary.control.api;

import java.util.List;
import java.util.function.Function;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * {@code ?page=0&size=50} of a list endpoint ({@code @BeanParam @Valid}); page 0–1,000,000, size
 * 1–500 (the first row, page × size, must be an int).
 */
public class PageRequest {
  @QueryParam("page")
  @DefaultValue("0")
  @Min(0)
  @Max(1_000_000)
  public int page;

  @QueryParam("size")
  @DefaultValue("50")
  @Min(1)
  @Max(500)
  public int size;

  /** This page of {@code all}. */
  public <T> PageView<T> of(List<T> all) {
    int from = (int) Math.min((long) page * size, all.size());
    return new PageView<>(
        all.subList(from, Math.min(from + size, all.size())), page, size, all.size());
  }

  /** This page of {@code query}, each row shown as {@code view}. */
  public <E, V> PageView<V> of(PanacheQuery<E> query, Function<E, V> view) {
    return new PageView<>(
        query.page(Page.of(page, size)).list().stream().map(view).toList(),
        page,
        size,
        query.count());
  }
}
