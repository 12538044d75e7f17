package io.voiceagents.outbound.infra.twilio;

import java.net.URI;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.twilio.base.Page;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;

import io.voiceagents.outbound.application.port.TwilioCallException;
import io.voiceagents.outbound.application.port.TwilioCallException.Kind;
import io.voiceagents.outbound.application.port.TwilioCalls;
import io.voiceagents.outbound.domain.WebhookUrls;

/**
 * Twilio's Calls resource through the official SDK. Every failure leaves as a {@link TwilioCallException}: 429 is
 * rate-limited; 5xx, time-outs and I/O failures are uncertain (the request may have taken effect); 404 is not found;
 * any other 4xx is permanent, with Twilio's code and message (21211 invalid number, 21215/13227 geo permission,
 * 21210 unverified caller ID, ...).
 */
public class TwilioRestCalls implements TwilioCalls {

    static final List<String> STATUS_EVENTS = List.of("initiated", "ringing", "answered", "completed");
    /** Enough for any realistic number of calls to one number within a reconciliation window. */
    private static final long RECONCILE_PAGE_SIZE = 50;
    private static final Logger LOG = Logger.getLogger(TwilioRestCalls.class);

    private final TwilioRestClient client;
    private final WebhookUrls urls;

    public TwilioRestCalls(TwilioRestClient client, WebhookUrls urls) {
        this.client = client;
        this.urls = urls;
    }

    @Override
    public TwilioCall create(DialRequest request) {
        var creator = Call.creator(new PhoneNumber(request.to()), new PhoneNumber(request.from()),
                        URI.create(urls.voiceUrl(request.outboundCallId(), request.agentId())))
                .setStatusCallback(URI.create(urls.statusCallbackUrl(request.outboundCallId(), request.agentId())))
                .setStatusCallbackEvent(STATUS_EVENTS)
                .setStatusCallbackMethod(HttpMethod.POST)
                .setTimeout(request.ringTimeoutSeconds());
        if (request.machineDetection() != null) {
            creator.setMachineDetection(request.machineDetection());
        }
        return call("create a call", () -> map(creator.create(client)));
    }

    @Override
    public TwilioCall cancel(String callSid) {
        return call("cancel call " + callSid,
                () -> map(Call.updater(callSid).setStatus(Call.UpdateStatus.CANCELED).update(client)));
    }

    @Override
    public Optional<TwilioCall> fetch(String callSid) {
        try {
            return Optional.of(call("fetch call " + callSid, () -> map(Call.fetcher(callSid).fetch(client))));
        } catch (TwilioCallException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<TwilioCall> findCreatedSince(String to, String from, Instant since) {
        // Twilio can filter by start time only, which a call still ringing may not have: filter on creation here.
        // The list is newest first, so one page covers the window.
        Page<Call> page = call("list calls", () -> Call.reader().setTo(new PhoneNumber(to))
                .setFrom(new PhoneNumber(from)).setPageSize(RECONCILE_PAGE_SIZE).firstPage(client));
        List<TwilioCall> found = new ArrayList<>();
        for (Call c : page.getRecords()) {
            TwilioCall mapped = map(c);
            if (mapped.dateCreated() == null || !mapped.dateCreated().isBefore(since)) {
                found.add(mapped);
            }
        }
        found.sort(Comparator.comparing(TwilioCall::dateCreated, Comparator.nullsLast(Comparator.naturalOrder())));
        return found;
    }

    private static TwilioCall map(Call c) {
        ZonedDateTime created = c.getDateCreated();
        Long duration = null;
        if (c.getDuration() != null && c.getDuration().matches("\\d+")) {
            duration = Long.valueOf(c.getDuration());
        }
        return new TwilioCall(c.getSid(), c.getTo(), c.getFrom(), c.getStatus() == null ? null : c.getStatus().toString(),
                created == null ? null : created.toInstant(), c.getAnsweredBy(), duration);
    }

    private static <T> T call(String what, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (ApiException e) {
            throw classify(what, e);
        } catch (ApiConnectionException e) {
            throw new TwilioCallException(Kind.UNCERTAIN, null, null, "could not " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // a response the SDK could not read, or anything else unexpected: nobody knows whether it took effect
            LOG.debugf(e, "Twilio request to %s failed unexpectedly", what);
            throw new TwilioCallException(Kind.UNCERTAIN, null, null, "could not " + what + ": " + e, e);
        }
    }

    static TwilioCallException classify(String what, ApiException e) {
        Integer status = e.getStatusCode();
        Integer code = e.getCode();
        String message = e.getMessage();
        Kind kind;
        if (status == null) {
            kind = Kind.UNCERTAIN;
        } else if (status == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (status >= 500) {
            kind = Kind.UNCERTAIN;
        } else if (status == 404) {
            kind = Kind.NOT_FOUND;
        } else if (status >= 400) {
            kind = Kind.PERMANENT;
        } else {
            kind = Kind.UNCERTAIN;
        }
        return new TwilioCallException(kind, status, code, message == null ? "could not " + what : message, e);
    }
}
