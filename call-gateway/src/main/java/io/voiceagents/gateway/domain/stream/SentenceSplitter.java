package io.voiceagents.gateway.domain.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a reply that arrives as LLM text deltas into sentences, so each can be synthesised as soon as it is
 * complete while the rest is still being written. One per reply; not thread-safe.
 *
 * <p>A sentence ends at {@code . ! ? …} (possibly followed by closing quotes or brackets) when whitespace and
 * then a character that is not a lower-case letter follow: waiting for that next character (which usually
 * arrives in the same token as the space) avoids cutting after abbreviations the list below does not know
 * ("approx. five"). Not an end: a full stop inside a number (3.5), after a known abbreviation (Dr., e.g.) or
 * an initial (J. Smith), or after a bare list number ("1. "). A line break after a terminator, or a blank
 * line, ends a sentence at once. A sentence longer than {@code maxChars} is cut at the first comma, semicolon
 * or colon past that length, so a run-on reply still starts playing early; past twice that length with no
 * such mark it is cut at a space.
 */
public final class SentenceSplitter {

    /** Default length past which a sentence is cut at a comma. */
    public static final int DEFAULT_MAX_CHARS = 180;

    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt",
            "vs", "no", "nr", "approx", "fig", "e.g", "i.e", "ca", "cf", "dept", "est", "inc", "ltd", "co", "corp",
            "ave", "rd", "tel", "ext", "min", "max", "vol", "u.s", "u.k");

    private final int maxChars;
    private final StringBuilder pending = new StringBuilder();
    /** Index in {@link #pending} up to which boundaries have been looked for. */
    private int scanned;

    public SentenceSplitter() {
        this(DEFAULT_MAX_CHARS);
    }

    public SentenceSplitter(int maxChars) {
        if (maxChars < 20) {
            throw new IllegalArgumentException("maxChars must be at least 20, was " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /** Adds a delta; returns the sentences it completed, in order (usually none or one). */
    public List<String> add(String delta) {
        List<String> sentences = new ArrayList<>(1);
        if (delta == null || delta.isEmpty()) {
            return sentences;
        }
        pending.append(delta);
        while (true) {
            int end = findEnd();
            if (end < 0) {
                break;
            }
            emit(end, sentences);
        }
        return sentences;
    }

    /** The reply is complete: whatever text remains is the last sentence (empty list when none). */
    public List<String> finish() {
        List<String> sentences = new ArrayList<>(1);
        emit(pending.length(), sentences);
        scanned = 0;
        return sentences;
    }

    /** True while text is waiting for its sentence to end. */
    public boolean hasPending() {
        return !pending.toString().isBlank();
    }

    private void emit(int end, List<String> out) {
        String sentence = pending.substring(0, end).strip();
        pending.delete(0, end);
        scanned = 0;
        if (!sentence.isEmpty()) {
            out.add(sentence);
        }
    }

    /** The index just after the first complete sentence in {@link #pending}, or -1 when none is complete yet. */
    private int findEnd() {
        int length = pending.length();
        for (int i = scanned; i < length; i++) {
            char c = pending.charAt(i);
            if (c == '\n' && isBlankLineOrAfterTerminator(i)) {
                return i + 1;
            }
            if (isTerminator(c)) {
                int boundary = boundaryAfterTerminator(i);
                if (boundary == NEED_MORE) {
                    scanned = i;
                    return longSentenceCut();
                }
                if (boundary > 0) {
                    return boundary;
                }
            }
        }
        scanned = length;
        return longSentenceCut();
    }

    private static final int NEED_MORE = -2;

    /**
     * After the terminator at {@code i}: the end index of the sentence, -1 when this is no sentence end,
     * or {@link #NEED_MORE} when the text after it has not arrived yet.
     */
    private int boundaryAfterTerminator(int i) {
        int length = pending.length();
        int j = i + 1;
        // a run of terminators ("?!", "...") and closing quotes/brackets belongs to the sentence
        while (j < length && (isTerminator(pending.charAt(j)) || isCloser(pending.charAt(j)))) {
            j++;
        }
        if (j >= length) {
            return NEED_MORE;
        }
        char after = pending.charAt(j);
        if (!Character.isWhitespace(after)) {
            return -1; // 3.5, e.g., www.example.com
        }
        if (pending.charAt(i) == '.' && j == i + 1 && !endsSentenceAtFullStop(i)) {
            return -1;
        }
        int k = j;
        while (k < length && Character.isWhitespace(pending.charAt(k))) {
            if (pending.charAt(k) == '\n') {
                return j; // a line break after a terminator ends the sentence without looking further
            }
            k++;
        }
        if (k >= length) {
            return NEED_MORE;
        }
        return Character.isLowerCase(pending.charAt(k)) ? -1 : j;
    }

    /** False when the full stop at {@code i} closes an abbreviation, an initial or a bare list number. */
    private boolean endsSentenceAtFullStop(int i) {
        int start = i;
        while (start > 0 && !Character.isWhitespace(pending.charAt(start - 1)) && !isOpener(pending.charAt(start - 1))) {
            start--;
        }
        String word = pending.substring(start, i);
        if (word.isEmpty()) {
            return true;
        }
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return false; // an initial: J. Smith
        }
        if (ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT))) {
            return false;
        }
        // "1." at the start of the text or of a line is a list number, not a sentence
        if (word.chars().allMatch(Character::isDigit)) {
            int before = start - 1;
            while (before >= 0 && pending.charAt(before) == ' ') {
                before--;
            }
            return !(before < 0 || pending.charAt(before) == '\n');
        }
        return true;
    }

    private boolean isBlankLineOrAfterTerminator(int newline) {
        int p = newline - 1;
        while (p >= 0 && (pending.charAt(p) == ' ' || pending.charAt(p) == '\t' || pending.charAt(p) == '\r')) {
            p--;
        }
        if (p < 0) {
            return false; // leading line breaks: nothing to end yet
        }
        char before = pending.charAt(p);
        return before == '\n' || isTerminator(before) || isCloser(before) || before == ':';
    }

    /**
     * Cuts a sentence that grew past {@code maxChars}: at the first comma-like mark past that length, or past
     * twice that length at the last space; -1 while neither applies.
     */
    private int longSentenceCut() {
        int length = pending.length();
        if (length <= maxChars) {
            return -1;
        }
        for (int i = maxChars; i < length - 1; i++) {
            char c = pending.charAt(i);
            if ((c == ',' || c == ';' || c == ':') && Character.isWhitespace(pending.charAt(i + 1))) {
                return i + 1;
            }
        }
        if (length > 2 * maxChars) {
            int space = pending.lastIndexOf(" ", length - 1);
            if (space > maxChars) {
                return space + 1;
            }
        }
        return -1;
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…' || c == '。' || c == '！' || c == '？';
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '»' || c == '」';
    }

    private static boolean isOpener(char c) {
        return c == '"' || c == '\'' || c == '(' || c == '[' || c == '“' || c == '‘' || c == '«' || c == '「';
    }
}
