package io.voiceagents.testkit.twilio.media;

import io.voiceagents.testkit.twilio.TwimlParser;
import io.voiceagents.testkit.twilio.TwimlVerb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Twilio reads from a {@code <Connect>} answer to open a stream: the {@code <Stream>} or
 * {@code <ConversationRelay>} noun's URL and attributes and its {@code <Parameter name value>} children (they arrive
 * as {@code customParameters} in {@code start} / {@code setup}), plus the {@code <Connect action>} URL.
 *
 * @param noun       {@code Stream} or {@code ConversationRelay}
 * @param url        the noun's {@code url} (the public {@code wss://} URL Twilio signs)
 * @param attributes every attribute of the noun (voice, language, welcomeGreeting, ...)
 * @param parameters the {@code <Parameter>} children, in order
 * @param action     the {@code <Connect action>} URL, null when absent
 */
public record ConnectTwiml(String noun, String url, Map<String, String> attributes, Map<String, String> parameters,
                           String action) {

    public ConnectTwiml {
        attributes = Map.copyOf(attributes);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The first {@code <Connect><Stream>} of a TwiML document, if any. */
    public static Optional<ConnectTwiml> stream(String twiml) throws TwimlParser.InvalidTwimlException {
        return find(TwimlParser.parse(twiml), "Stream");
    }

    /** The first {@code <Connect><ConversationRelay>} of a TwiML document, if any. */
    public static Optional<ConnectTwiml> conversationRelay(String twiml) throws TwimlParser.InvalidTwimlException {
        return find(TwimlParser.parse(twiml), "ConversationRelay");
    }

    /** The number of the first {@code <Dial>} ({@code <Dial>+1555…</Dial>} or {@code <Dial><Number>…}), if any. */
    public static Optional<String> dialedNumber(String twiml) throws TwimlParser.InvalidTwimlException {
        for (TwimlVerb verb : TwimlParser.parse(twiml)) {
            if ("Dial".equals(verb.name())) {
                for (TwimlVerb child : verb.children()) {
                    if (("Number".equals(child.name()) || "Sip".equals(child.name()) || "Client".equals(child.name()))
                            && !child.text().isEmpty()) {
                        return Optional.of(child.text());
                    }
                }
                return verb.text().isEmpty() ? Optional.empty() : Optional.of(verb.text());
            }
        }
        return Optional.empty();
    }

    private static Optional<ConnectTwiml> find(List<TwimlVerb> verbs, String noun) {
        for (TwimlVerb verb : verbs) {
            if (!"Connect".equals(verb.name())) {
                continue;
            }
            for (TwimlVerb child : verb.children()) {
                if (noun.equals(child.name())) {
                    Map<String, String> parameters = new LinkedHashMap<>();
                    for (TwimlVerb p : child.children()) {
                        if ("Parameter".equals(p.name()) && p.attr("name") != null) {
                            parameters.put(p.attr("name"), p.attr("value", ""));
                        }
                    }
                    return Optional.of(new ConnectTwiml(noun, child.attr("url"), child.attributes(), parameters,
                            verb.attr("action")));
                }
            }
        }
        return Optional.empty();
    }
}
