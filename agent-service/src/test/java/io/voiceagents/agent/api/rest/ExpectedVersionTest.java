package io.voiceagents.agent.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.voiceagents.agent.application.InvalidInputException;

class ExpectedVersionTest {

    @Test
    void readsTheBodyOrAnyIfMatchSpelling() {
        assertThat(AgentResource.expectedVersion(4L, null)).isEqualTo(4);
        assertThat(AgentResource.expectedVersion(null, "\"5\"")).isEqualTo(5);
        assertThat(AgentResource.expectedVersion(null, "W/\"6\"")).isEqualTo(6);
        assertThat(AgentResource.expectedVersion(7L, "7")).isEqualTo(7);
    }

    @Test
    void refusesMissingGarbledOrContradictoryVersions() {
        assertThatThrownBy(() -> AgentResource.expectedVersion(null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("version"));
        assertThatThrownBy(() -> AgentResource.expectedVersion(null, "\"abc\""))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("If-Match"));
        assertThatThrownBy(() -> AgentResource.expectedVersion(1L, "\"2\""))
                .isInstanceOf(InvalidInputException.class);
    }
}
