package io.voiceagents.gateway.domain.twiml;

import java.util.ArrayList;
import java.util.List;

/**
 * A TwiML {@code <Response>} built verb by verb and rendered with every text and attribute XML-escaped,
 * so caller or LLM text can never change the document's structure.
 */
public final class TwimlResponse {

    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private final List<Verb> verbs = new ArrayList<>();

    private sealed interface Verb permits PromptVerb, GatherVerb, RedirectVerb, HangupVerb, DialVerb, ConnectVerb {
    }

    private record PromptVerb(Prompt prompt) implements Verb {
    }

    private record GatherVerb(SpeechGather gather, List<Prompt> prompts) implements Verb {
    }

    private record RedirectVerb(String url) implements Verb {
    }

    private record HangupVerb() implements Verb {
    }

    private record DialVerb(String number) implements Verb {
    }

    /** @param action absolute URL Twilio requests when the connected session ends, or null for none */
    private record ConnectVerb(String action, Connectable target) implements Verb {
    }

    /** What {@code <Connect>} connects the call to. */
    private sealed interface Connectable permits MediaStream, ConversationRelay {
    }

    /** {@code <Parameter name=".." value=".."/>}: per-call data for the socket (its URL cannot carry a query). */
    public record Parameter(String name, String value) {
    }

    /**
     * {@code <Stream url="wss://…">}: a bidirectional Media Streams socket (`stream` mode).
     *
     * @param parameters delivered in the {@code start} message's customParameters
     */
    public record MediaStream(String url, List<Parameter> parameters) implements Connectable {

        public MediaStream {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * {@code <ConversationRelay url="wss://…" …>} (`relay` mode): Twilio does speech recognition and synthesis,
     * the socket carries text. Null or blank attributes are left out so Twilio applies its defaults.
     *
     * @param parameters delivered in the {@code setup} message's customParameters
     */
    public record ConversationRelay(String url, String welcomeGreeting, String voice, String language,
            String ttsProvider, String transcriptionProvider, boolean dtmfDetection, boolean interruptible,
            List<Parameter> parameters) implements Connectable {

        public ConversationRelay {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * {@code <Gather input="speech">} settings.
     *
     * @param action   absolute URL Twilio posts the result to
     * @param language speech recognition language (BCP-47)
     */
    public record SpeechGather(String action, String language) {
    }

    public static TwimlResponse create() {
        return new TwimlResponse();
    }

    public TwimlResponse prompt(Prompt prompt) {
        verbs.add(new PromptVerb(prompt));
        return this;
    }

    public TwimlResponse say(String text, String voice, String language) {
        return prompt(new Prompt.Say(text, voice, language));
    }

    public TwimlResponse play(String url) {
        return prompt(new Prompt.Play(url));
    }

    /** A speech Gather with the prompts nested inside, so the caller may start speaking while they play. */
    public TwimlResponse gather(SpeechGather gather, Prompt... prompts) {
        verbs.add(new GatherVerb(gather, List.of(prompts)));
        return this;
    }

    public TwimlResponse redirect(String url) {
        verbs.add(new RedirectVerb(url));
        return this;
    }

    /** {@code <Dial>number</Dial>}: connects the caller to a phone number (a transfer). */
    public TwimlResponse dial(String number) {
        verbs.add(new DialVerb(number));
        return this;
    }

    public TwimlResponse hangup() {
        verbs.add(new HangupVerb());
        return this;
    }

    /** {@code <Connect><Stream>}: the call stays here until the socket closes, then the verbs after it run. */
    public TwimlResponse connect(MediaStream stream) {
        verbs.add(new ConnectVerb(null, stream));
        return this;
    }

    /** {@code <Connect action=".."><ConversationRelay>}: when the session ends Twilio requests {@code action}. */
    public TwimlResponse connect(String action, ConversationRelay relay) {
        verbs.add(new ConnectVerb(action, relay));
        return this;
    }

    public String toXml() {
        StringBuilder out = new StringBuilder(256).append(XML_DECLARATION);
        if (verbs.isEmpty()) {
            return out.append("<Response/>").toString();
        }
        out.append("<Response>");
        for (Verb verb : verbs) {
            writeVerb(out, verb);
        }
        return out.append("</Response>").toString();
    }

    @Override
    public String toString() {
        return toXml();
    }

    private static void writeVerb(StringBuilder out, Verb verb) {
        switch (verb) {
            case PromptVerb p -> writePrompt(out, p.prompt());
            case GatherVerb g -> {
                out.append("<Gather");
                attribute(out, "input", "speech");
                attribute(out, "action", g.gather().action());
                attribute(out, "method", "POST");
                attribute(out, "speechTimeout", "auto");
                attribute(out, "language", g.gather().language());
                attribute(out, "actionOnEmptyResult", "true");
                if (g.prompts().isEmpty()) {
                    out.append("/>");
                } else {
                    out.append('>');
                    g.prompts().forEach(prompt -> writePrompt(out, prompt));
                    out.append("</Gather>");
                }
            }
            case RedirectVerb r -> {
                out.append("<Redirect");
                attribute(out, "method", "POST");
                out.append('>');
                text(out, r.url());
                out.append("</Redirect>");
            }
            case HangupVerb h -> out.append("<Hangup/>");
            case DialVerb d -> {
                out.append("<Dial>");
                text(out, d.number());
                out.append("</Dial>");
            }
            case ConnectVerb c -> {
                out.append("<Connect");
                attribute(out, "action", c.action());
                out.append('>');
                writeConnectable(out, c.target());
                out.append("</Connect>");
            }
        }
    }

    private static void writeConnectable(StringBuilder out, Connectable target) {
        switch (target) {
            case MediaStream stream -> {
                out.append("<Stream");
                attribute(out, "url", stream.url());
                closeWithParameters(out, "Stream", stream.parameters());
            }
            case ConversationRelay relay -> {
                out.append("<ConversationRelay");
                attribute(out, "url", relay.url());
                attribute(out, "welcomeGreeting", relay.welcomeGreeting());
                attribute(out, "voice", relay.voice());
                attribute(out, "language", relay.language());
                attribute(out, "ttsProvider", relay.ttsProvider());
                attribute(out, "transcriptionProvider", relay.transcriptionProvider());
                attribute(out, "dtmfDetection", Boolean.toString(relay.dtmfDetection()));
                attribute(out, "interruptible", Boolean.toString(relay.interruptible()));
                closeWithParameters(out, "ConversationRelay", relay.parameters());
            }
        }
    }

    private static void closeWithParameters(StringBuilder out, String element, List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Parameter parameter : parameters) {
            out.append("<Parameter");
            // a parameter's value may legitimately be empty: written even then, unlike optional attributes
            out.append(" name=\"");
            XmlText.escapeInto(out, parameter.name());
            out.append("\" value=\"");
            XmlText.escapeInto(out, parameter.value() == null ? "" : parameter.value());
            out.append("\"/>");
        }
        out.append("</").append(element).append('>');
    }

    private static void writePrompt(StringBuilder out, Prompt prompt) {
        switch (prompt) {
            case Prompt.Play play -> {
                out.append("<Play>");
                text(out, play.url());
                out.append("</Play>");
            }
            case Prompt.Say say -> {
                out.append("<Say");
                attribute(out, "voice", say.voice());
                attribute(out, "language", say.language());
                out.append('>');
                text(out, say.text());
                out.append("</Say>");
            }
        }
    }

    /** Writes {@code name="value"}; null or blank values are left out so Twilio applies its default. */
    private static void attribute(StringBuilder out, String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        out.append(' ').append(name).append("=\"");
        XmlText.escapeInto(out, value);
        out.append('"');
    }

    private static void text(StringBuilder out, String value) {
        if (value != null) {
            XmlText.escapeInto(out, value);
        }
    }
}
