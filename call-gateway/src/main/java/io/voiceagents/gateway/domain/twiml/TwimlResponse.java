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

    private sealed interface Verb permits PromptVerb, GatherVerb, RedirectVerb, HangupVerb, DialVerb {
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
        }
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
