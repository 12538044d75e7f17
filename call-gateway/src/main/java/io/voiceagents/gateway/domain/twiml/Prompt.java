package io.voiceagents.gateway.domain.twiml;

/** Something the caller hears: synthesized audio Twilio fetches, or text Twilio speaks itself. */
public sealed interface Prompt permits Prompt.Play, Prompt.Say {

    /** {@code <Play>url</Play>}: audio synthesized by tts-service. */
    record Play(String url) implements Prompt {
    }

    /**
     * {@code <Say voice=".." language="..">text</Say>}: Twilio's own text-to-speech.
     *
     * @param voice    a voice Twilio accepts (e.g. Google.en-US-Neural2-F), or null to let Twilio choose
     * @param language BCP-47 code, or null
     */
    record Say(String text, String voice, String language) implements Prompt {
    }
}
