package io.voiceagents.gateway.api.twilio;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.config.GatewayConfigCheck;

/** Builds the signature validator from TWILIO_AUTH_TOKEN; without a token it fails instead of letting requests through. */
public class TwilioSecurityProducer {

    @Produces
    @Singleton
    TwilioSignatureValidator validator(GatewayConfig config) {
        String token = config.twilio().authToken()
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        GatewayConfigCheck.authTokenProblem(config.twilio().authToken()).orElseThrow()));
        return new TwilioSignatureValidator(token);
    }
}
