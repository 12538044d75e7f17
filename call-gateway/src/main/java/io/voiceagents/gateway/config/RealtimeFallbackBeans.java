package io.voiceagents.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.quarkus.arc.DefaultBean;
import io.voiceagents.gateway.application.port.CallControl;
import io.voiceagents.gateway.application.port.CallControlException;
import io.voiceagents.gateway.application.port.LiveCallFeed;

/**
 * Stand-ins for the call-control and live-feed ports in a build without their adapters; any real adapter
 * bean replaces them. Without call control a `stream` session cannot hang up or transfer over REST: the
 * failure makes it close the socket, and the TwiML after {@code <Connect>} ends the call instead.
 */
@ApplicationScoped
public class RealtimeFallbackBeans {

    private static final Logger LOG = Logger.getLogger(RealtimeFallbackBeans.class);

    @Produces
    @DefaultBean
    @ApplicationScoped
    LiveCallFeed noLiveFeed() {
        return event -> {
            // nobody can watch calls live in this build: dropping the event only affects the view
        };
    }

    @Produces
    @DefaultBean
    @ApplicationScoped
    CallControl noCallControl() {
        return new CallControl() {
            @Override
            public void hangUp(String callSid) {
                throw unavailable(callSid);
            }

            @Override
            public void transfer(String callSid, String number) {
                throw unavailable(callSid);
            }

            private CallControlException unavailable(String callSid) {
                LOG.warnf("call %s: no call control adapter in this build", callSid);
                return new CallControlException("no call control adapter is configured", null);
            }
        };
    }
}
