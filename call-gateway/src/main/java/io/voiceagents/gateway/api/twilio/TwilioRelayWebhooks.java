package io.voiceagents.gateway.api.twilio;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.voiceagents.gateway.api.ws.RelayWire;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.domain.RelayHandoff;
import io.voiceagents.gateway.domain.twiml.TwimlResponse;

/**
 * The {@code <Connect action>} of a `relay` call: Twilio requests it when the ConversationRelay session is over,
 * with the handoff data the gateway sent in its {@code end} message. Signed like every webhook (see
 * {@link TwilioSignatureFilter}). The answer is a pure function of the request and nothing is stored, so a
 * retried delivery (same I-Twilio-Idempotency-Token) gets the same TwiML and has no second effect.
 */
@Path("/twilio/voice/relay-ended")
@Tag(name = "Twilio webhooks", description = "Called by Twilio only; every request must carry a valid X-Twilio-Signature")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class TwilioRelayWebhooks {

    private static final Logger LOG = Logger.getLogger(TwilioRelayWebhooks.class);

    private final RelayWire wire;
    private final GatewayMetrics metrics;

    @Inject
    public TwilioRelayWebhooks(ObjectMapper json, GatewayMetrics metrics) {
        this.wire = new RelayWire(json);
        this.metrics = metrics;
    }

    @POST
    @Produces(TwilioVoiceWebhooks.TWIML)
    @Operation(summary = "ConversationRelay session ended", description = "Dials the transfer number the agent chose, "
            + "or hangs up (the agent ended the call, or the session ended without handoff data)")
    @APIResponse(responseCode = "200", description = "TwiML")
    @APIResponse(responseCode = "400", description = "Unsigned request")
    @APIResponse(responseCode = "403", description = "Invalid signature")
    public Response ended(@RestForm("CallSid") String callSid, @RestForm("HandoffData") String handoffData,
            @RestForm("SessionStatus") String sessionStatus, @RestForm("ErrorMessage") String errorMessage) {
        long start = System.nanoTime();
        try {
            return Response.ok(twiml(callSid, handoffData, sessionStatus, errorMessage).toXml(), TwilioVoiceWebhooks.TWIML)
                    .build();
        } finally {
            metrics.webhookHandled("relay-ended", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private TwimlResponse twiml(String callSid, String handoffData, String sessionStatus, String errorMessage) {
        RelayHandoff handoff = wire.parseHandoffData(handoffData);
        if (handoff != null && handoff.isDialableTransfer()) {
            LOG.infof("call %s: relay session handed off, dialling %s", callSid, handoff.transferTo());
            return TwimlResponse.create().dial(handoff.transferTo());
        }
        if (handoff == null) {
            LOG.infof("call %s: relay session ended without handoff (status %s%s), hanging up", callSid, sessionStatus,
                    errorMessage == null || errorMessage.isBlank() ? "" : ", error: " + errorMessage);
        } else if (RelayHandoff.TRANSFER.equals(handoff.reasonCode())) {
            LOG.errorf("call %s: relay handoff asks for a transfer to '%s', which cannot be dialled; hanging up",
                    callSid, handoff.transferTo());
        }
        return TwimlResponse.create().hangup();
    }
}
