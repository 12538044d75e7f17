package io.voiceagents.gateway.api.twilio;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.voiceagents.gateway.api.rest.Problem;
import io.voiceagents.gateway.application.GatherService;
import io.voiceagents.gateway.application.IncomingCallService;
import io.voiceagents.gateway.application.OutboundAnswerService;
import io.voiceagents.gateway.application.StatusCallbackService;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.config.GatewaySettings;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.StatusReport;
import io.voiceagents.gateway.domain.twiml.TwimlResponse;

/**
 * Twilio's voice webhooks (form-encoded, signed; see {@link TwilioSignatureFilter}). Voice, outbound and gather
 * always answer with TwiML the caller can hear, even when something behind them failed; status
 * callbacks always answer 204 quickly.
 */
@Path("/twilio/voice")
@Tag(name = "Twilio webhooks", description = "Called by Twilio only; every request must carry a valid X-Twilio-Signature")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class TwilioVoiceWebhooks {

    static final String TWIML = "text/xml";
    static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";
    private static final Logger LOG = Logger.getLogger(TwilioVoiceWebhooks.class);

    @Inject
    IncomingCallService incomingCalls;

    @Inject
    OutboundAnswerService outboundAnswers;

    @Inject
    GatherService gathers;

    @Inject
    StatusCallbackService statusCallbacks;

    @Inject
    GatewayMetrics metrics;

    @Inject
    GatewaySettings settings;

    @POST
    @Produces(TWIML)
    @Operation(summary = "Incoming call", description = "Looks up the agent for the called number and greets the caller")
    @APIResponse(responseCode = "200", description = "TwiML")
    @APIResponse(responseCode = "400", description = "Unsigned request or no CallSid")
    @APIResponse(responseCode = "403", description = "Invalid signature")
    public Response voice(@RestForm("CallSid") String callSid, @RestForm("AccountSid") String accountSid,
            @RestForm("From") String from, @RestForm("To") String to, @RestForm("Direction") String direction,
            @RestForm("CallStatus") String callStatus) {
        if (isBlank(callSid)) {
            return missingCallSid();
        }
        warnOnForeignAccount(callSid, accountSid);
        return twiml("voice", callSid, () -> incomingCalls.answer(new IncomingCallService.IncomingCall(callSid,
                accountSid, from, to, direction, CallStatus.fromWire(callStatus).orElse(null))));
    }

    @POST
    @Path("outbound")
    @Produces(TWIML)
    @Operation(summary = "Outbound call answered", description = "An outbound call placed by outbound-service was answered: "
            + "a person gets the agent's conversation, an answering machine its voicemail message or a hang-up")
    @APIResponse(responseCode = "200", description = "TwiML")
    @APIResponse(responseCode = "400", description = "Unsigned request or no CallSid")
    @APIResponse(responseCode = "403", description = "Invalid signature (the query string is signed too)")
    public Response outbound(@RestQuery("oc") String outboundCallId, @RestQuery("agent") String agentId,
            @RestForm("CallSid") String callSid, @RestForm("AccountSid") String accountSid, @RestForm("From") String from,
            @RestForm("To") String to, @RestForm("Direction") String direction, @RestForm("CallStatus") String callStatus,
            @RestForm("AnsweredBy") String answeredBy) {
        if (isBlank(callSid)) {
            return missingCallSid();
        }
        warnOnForeignAccount(callSid, accountSid);
        UUID outboundCall = parseUuid(callSid, "oc", outboundCallId);
        UUID agent = parseUuid(callSid, "agent", agentId);
        return twiml("outbound", callSid, () -> outboundAnswers.answer(new OutboundAnswerService.OutboundAnswer(callSid,
                accountSid, from, to, direction, CallStatus.fromWire(callStatus).orElse(null), blankToNull(answeredBy),
                outboundCall, agent == null ? null : agent.toString())));
    }

    @POST
    @Path("gather")
    @Produces(TWIML)
    @Operation(summary = "Speech gathered", description = "One caller turn: the agent's reply, a re-prompt on silence, or goodbye")
    @APIResponse(responseCode = "200", description = "TwiML")
    public Response gather(@RestForm("CallSid") String callSid, @RestForm("SpeechResult") String speechResult,
            @RestForm("Confidence") String confidence, @RestHeader(IDEMPOTENCY_HEADER) String idempotencyToken) {
        if (isBlank(callSid)) {
            return missingCallSid();
        }
        return twiml("gather", callSid, () -> gathers.handle(
                new GatherService.GatherInput(callSid, speechResult, parseConfidence(confidence), idempotencyToken)));
    }

    @POST
    @Path("status")
    @Operation(summary = "Call status callback", description = "Moves the call's status forward; duplicates and late "
            + "callbacks are ignored. Outbound calls carry ?oc=&agent= (signed), stored on the call")
    @APIResponse(responseCode = "204", description = "Accepted (also for duplicates and unknown statuses)")
    public Response status(@RestQuery("oc") String outboundCallId, @RestQuery("agent") String agentId,
            @RestForm("CallSid") String callSid, @RestForm("AccountSid") String accountSid,
            @RestForm("CallStatus") String callStatus, @RestForm("CallDuration") String callDuration,
            @RestForm("SequenceNumber") String sequenceNumber, @RestForm("Timestamp") String timestamp,
            @RestForm("AnsweredBy") String answeredBy, @RestForm("From") String from, @RestForm("To") String to,
            @RestForm("Direction") String direction, @RestHeader(IDEMPOTENCY_HEADER) String idempotencyToken) {
        long start = System.nanoTime();
        try {
            if (isBlank(callSid)) {
                return missingCallSid();
            }
            Optional<CallStatus> status = CallStatus.fromWire(callStatus);
            if (status.isEmpty()) {
                LOG.warnf("call %s: status callback with unknown CallStatus '%s' acknowledged and ignored", callSid, callStatus);
                return Response.noContent().build();
            }
            UUID agent = parseUuid(callSid, "agent", agentId);
            statusCallbacks.handle(new StatusReport(callSid, accountSid, status.get(), direction, from, to,
                    parseLong(callDuration), parseLong(sequenceNumber), parseTimestamp(timestamp), blankToNull(answeredBy),
                    agent == null ? null : agent.toString(), parseUuid(callSid, "oc", outboundCallId)),
                    blankToNull(idempotencyToken));
            return Response.noContent().build();
        } catch (RuntimeException e) {
            // answer 2xx regardless: an error status would only surface in Twilio's debugger, the log is where operators look
            LOG.errorf(e, "call %s: status callback %s could not be applied", callSid, callStatus);
            return Response.noContent().build();
        } finally {
            metrics.webhookHandled("status", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Runs a TwiML use case; an unexpected failure still gives the caller a polite ending, not a Twilio error. */
    private Response twiml(String endpoint, String callSid, Supplier<TwimlResponse> handler) {
        long start = System.nanoTime();
        TwimlResponse response;
        try {
            response = handler.get();
        } catch (RuntimeException e) {
            LOG.errorf(e, "call %s: %s webhook failed, ending the call politely", callSid, endpoint);
            response = TwimlResponse.create().say(settings.config().messages().unavailable(), null, null).hangup();
        } finally {
            metrics.webhookHandled(endpoint, Duration.ofNanos(System.nanoTime() - start));
        }
        return Response.ok(response.toXml(), TWIML).build();
    }

    private void warnOnForeignAccount(String callSid, String accountSid) {
        settings.config().twilio().accountSid()
                .filter(expected -> !expected.isBlank() && accountSid != null && !expected.equals(accountSid))
                .ifPresent(expected -> LOG.warnf("call %s comes from account %s, configured TWILIO_ACCOUNT_SID is %s",
                        callSid, accountSid, expected));
    }

    private static Response missingCallSid() {
        return Problem.of(Response.Status.BAD_REQUEST, "The CallSid parameter is missing.").toResponse();
    }

    private static float parseConfidence(String value) {
        if (isBlank(value)) {
            return 0f;
        }
        try {
            float parsed = Float.parseFloat(value.trim());
            return Float.isFinite(parsed) ? Math.max(0f, Math.min(1f, parsed)) : 0f;
        } catch (NumberFormatException e) {
            return 0f;
        }
    }

    /**
     * The {@code oc} and {@code agent} query parameters outbound-service puts into the URLs it gives Twilio.
     * They are covered by the signature, so they are trusted; a malformed one is a bug upstream, logged and ignored.
     */
    private static UUID parseUuid(String callSid, String name, String value) {
        if (isBlank(value)) {
            return null;
        }
        String trimmed = value.trim();
        try {
            UUID parsed = UUID.fromString(trimmed);
            // UUID.fromString also takes short forms such as 1-2-3-4-5: only the canonical spelling is an id
            if (parsed.toString().equalsIgnoreCase(trimmed)) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        LOG.warnf("call %s: query parameter %s='%s' is not a UUID, ignored", callSid, name, value);
        return null;
    }

    private static Long parseLong(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Twilio's Timestamp is RFC 1123 ("Tue, 10 Feb 2026 10:00:00 +0000"); the receive time stands in otherwise. */
    static Instant parseTimestamp(String value) {
        if (isBlank(value)) {
            return Instant.now();
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }
}
