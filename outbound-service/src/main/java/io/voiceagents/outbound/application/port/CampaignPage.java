package io.voiceagents.outbound.application.port;

import java.util.List;
import java.util.function.Function;

/** One page of a campaign listing; {@code page} is 0-based. */
public record CampaignPage<T>(List<T> items, int page, int size, long totalItems) {

    public int totalPages() {
        return size == 0 ? 0 : (int) ((totalItems + size - 1) / size);
    }

    public <R> CampaignPage<R> map(Function<T, R> mapper) {
        return new CampaignPage<>(items.stream().map(mapper).toList(), page, size, totalItems);
    }
}
