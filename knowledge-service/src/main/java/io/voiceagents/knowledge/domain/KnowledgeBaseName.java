package io.voiceagents.knowledge.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The name an operator gives a knowledge base. Stored trimmed, with inner runs of whitespace collapsed,
 * so that "FAQ  2024" and " FAQ 2024 " are the same name; uniqueness is case-insensitive ({@link #key()}).
 *
 * @param value the normalized name, 1 to {@value #MAX_LENGTH} characters
 */
public record KnowledgeBaseName(String value) {

    /** Matches the column width of knowledge_bases.name. */
    public static final int MAX_LENGTH = 120;

    public KnowledgeBaseName {
        if (value == null) {
            throw new InvalidKnowledgeBaseNameException("name is required");
        }
        value = normalize(value);
        if (value.isEmpty()) {
            throw new InvalidKnowledgeBaseNameException("name must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidKnowledgeBaseNameException(
                    "name must be at most " + MAX_LENGTH + " characters, got " + value.length());
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidKnowledgeBaseNameException("name must not contain control characters");
        }
    }

    public static KnowledgeBaseName of(String raw) {
        return new KnowledgeBaseName(raw);
    }

    /** Case-insensitive identity used for uniqueness, matching the lower(name) index. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    private static String normalize(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFC).strip().replaceAll("[ \\t]+", " ");
    }

    @Override
    public String toString() {
        return value;
    }
}
