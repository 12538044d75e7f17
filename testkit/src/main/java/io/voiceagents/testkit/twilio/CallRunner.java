package io.voiceagents.testkit.twilio;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Executes one {@link CallScript}: the TwiML interpreter behind {@link TwilioCallerEmulator#placeCall}. */
final class CallRunner {

    private static final int MILLIS_PER_SPOKEN_CHAR = 60;
    private static final int MAX_MEDIA_REDIRECTS = 3;

    private final TwilioCallerEmulator twilio;
    private final CallScript script;
    private final Deque<Utterance> utterances;
    private final List<CallStep> steps = new ArrayList<>();
    private final List<HeardItem> heard = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private List<String> stepErrors = new ArrayList<>();
    private CallEnd end;
    private long simulatedMillis;
    private final BooleanSupplier hungUpElsewhere;

    CallRunner(TwilioCallerEmulator twilio, CallScript script) {
        this(twilio, script, () -> false);
    }

    /** @param hungUpElsewhere checked before each request: true once the call was hung up (e.g. through the REST API) */
    CallRunner(TwilioCallerEmulator twilio, CallScript script, BooleanSupplier hungUpElsewhere) {
        this.twilio = twilio;
        this.script = script;
        this.utterances = new ArrayDeque<>(script.utterances());
        this.hungUpElsewhere = hungUpElsewhere;
    }

    private record Next(String method, URI url, Map<String, String> params) {
    }

    SimulatedCall run() {
        // Twilio requests an inbound call's Url while it rings, an outbound one once it has been answered
        String firstStatus = "outbound-api".equals(script.direction()) ? "in-progress" : "ringing";
        Next next = new Next("POST", script.voiceUrl(), twilio.voiceParams(script, firstStatus));
        while (next != null) {
            if (hungUpElsewhere.getAsBoolean()) {
                end = CallEnd.HUNG_UP_ELSEWHERE;
                break;
            }
            if (steps.size() >= script.options().maxSteps()) {
                error("call cut after " + steps.size() + " HTTP exchanges (maxSteps): Redirect loop?");
                end = CallEnd.MAX_STEPS;
                break;
            }
            next = step(next);
        }
        if (end == null) {
            end = CallEnd.END_OF_TWIML;
        }
        int seconds = (int) Math.max(1, (simulatedMillis + 999) / 1000);
        List<StatusCallbackDelivery> callbacks = List.of();
        if (script.statusCallbackUrl() != null) {
            Map<String, String> base = twilio.voiceParams(script, "completed");
            callbacks = twilio.sendStatusCallbacks(script.statusCallbackUrl(), base,
                    new StatusCallbackPlan(script.options().statusCallbackEvents(), 0, false, 0L, seconds, Map.of()));
        }
        return new SimulatedCall(script.callSid(), steps, heard, end, errors, seconds, callbacks);
    }

    private Next step(Next request) {
        stepErrors = new ArrayList<>();
        URI requested = "GET".equalsIgnoreCase(request.method()) ? TwilioCallerEmulator.appendQuery(request.url(), request.params()) : request.url();
        WebhookResponse r = twilio.webhook(request.method(), request.url(), request.params());
        List<TwimlVerb> verbs = List.of();
        Next next = null;
        if (r.status() != 200) {
            error(request.method() + " " + requested + " answered " + (r.status() == 0 ? r.failure() : "HTTP " + r.status())
                    + " (Twilio error 11200): the caller hears an application error");
            end = CallEnd.ERROR;
        } else {
            try {
                verbs = TwimlParser.parse(r.body());
                next = execute(verbs, requested);
            } catch (TwimlParser.InvalidTwimlException e) {
                error(e.getMessage());
                end = CallEnd.ERROR;
            }
        }
        steps.add(new CallStep(request.method().toUpperCase(Locale.ROOT), requested.toString(), request.params(),
                r.status(), r.body(), verbs, r.durationMillis(), stepErrors));
        return end == null ? next : null;
    }

    /** Runs the verbs of one document; returns the next request, or null when the call ends or TwiML runs out. */
    private Next execute(List<TwimlVerb> verbs, URI current) {
        for (TwimlVerb verb : verbs) {
            switch (verb.name()) {
                case "Say", "Play", "Pause" -> media(verb, current);
                case "Gather" -> {
                    Next next = gather(verb, current);
                    if (next != null || end != null) {
                        return next;
                    }
                }
                case "Redirect" -> {
                    if (verb.text().isEmpty()) {
                        error("<Redirect> without a URL");
                        return null;
                    }
                    return new Next(method(verb), current.resolve(verb.text().strip()), params());
                }
                case "Record" -> {
                    return record(verb, current);
                }
                case "Hangup" -> {
                    end = CallEnd.HANGUP;
                    return null;
                }
                case "Reject" -> {
                    end = CallEnd.REJECTED;
                    return null;
                }
                default -> error("unsupported TwiML verb <" + verb.name() + "> skipped");
            }
        }
        return null;
    }

    private void media(TwimlVerb verb, URI current) {
        switch (verb.name()) {
            case "Say" -> {
                heard.add(HeardItem.say(verb.text(), verb.attr("voice"), verb.attr("language")));
                simulatedMillis += (long) verb.text().length() * MILLIS_PER_SPOKEN_CHAR * loops(verb);
                if (verb.text().isEmpty()) {
                    error("<Say> with no text");
                }
            }
            case "Play" -> play(verb, current);
            case "Pause" -> {
                int seconds = parseInt(verb.attr("length"), 1);
                heard.add(HeardItem.pause(seconds));
                simulatedMillis += seconds * 1000L;
            }
            default -> error("<" + verb.name() + "> is not allowed here");
        }
    }

    private void play(TwimlVerb verb, URI current) {
        if (verb.text().isEmpty()) {
            if (verb.attr("digits") != null) {
                heard.add(new HeardItem(HeardItem.Kind.PLAY, "digits:" + verb.attr("digits"), null, null, null, null));
            } else {
                error("<Play> without a URL");
            }
            return;
        }
        URI url = current.resolve(verb.text().strip());
        TwilioCallerEmulator.WebhookResponseBytes r = twilio.fetch(url);
        for (int i = 0; i < MAX_MEDIA_REDIRECTS && r.status() / 100 == 3 && r.location() != null; i++) {
            url = url.resolve(r.location());
            r = twilio.fetch(url);
        }
        PlayedAudioCheck check = r.status() == 0
                ? PlayedAudioCheck.failed(url.toString(), 0, null, "fetch failed: " + r.failure())
                : PlayedAudioCheck.inspect(url.toString(), r.status(), r.contentType(), r.body());
        heard.add(HeardItem.play(url.toString(), check));
        simulatedMillis += check.durationMillis() * loops(verb);
        if (!check.valid()) {
            error("<Play> " + url + " is not playable: " + check.problem());
        }
    }

    private Next gather(TwimlVerb gather, URI current) {
        for (TwimlVerb child : gather.children()) {
            media(child, current);
        }
        Utterance u = utterances.poll();
        if (u == null) {
            end = CallEnd.CALLER_HUNG_UP;
            return null;
        }
        String input = gather.attr("input", "dtmf").toLowerCase(Locale.ROOT);
        Map<String, String> p = params();
        if (u.isSpeech() && input.contains("speech")) {
            p.put("SpeechResult", u.text());
            p.put("Confidence", Double.toString(u.confidence()));
            simulatedMillis += 1000L + (long) u.text().length() * MILLIS_PER_SPOKEN_CHAR;
        } else if (u.isDigits() && input.contains("dtmf")) {
            p.put("Digits", u.digits());
            simulatedMillis += 1000L;
        } else {
            if (!u.isSilence()) {
                error("caller " + (u.isSpeech() ? "spoke" : "keyed digits") + " but <Gather input=\"" + input
                        + "\"> does not listen for it: treated as silence");
            }
            simulatedMillis += parseInt(gather.attr("timeout"), 5) * 1000L;
            if (!"true".equalsIgnoreCase(gather.attr("actionOnEmptyResult"))) {
                // Twilio falls through to the verb after <Gather> when nothing was gathered
                return null;
            }
        }
        URI action = gather.attr("action") == null ? current : current.resolve(gather.attr("action"));
        return new Next(method(gather), action, p);
    }

    private Next record(TwimlVerb verb, URI current) {
        Map<String, String> p = params();
        String recordingSid = CallScript.newSid("RE");
        p.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + twilio.accountSid() + "/Recordings/" + recordingSid);
        p.put("RecordingSid", recordingSid);
        p.put("RecordingDuration", Integer.toString(script.options().recordingDurationSeconds()));
        simulatedMillis += script.options().recordingDurationSeconds() * 1000L;
        URI action = verb.attr("action") == null ? current : current.resolve(verb.attr("action"));
        return new Next(method(verb), action, p);
    }

    private Map<String, String> params() {
        return new LinkedHashMap<>(twilio.voiceParams(script, "in-progress"));
    }

    private static String method(TwimlVerb verb) {
        return verb.attr("method", "POST").toUpperCase(Locale.ROOT);
    }

    private static int loops(TwimlVerb verb) {
        // loop="0" repeats until the call ends; count it once for the simulated duration
        return Math.max(1, parseInt(verb.attr("loop"), 1));
    }

    private static int parseInt(String s, int fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void error(String message) {
        errors.add(message);
        stepErrors.add(message);
    }
}
