package io.voiceagents.outbound.application.port;

import java.util.List;
import java.util.function.Function;

/** One page of a listing (outbound calls, campaigns, contacts); {@code page} is 0-based. */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

    public int totalPages() {
        return size == 0 ? 0 : (int) ((totalItems + size - 1) / size);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, totalItems);
    }
}
