package io.voiceagents.gateway.support.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.voiceagents.gateway.application.port.CallControl;
import io.voiceagents.gateway.application.port.CallControlException;

/** Twilio's call updates in tests: records hang-ups and transfers; can be told to fail. Per test profile only. */
@Alternative
@Singleton
public class FakeCallControl implements CallControl {

    public final List<String> hangUps = new CopyOnWriteArrayList<>();
    public final List<String> transfers = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    public void reset() {
        hangUps.clear();
        transfers.clear();
        failing = false;
    }

    public void failing(boolean value) {
        this.failing = value;
    }

    @Override
    public void hangUp(String callSid) {
        if (failing) {
            throw new CallControlException("scripted failure", null);
        }
        hangUps.add(callSid);
    }

    @Override
    public void transfer(String callSid, String number) {
        if (failing) {
            throw new CallControlException("scripted failure", null);
        }
        transfers.add(callSid + "->" + number);
    }
}
