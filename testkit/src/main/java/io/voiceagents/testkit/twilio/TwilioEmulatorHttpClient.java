package io.voiceagents.testkit.twilio;

import com.twilio.constant.EnumConstants;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * A Twilio SDK {@link HttpClient} that sends the SDK's {@code https://api.twilio.com/...} requests to an emulator
 * base URL instead, keeping path, query, headers, Basic auth and body exactly as the SDK built them.
 */
public final class TwilioEmulatorHttpClient extends HttpClient {

    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final String baseUrl;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUrl e.g. {@code http://127.0.0.1:8123}, replacing {@code https://api.twilio.com} */
    public TwilioEmulatorHttpClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public Response makeRequest(Request request) {
        URL original = request.constructURL();
        String target = baseUrl + original.getPath() + (original.getQuery() == null ? "" : "?" + original.getQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .header("X-Twilio-Client", "java-emulated")
                .header("X-Original-Host", original.getHost())
                .header("Accept", "application/json");
        if (request.requiresAuthentication()) {
            b.header("Authorization", request.getAuthString());
        }
        for (Map.Entry<String, List<String>> h : request.getHeaderParams().entrySet()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            boolean json = request.getContentType() == EnumConstants.ContentType.JSON;
            String body = json ? request.getBody() : request.encodeFormBody();
            b.header("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded");
            b.method(method.name(), HttpRequest.BodyPublishers.ofString(body == null ? "" : body, StandardCharsets.UTF_8));
        } else {
            b.method(method.name(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            List<Header> headers = new ArrayList<>();
            r.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(new BasicHeader(name, v))));
            // the SDK logs response headers and dereferences the array, so it must not be null
            return new Response(r.body(), r.statusCode(), headers.toArray(Header[]::new));
        } catch (IOException e) {
            // same failure the SDK's own NetworkHttpClient reports
            throw new ApiException("IOException during API request to Twilio emulator at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted during API request to Twilio emulator", e);
        }
    }
}
