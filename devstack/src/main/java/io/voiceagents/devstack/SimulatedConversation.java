package io.voiceagents.devstack;

import java.net.URI;
import java.util.Iterator;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voiceagents.testkit.twilio.CallStep;
import io.voiceagents.testkit.twilio.HeardItem;
import io.voiceagents.testkit.twilio.PlayedAudioCheck;
import io.voiceagents.testkit.twilio.SimulatedCall;
import io.voiceagents.testkit.twilio.TwimlVerb;

/**
 * A simulated call as a conversation: what the caller said (the SpeechResult of each webhook) and
 * what they heard (the Say and Play verbs of each TwiML answer), in call order.
 */
final class SimulatedConversation {

    private static final String AUDIO = "(audio)";

    private SimulatedConversation() {
    }

    static JsonArray of(SimulatedCall call) {
        JsonArray lines = new JsonArray();
        Iterator<HeardItem> plays = call.heard().stream().filter(h -> h.kind() == HeardItem.Kind.PLAY).iterator();
        for (CallStep step : call.steps()) {
            String speech = step.params().get("SpeechResult");
            String digits = step.params().get("Digits");
            if (speech != null) {
                lines.add(line("caller", speech, "speech, confidence " + step.params().getOrDefault("Confidence", "?")));
            } else if (digits != null) {
                lines.add(line("caller", digits, "keypad"));
            }
            if (step.status() != 200) {
                lines.add(line("twilio", "webhook " + step.method() + " " + step.url() + " answered HTTP "
                        + step.status() + ": the caller hears Twilio's application error message", "error"));
                continue;
            }
            verbs(step.verbs(), plays, lines);
            step.errors().forEach(e -> lines.add(line("twilio", e, "error")));
        }
        return lines;
    }

    private static void verbs(List<TwimlVerb> verbs, Iterator<HeardItem> plays, JsonArray lines) {
        for (TwimlVerb v : verbs) {
            switch (v.name()) {
                case "Say" -> lines.add(line("agent", v.text(), "say " + v.attr("voice", "default voice")));
                case "Play" -> {
                    PlayedAudioCheck audio = plays.hasNext() ? plays.next().audio() : null;
                    lines.add(line("agent", AUDIO, play(v.text(), audio)));
                }
                case "Gather" -> {
                    verbs(v.children(), plays, lines);
                    lines.add(line("twilio", "(listening)", "gather " + v.attr("input", "dtmf")));
                    // the caller answered (or hung up): Twilio leaves this document for the action URL,
                    // so what follows the Gather (its no-input fallback) is never heard
                    return;
                }
                case "Hangup" -> lines.add(line("twilio", "(the agent hung up)", "hangup"));
                case "Reject" -> lines.add(line("twilio", "(call rejected)", "reject"));
                case "Redirect" -> lines.add(line("twilio", "(redirect)", "redirect " + v.text()));
                default -> {
                    // Pause and the like carry nothing worth showing in a conversation
                }
            }
        }
    }

    private static String play(String url, PlayedAudioCheck audio) {
        String path = pathOf(url);
        if (audio == null) {
            return "play " + path;
        }
        return "play " + path + ": " + (audio.valid()
                ? audio.format() + ", " + audio.durationMillis() + " ms"
                : "NOT PLAYABLE: " + audio.problem());
    }

    /**
     * Puts the words behind each played audio in its line, from the transcript call-gateway stored
     * (the n-th agent text of the transcript is the n-th audio played; Say lines carry their own).
     */
    static void addSpokenTexts(JsonArray conversation, JsonObject storedCall) {
        JsonArray transcript = storedCall.getJsonArray("transcript");
        if (transcript == null) {
            return;
        }
        Iterator<String> agentTexts = transcript.stream()
                .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                .map(t -> t.getString("agentText")).filter(t -> t != null && !t.isBlank()).iterator();
        for (Object o : conversation) {
            JsonObject line = (JsonObject) o;
            if (!agentTexts.hasNext()) {
                return;
            }
            if ("agent".equals(line.getString("speaker"))) {
                String spoken = agentTexts.next();
                if (AUDIO.equals(line.getString("text"))) {
                    line.put("text", spoken);
                }
            }
        }
    }

    private static String pathOf(String url) {
        try {
            String path = URI.create(url).getPath();
            return path == null ? url : path;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static JsonObject line(String speaker, String text, String how) {
        return new JsonObject().put("speaker", speaker).put("text", text).put("how", how);
    }
}
