package io.voiceagents.gateway.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.vertx.core.http.HttpServerRequest;
import io.voiceagents.gateway.api.twilio.TwilioSignatureValidator;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.config.GatewaySettings;

/** The upgrade check on its own: which sockets it guards and which signatures it takes. */
class TwilioUpgradeCheckTest {

    private static final String TOKEN = "upgrade-check-token";
    private final TwilioSignatureValidator validator = new TwilioSignatureValidator(TOKEN);

    private static GatewaySettings settings(String publicBaseUrl) {
        GatewayConfig config = (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "publicBaseUrl" -> Optional.ofNullable(publicBaseUrl);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new GatewaySettings(config);
    }

    private static HttpServerRequest upgrade(String path, String signature) {
        return (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "path" -> path;
                    case "query" -> null;
                    case "getHeader" -> TwilioUpgradeCheck.SIGNATURE_HEADER.equals(args[0]) ? signature : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private CheckResult check(String publicBaseUrl, String path, String signature) {
        return new TwilioUpgradeCheck(settings(publicBaseUrl), validator).check(upgrade(path, signature));
    }

    @Test
    void mediaAndRelaySocketsNeedASignatureForTheirWssUrl() {
        for (String path : new String[] {"/twilio/media", "/twilio/relay"}) {
            String signed = validator.sign("wss://gw.example" + path, Map.of());
            assertThat(check("https://gw.example", path, signed).isUpgradePermitted()).as(path).isTrue();
            // Twilio's helpers may have signed the URL with the default port
            String withPort = validator.sign("wss://gw.example:443" + path, Map.of());
            assertThat(check("https://gw.example", path, withPort).isUpgradePermitted()).as(path).isTrue();
            // the https:// form is not what Twilio signs for a socket
            String httpsForm = validator.sign("https://gw.example" + path, Map.of());
            assertThat(check("https://gw.example", path, httpsForm).getHttpResponseCode()).isEqualTo(403);
        }
    }

    @Test
    void missingIsBadRequestAndWrongIsForbidden() {
        CheckResult missing = check("https://gw.example", "/twilio/media", null);
        assertThat(missing.isUpgradePermitted()).isFalse();
        assertThat(missing.getHttpResponseCode()).isEqualTo(400);
        assertThat(check("https://gw.example", "/twilio/media", " ").getHttpResponseCode()).isEqualTo(400);
        String otherPath = validator.sign("wss://gw.example/twilio/relay", Map.of());
        assertThat(check("https://gw.example", "/twilio/media", otherPath).getHttpResponseCode()).isEqualTo(403);
    }

    @Test
    void aBasePathAndAPlainHttpSandboxAreSignedAsTheyArePublished() {
        String signed = validator.sign("ws://localhost:8181/gw/twilio/media", Map.of());
        assertThat(check("http://localhost:8181/gw", "/twilio/media", signed).isUpgradePermitted()).isTrue();
    }

    @Test
    void withoutAUsablePublicUrlEveryTwilioUpgradeIsRefused() {
        String signed = validator.sign("wss://gw.example/twilio/media", Map.of());
        CheckResult result = check(null, "/twilio/media", signed);
        assertThat(result.isUpgradePermitted()).isFalse();
        assertThat(result.getHttpResponseCode()).isEqualTo(403);
    }

    @Test
    void otherSocketsAreLeftToTheirOwnAuthentication() {
        assertThat(check("https://gw.example", "/api/calls/CA1/live", null).isUpgradePermitted()).isTrue();
        assertThat(check("https://gw.example", "/twilioish", null).isUpgradePermitted()).isTrue();
    }
}
