package io.voiceagents.gateway.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    /** Feeds the text in deltas of {@code size} characters, as an LLM stream would, and collects everything. */
    private static List<String> split(String text, int size) {
        SentenceSplitter splitter = new SentenceSplitter();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            out.addAll(splitter.add(text.substring(i, Math.min(text.length(), i + size))));
        }
        out.addAll(splitter.finish());
        return out;
    }

    @Test
    void cutsAtSentenceEndsAndKeepsTheRemainderForTheEnd() {
        String reply = "Sure! We open at nine. Would you like to book a table? I can do that now";
        for (int size : new int[] {1, 3, 7, 100}) {
            assertThat(split(reply, size)).as("deltas of %d", size).containsExactly("Sure!", "We open at nine.",
                    "Would you like to book a table?", "I can do that now");
        }
    }

    @Test
    void aSentenceIsReleasedAsSoonAsTheNextWordStarts() {
        SentenceSplitter splitter = new SentenceSplitter();
        assertThat(splitter.add("We open at nine.")).isEmpty();
        assertThat(splitter.add(" ")).isEmpty();
        assertThat(splitter.add("Tomorrow")).containsExactly("We open at nine.");
        assertThat(splitter.hasPending()).isTrue();
        assertThat(splitter.finish()).containsExactly("Tomorrow");
        assertThat(splitter.finish()).isEmpty();
    }

    @Test
    void decimalsAbbreviationsInitialsAndListNumbersDoNotEndASentence() {
        assertThat(split("The fee is 3.5 euros. Dr. Smith and Mrs. Jones agree, e.g. on Mondays. J. R. R. Tolkien wrote it. "
                + "It is approx. five minutes away.", 4))
                .containsExactly("The fee is 3.5 euros.", "Dr. Smith and Mrs. Jones agree, e.g. on Mondays.",
                        "J. R. R. Tolkien wrote it.", "It is approx. five minutes away.");
        assertThat(split("1. Call us. 2. Come by.", 2)).containsExactly("1. Call us.", "2. Come by.");
        assertThat(split("We have 3. Then we have none.", 5)).containsExactly("We have 3.", "Then we have none.");
        assertThat(split("Visit www.example.com today. Bye.", 5)).containsExactly("Visit www.example.com today.", "Bye.");
    }

    @Test
    void closingQuotesStayWithTheirSentence() {
        assertThat(split("He said \"Stop!\" Then he left. She asked (quietly.) Why?", 3))
                .containsExactly("He said \"Stop!\"", "Then he left.", "She asked (quietly.)", "Why?");
        // a quote followed by a lower-case word continues the sentence
        assertThat(split("\"Hello.\" she said. Next.", 3)).containsExactly("\"Hello.\" she said.", "Next.");
    }

    @Test
    void lineBreaksEndSentencesWithoutWaitingForTheNextWord() {
        SentenceSplitter splitter = new SentenceSplitter();
        assertThat(splitter.add("First line.\n")).containsExactly("First line.");
        assertThat(splitter.add("A heading\n\n")).containsExactly("A heading");
        assertThat(splitter.add("Items:\n- one")).containsExactly("Items:");
        assertThat(splitter.finish()).containsExactly("- one");
    }

    @Test
    void veryLongSentencesAreCutAtACommaPastTheLimit() {
        SentenceSplitter splitter = new SentenceSplitter(40);
        String longOne = "We have tables on the terrace, in the main room, near the window and at the bar, so just tell me";
        List<String> out = new ArrayList<>(splitter.add(longOne));
        out.addAll(splitter.finish());
        assertThat(out).containsExactly("We have tables on the terrace, in the main room,",
                "near the window and at the bar, so just tell me");
        assertThat(out.get(0).length()).isGreaterThan(40);
    }

    @Test
    void aSentenceWithoutAnyCommaIsCutAtASpaceOnceItIsTwiceTooLong() {
        SentenceSplitter splitter = new SentenceSplitter(20);
        List<String> out = splitter.add("one two three four five six seven eight nine ten eleven");
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).startsWith("one two three").doesNotEndWith(" ");
        assertThat(String.join(" ", out) + " " + String.join(" ", splitter.finish()))
                .isEqualTo("one two three four five six seven eight nine ten eleven");
    }

    @Test
    void otherScriptsAndEllipsesEndSentences() {
        assertThat(split("Hmm… Let me see. 好的。我们明天见！", 2)).containsExactly("Hmm…", "Let me see.", "好的。我们明天见！");
        assertThat(split("Well... I think so.", 2)).containsExactly("Well...", "I think so.");
    }

    @Test
    void emptyAndBlankInputGiveNothing() {
        SentenceSplitter splitter = new SentenceSplitter();
        assertThat(splitter.add("")).isEmpty();
        assertThat(splitter.add(null)).isEmpty();
        assertThat(splitter.add("   ")).isEmpty();
        assertThat(splitter.finish()).isEmpty();
        assertThatThrownBy(() -> new SentenceSplitter(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
