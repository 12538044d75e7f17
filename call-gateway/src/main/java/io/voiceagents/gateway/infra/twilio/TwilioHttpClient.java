package io.voiceagents.gateway.infra.twilio;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * The HTTP client under the Twilio SDK, as outbound-service uses it: one attempt per request (the SDK would
 * repeat a 5xx up to three times and Apache's client a 429/503 once, each time holding the agent's hang-up or
 * transfer for longer; the session decides what a failure means), a bounded connect and read time-out, and
 * with TWILIO_API_BASE_URL set, every request addressed to that base instead of https://api.twilio.com (the
 * sandbox's and the tests' REST emulator), path, query, auth and body unchanged.
 */
final class TwilioHttpClient extends HttpClient {

    private final NetworkHttpClient network;
    private final String baseUrl;

    /** @param baseUrl replacement for {@code https://api.twilio.com}, null to talk to Twilio */
    TwilioHttpClient(String baseUrl, Duration timeout) {
        Timeout limit = Timeout.ofMilliseconds(timeout.toMillis());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(limit).setSoKeepAlive(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit)
                        .build())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(50)
                .build();
        this.network = new NetworkHttpClient(HttpClientBuilder.create().useSystemProperties()
                .setConnectionManager(connections)
                .disableAutomaticRetries());
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip().replaceAll("/+$", "");
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        return network.makeRequest(baseUrl == null ? request : readdressed(request));
    }

    private Request readdressed(Request original) {
        URL url = original.constructURL();
        Request copy = new Request(original.getMethod(), baseUrl + URI.create(url.toString()).getRawPath());
        copy(original.getQueryParams(), copy::addQueryParam);
        copy(original.getPostParams(), copy::addPostParam);
        copy(original.getHeaderParams(), copy::addHeaderParam);
        if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        } else if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        }
        copy.setContentType(original.getContentType());
        if (original.getBody() != null) {
            copy.setBody(original.getBody());
        }
        if (original.getUserAgentExtensions() != null) {
            copy.setUserAgentExtensions(original.getUserAgentExtensions());
        }
        return copy;
    }

    private static void copy(Map<String, List<String>> params, BiConsumer<String, String> into) {
        params.forEach((name, values) -> values.forEach(value -> into.accept(name, value)));
    }
}
