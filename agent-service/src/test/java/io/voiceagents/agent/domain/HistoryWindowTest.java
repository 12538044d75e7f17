package io.voiceagents.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class HistoryWindowTest {

    static List<Message> conversation(int size) {
        List<Message> messages = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            messages.add(new Message(UUID.randomUUID(), UUID.randomUUID(), i,
                    i % 2 == 1 ? MessageRole.ASSISTANT : MessageRole.USER, "m" + i, Instant.EPOCH, null, null, null));
        }
        return messages;
    }

    @Test
    void keepsTheMostRecentMessagesInOrder() {
        assertThat(HistoryWindow.lastN(conversation(10), 3)).extracting(Message::text)
                .containsExactly("m8", "m9", "m10");
    }

    @Test
    void keepsEverythingWhenShorterThanTheWindow() {
        assertThat(HistoryWindow.lastN(conversation(2), 20)).extracting(Message::text).containsExactly("m1", "m2");
    }

    @Test
    void zeroOrNegativeMeansNoHistory() {
        assertThat(HistoryWindow.lastN(conversation(5), 0)).isEmpty();
        assertThat(HistoryWindow.lastN(conversation(5), -1)).isEmpty();
        assertThat(HistoryWindow.lastN(List.of(), 5)).isEmpty();
    }
}
