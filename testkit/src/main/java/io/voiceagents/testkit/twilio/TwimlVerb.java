package io.voiceagents.testkit.twilio;

import java.util.List;
import java.util.Map;

/**
 * One parsed TwiML element.
 *
 * @param name       element name, e.g. {@code Say}, {@code Gather}
 * @param attributes attributes as written
 * @param text       trimmed text content (Say text, Play/Redirect URL), empty if none
 * @param children   nested verbs (Gather's Say/Play/Pause)
 */
public record TwimlVerb(String name, Map<String, String> attributes, String text, List<TwimlVerb> children) {

    public TwimlVerb {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
    }

    public String attr(String attribute) {
        return attributes.get(attribute);
    }

    public String attr(String attribute, String fallback) {
        return attributes.getOrDefault(attribute, fallback);
    }
}
