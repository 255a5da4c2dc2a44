package io.tributary.control.api;

import java.util.List;

/** One page of a list endpoint: the items, which page of what size, and how many there are. */
public record PageView<T>(List<T> items, int page, int size, long total) {}
