package io.voiceagents.gateway.infra.twilio;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;

import io.voiceagents.gateway.application.port.CallControl;
import io.voiceagents.gateway.application.port.CallControlException;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.RelayHandoff;
import io.voiceagents.gateway.domain.twiml.TwimlResponse;

/**
 * Live call updates through Twilio's Calls resource with the official SDK (its own client instance built from
 * TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN, not the SDK's static singleton). Each update is one HTTP request bounded
 * by TWILIO_REQUEST_TIMEOUT; it blocks the calling thread for that long at most, so sessions call it from their own
 * worker, never from an event loop. Failures carry Twilio's code and message: 429 and 5xx (and no answer at all) are
 * retriable, any other 4xx (21220: the call is no longer in progress, 20404: unknown call) is not.
 */
@ApplicationScoped
public class TwilioCallControl implements CallControl {

    private static final Logger LOG = Logger.getLogger(TwilioCallControl.class);

    private final TwilioRestClient client;

    @Inject
    public TwilioCallControl(GatewayConfig config) {
        this(config.twilio());
    }

    TwilioCallControl(GatewayConfig.Twilio twilio) {
        this.client = restClient(twilio);
    }

    private static TwilioRestClient restClient(GatewayConfig.Twilio twilio) {
        // the config check has already stopped the start when these are missing
        String accountSid = twilio.accountSid().orElseThrow().strip();
        String authToken = twilio.authToken().orElseThrow();
        return new TwilioRestClient.Builder(accountSid, authToken)
                .accountSid(accountSid)
                .httpClient(new TwilioHttpClient(twilio.apiBaseUrl().orElse(null), twilio.requestTimeout()))
                .build();
    }

    @Override
    public void hangUp(String callSid) {
        update("hang up call " + callSid, () -> Call.updater(callSid).setStatus(Call.UpdateStatus.COMPLETED).update(client));
        LOG.infof("call %s hung up over REST", callSid);
    }

    @Override
    public void transfer(String callSid, String number) {
        if (!RelayHandoff.isE164(number)) {
            throw new CallControlException("cannot transfer call " + callSid + " to '" + number
                    + "': not an E.164 number", false, null, null, null);
        }
        String twiml = TwimlResponse.create().dial(number).toXml();
        update("transfer call " + callSid, () -> Call.updater(callSid).setTwiml(twiml).update(client));
        LOG.infof("call %s transferred to %s over REST", callSid, number);
    }

    private static void update(String what, Supplier<Call> request) {
        try {
            request.get();
        } catch (ApiException e) {
            throw classify(what, e);
        } catch (ApiConnectionException e) {
            throw new CallControlException("could not " + what + ": " + e.getMessage(), true, null, null, e);
        } catch (RuntimeException e) {
            // an answer the SDK could not read, or anything unexpected: whether it took effect is unknown
            throw new CallControlException("could not " + what + ": " + e, true, null, null, e);
        }
    }

    static CallControlException classify(String what, ApiException e) {
        Integer status = e.getStatusCode();
        boolean retriable = status == null || status == 429 || status >= 500;
        String message = "could not " + what + ": Twilio answered " + (status == null ? "?" : status)
                + (e.getCode() == null ? "" : " (code " + e.getCode() + ")") + " " + e.getMessage();
        return new CallControlException(message, retriable, e.getCode(), status, e);
    }
}
