package io.voiceagents.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** call-gateway's Prometheus counters, read from its own port as a scraper would. */
final class RealtimeMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RealtimeMetrics() {
    }

    /** {@code gateway_stream_sessions_ended_total} for one end reason (0 before the first such end). */
    static double sessionsEnded(LocalStack stack, String reason) {
        String text = scrape(stack);
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("gateway_stream_sessions_ended_total{") && line.contains("reason=\"" + reason + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String scrape(LocalStack stack) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.serviceUrl(StackService.CALL_GATEWAY) + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).header("Accept", "text/plain").GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/q/metrics answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
