package io.voiceagents.knowledge.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KnowledgeBaseNameTest {

    @Test
    void trimsAndCollapsesInnerWhitespace() {
        assertThat(KnowledgeBaseName.of("  Opening \t hours   FAQ ").value()).isEqualTo("Opening hours FAQ");
    }

    @Test
    void namesDifferingOnlyInCaseShareAKey() {
        assertThat(KnowledgeBaseName.of("Pricing").key()).isEqualTo(KnowledgeBaseName.of("PRICING").key());
        assertThat(KnowledgeBaseName.of("Pricing")).isNotEqualTo(KnowledgeBaseName.of("PRICING"));
    }

    @Test
    void normalizesUnicodeSoEqualLookingNamesAreEqual() {
        String decomposed = "Cafe\u0301";
        String composed = "Caf\u00e9";
        assertThat(KnowledgeBaseName.of(decomposed)).isEqualTo(KnowledgeBaseName.of(composed));
    }

    @Test
    void rejectsNullBlankAndControlCharacters() {
        assertThatThrownBy(() -> KnowledgeBaseName.of(null))
                .isInstanceOf(InvalidKnowledgeBaseNameException.class).hasMessageContaining("required");
        assertThatThrownBy(() -> KnowledgeBaseName.of(" \t "))
                .isInstanceOf(InvalidKnowledgeBaseNameException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> KnowledgeBaseName.of("line\nbreak"))
                .isInstanceOf(InvalidKnowledgeBaseNameException.class).hasMessageContaining("control");
    }

    @Test
    void acceptsTheMaximumLengthAndRejectsOneMore() {
        assertThat(KnowledgeBaseName.of("x".repeat(KnowledgeBaseName.MAX_LENGTH)).value())
                .hasSize(KnowledgeBaseName.MAX_LENGTH);
        assertThatThrownBy(() -> KnowledgeBaseName.of("x".repeat(KnowledgeBaseName.MAX_LENGTH + 1)))
                .isInstanceOf(InvalidKnowledgeBaseNameException.class).hasMessageContaining("at most 120");
    }
}
