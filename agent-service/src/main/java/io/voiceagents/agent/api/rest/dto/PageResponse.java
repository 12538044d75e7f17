package io.voiceagents.agent.api.rest.dto;

import java.util.List;
import java.util.function.Function;

import io.voiceagents.agent.domain.PageResult;

/** One page of a listing; {@code page} is zero-based. */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <D, T> PageResponse<T> of(PageResult<D> result, Function<D, T> mapper) {
        return new PageResponse<>(result.items().stream().map(mapper).toList(), result.page(), result.size(),
                result.totalItems(), result.totalPages());
    }
}
