package io.voiceagents.outbound.infra.twilio;

import com.twilio.http.TwilioRestClient;

import io.voiceagents.outbound.application.port.TwilioCalls;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.WebhookUrls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The Twilio REST client built from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN (its own instance, not the SDK's static
 * {@code Twilio.init} singleton), optionally pointed at TWILIO_API_BASE_URL.
 */
@ApplicationScoped
public class TwilioCallsProducer {

    @Produces
    @ApplicationScoped
    TwilioCalls twilioCalls(OutboundConfig config) {
        // the config check has already stopped the start when these are missing
        String accountSid = config.twilio().accountSid().orElseThrow().strip();
        String authToken = config.twilio().authToken().orElseThrow().strip();
        TwilioRestClient client = new TwilioRestClient.Builder(accountSid, authToken)
                .accountSid(accountSid)
                .httpClient(new TwilioApiHttpClient(config.twilio().apiBaseUrl().orElse(null),
                        config.twilio().requestTimeout()))
                .build();
        return new TwilioRestCalls(client, new WebhookUrls(config.publicBaseUrl().orElseThrow()));
    }
}
