package io.voiceagents.outbound.infra.twilio;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * The HTTP client under the official Twilio SDK, with two changes:
 * <ul>
 *   <li>exactly one attempt per request: the SDK's own {@code reliableRequest} repeats any 5xx up to three times,
 *       and Apache HttpClient's default retry strategy repeats a 429 or 503 once (POST included), so a create that
 *       failed after Twilio created the call would dial the callee twice. The dialer decides about retries, after
 *       reconciling;</li>
 *   <li>with TWILIO_API_BASE_URL set, requests for {@code https://api.twilio.com} go to that base URL instead (the
 *       sandbox's and the tests' Twilio emulator), path, query, headers, auth and body unchanged.</li>
 * </ul>
 * Responses wait at most the given time-out (socket read); a request that times out is reported as an I/O failure,
 * which the adapter classifies as uncertain.
 */
final class TwilioApiHttpClient extends HttpClient {

    private final NetworkHttpClient network;
    private final String baseUrl;

    /** @param baseUrl replacement for {@code https://api.twilio.com}, null to talk to Twilio */
    TwilioApiHttpClient(String baseUrl, Duration responseTimeout) {
        Timeout timeout = Timeout.ofMilliseconds(responseTimeout.toMillis());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout).setSoKeepAlive(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                        .build())
                .setMaxConnTotal(20)
                .setMaxConnPerRoute(20)
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
        return network.makeRequest(baseUrl == null ? request : redirected(request));
    }

    /** The same request addressed to the base URL. */
    Request redirected(Request original) {
        URL url = original.constructURL();
        Request copy = new Request(original.getMethod(), baseUrl + URI.create(url.toString()).getRawPath());
        copyParams(original.getQueryParams(), copy::addQueryParam);
        copyParams(original.getPostParams(), copy::addPostParam);
        copyParams(original.getHeaderParams(), copy::addHeaderParam);
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

    private static void copyParams(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> into) {
        params.forEach((name, values) -> values.forEach(value -> into.accept(name, value)));
    }
}
