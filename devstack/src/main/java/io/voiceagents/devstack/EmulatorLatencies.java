package io.voiceagents.devstack;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How long the sandbox's provider emulators take on the real-time path, so a sandbox call feels (and measures) like
 * one with real providers. Only streaming answers are delayed: gather-mode calls (unary Gemini and TTS requests)
 * stay as fast as before.
 *
 * @param sttFinal         Speech-to-Text: from the end of the audio (half-close) to the final transcript
 * @param llmFirstToken    Gemini: from the request to the first streamed event
 * @param llmChunkInterval Gemini: between two streamed events (a few words each)
 * @param ttsFirstByte     Google TTS: from a streamed sentence's text to its first audio
 */
public record EmulatorLatencies(Duration sttFinal, Duration llmFirstToken, Duration llmChunkInterval,
        Duration ttsFirstByte) {

    /**
     * What Google's services take on a good day (the benchmark settings): final transcript 150 ms after the
     * audio ends, first token after 350 ms and then a few words every 30 ms, first audio after 150 ms.
     */
    public static final EmulatorLatencies REALISTIC = new EmulatorLatencies(Duration.ofMillis(150),
            Duration.ofMillis(350), Duration.ofMillis(30), Duration.ofMillis(150));

    /** Everything at once: for tests that care about behaviour, not timing. */
    public static final EmulatorLatencies NONE = new EmulatorLatencies(Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO);

    public EmulatorLatencies {
        check("sttFinal", sttFinal);
        check("llmFirstToken", llmFirstToken);
        check("llmChunkInterval", llmChunkInterval);
        check("ttsFirstByte", ttsFirstByte);
    }

    public EmulatorLatencies withSttFinal(Duration d) {
        return new EmulatorLatencies(d, llmFirstToken, llmChunkInterval, ttsFirstByte);
    }

    public EmulatorLatencies withLlmFirstToken(Duration d) {
        return new EmulatorLatencies(sttFinal, d, llmChunkInterval, ttsFirstByte);
    }

    public EmulatorLatencies withLlmChunkInterval(Duration d) {
        return new EmulatorLatencies(sttFinal, llmFirstToken, d, ttsFirstByte);
    }

    public EmulatorLatencies withTtsFirstByte(Duration d) {
        return new EmulatorLatencies(sttFinal, llmFirstToken, llmChunkInterval, d);
    }

    /** {@code stt 150 ms, llm 350 ms (+30 ms per chunk), tts 150 ms}: for the banner and bench reports. */
    public String describe() {
        return String.format(Locale.ROOT, "STT final %d ms, LLM first token %d ms (+%d ms per chunk), TTS first byte %d ms",
                sttFinal.toMillis(), llmFirstToken.toMillis(), llmChunkInterval.toMillis(), ttsFirstByte.toMillis());
    }

    /**
     * A duration as people type it: {@code 150ms}, {@code 0.2s}, {@code 1s}, or a bare number of milliseconds.
     *
     * @throws IllegalArgumentException naming {@code option} when the text is not one
     */
    public static Duration parse(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                d = Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1e9));
            } else {
                d = Duration.ofMillis(Long.parseLong(t));
            }
            if (d.isNegative() || d.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException(option + " must be between 0 and 60s, not " + text);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 150ms or 0.2s, not " + text);
        }
    }

    private static void check(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
