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
 *
 * <p>Function calls: when the request declares a function named {@value #END_CALL} and the last user text says
 * "bye" or "goodbye", the model calls it; when it declares {@value #TRANSFER_CALL} and the text mentions
 * "transfer", "a person" or "human", it calls that (a transfer wins over a goodbye).
 */
public final class GeminiReplyPolicy {

    /** Prefix of every emulated answer. */
    public static final String LABEL = "[gemini-emulator]";

    /** Function name the emulator calls when the caller says goodbye. */
    public static final String END_CALL = "end_call";
    /** Function name the emulator calls when the caller asks for a person. */
    public static final String TRANSFER_CALL = "transfer_call";
    /** Text said with an {@value #END_CALL} call. */
    public static final String END_CALL_TEXT = LABEL + " Goodbye, thanks for calling.";
    /** Text said with a {@value #TRANSFER_CALL} call. */
    public static final String TRANSFER_CALL_TEXT = LABEL + " I will put you through to a colleague.";

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

    /**
     * The function the model calls for this request, or null: only functions the request declares, chosen by
     * the words of the last user text.
     */
    public static String functionCall(JsonNode request) {
        Set<String> declared = declaredFunctions(request);
        String user = lastUserText(request).toLowerCase(Locale.ROOT);
        Set<String> words = new HashSet<>(List.of(user.split("[^\\p{L}\\p{N}]+")));
        if (declared.contains(TRANSFER_CALL)
                && (user.contains("transfer") || user.contains("a person") || words.contains("human"))) {
            return TRANSFER_CALL;
        }
        if (declared.contains(END_CALL) && (words.contains("bye") || words.contains("goodbye"))) {
            return END_CALL;
        }
        return null;
    }

    /** The text said along with a function call. */
    public static String functionCallText(String function) {
        return TRANSFER_CALL.equals(function) ? TRANSFER_CALL_TEXT : END_CALL_TEXT;
    }

    /**
     * Names of the functions declared in {@code tools[].functionDeclarations[]}. langchain4j sends {@code tools}
     * as one object rather than a list, which Google's JSON parsing accepts for a repeated field; so does this.
     */
    public static Set<String> declaredFunctions(JsonNode request) {
        Set<String> names = new HashSet<>();
        JsonNode tools = request.path("tools");
        for (JsonNode tool : tools.isArray() ? tools : List.of(tools)) {
            for (JsonNode declaration : tool.path("functionDeclarations")) {
                String name = declaration.path("name").asText("");
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
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
