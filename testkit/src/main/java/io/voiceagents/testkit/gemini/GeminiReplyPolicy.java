package io.voiceagents.testkit.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The emulator's deterministic "model": echoes the last user message, or answers with a {@code FACT:} line of the
 * system instruction that shares a word (4+ letters, case-insensitive) with it. Every answer starts with
 * {@link #LABEL} so an emulated reply can never pass for a real one.
 */
public final class GeminiReplyPolicy {

    /** Prefix of every emulated answer. */
    public static final String LABEL = "[gemini-emulator]";

    private static final String FACT_PREFIX = "FACT:";
    private static final int MIN_WORD_LENGTH = 4;

    private GeminiReplyPolicy() {
    }

    /** Computes the answer for a parsed generateContent request body. */
    public static String answer(JsonNode request) {
        String user = lastUserText(request);
        List<String> facts = facts(systemText(request));
        String fact = bestFact(user, facts);
        if (fact != null) {
            return LABEL + " " + fact;
        }
        return LABEL + " You said: " + user;
    }

    /** Text of the last {@code user} turn (all its text parts, joined by a space). */
    public static String lastUserText(JsonNode request) {
        JsonNode contents = request.path("contents");
        for (int i = contents.size() - 1; i >= 0; i--) {
            JsonNode content = contents.get(i);
            String role = content.path("role").asText("user");
            if ("user".equals(role)) {
                String text = partsText(content, " ");
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    /** Text of the system instruction, empty if none was sent. */
    public static String systemText(JsonNode request) {
        return partsText(request.path("systemInstruction"), "\n");
    }

    static List<String> facts(String systemText) {
        List<String> facts = new ArrayList<>();
        for (String line : systemText.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.regionMatches(true, 0, FACT_PREFIX, 0, FACT_PREFIX.length())) {
                String fact = trimmed.substring(FACT_PREFIX.length()).strip();
                if (!fact.isEmpty()) {
                    facts.add(fact);
                }
            }
        }
        return facts;
    }

    /** The fact sharing the most words with the user text (first one on ties), or null. */
    static String bestFact(String userText, List<String> facts) {
        Set<String> userWords = words(userText);
        String best = null;
        int bestOverlap = 0;
        for (String fact : facts) {
            Set<String> factWords = words(fact);
            factWords.retainAll(userWords);
            if (factWords.size() > bestOverlap) {
                bestOverlap = factWords.size();
                best = fact;
            }
        }
        return best;
    }

    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= MIN_WORD_LENGTH) {
                words.add(w);
            }
        }
        return words;
    }

    private static String partsText(JsonNode content, String separator) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content.path("parts")) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) {
                if (!sb.isEmpty()) {
                    sb.append(separator);
                }
                sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }
}
