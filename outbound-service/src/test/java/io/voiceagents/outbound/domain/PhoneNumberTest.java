package io.voiceagents.outbound.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @Test
    void stripsTheFormattingPeopleType() {
        assertThat(PhoneNumber.parse(" +1 (415) 555-0123 ").value()).isEqualTo("+14155550123");
        assertThat(PhoneNumber.parse("+44 20.7946.0958").value()).isEqualTo("+442079460958");
    }

    @Test
    void numbersWithTheSameDigitsAreEqual() {
        assertThat(PhoneNumber.parse("+1 415 555 0123")).isEqualTo(new PhoneNumber("+14155550123"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "14155550123", "+0155550123", "+1", "+1234567890123456", "+1415555O123", "tel:+14155550123"})
    void rejectsWhatIsNotE164(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("E.164");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> PhoneNumber.parse(null))
                .isInstanceOf(InvalidPhoneNumberException.class).hasMessageContaining("required");
    }

    @Test
    void acceptsTheLongestAndShortestE164Numbers() {
        assertThat(new PhoneNumber("+123456789012345").value()).hasSize(16);
        assertThat(new PhoneNumber("+12").value()).hasSize(3);
    }

    @Test
    void masksAllButTheFirstDigitAndTheLastFour() {
        assertThat(PhoneNumber.parse("+14155550123").masked()).isEqualTo("+1******0123");
        assertThat(PhoneNumber.parse("+12").masked()).isEqualTo("+*2");
    }

    @Test
    void knowsTheNorthAmericanNumberingPlan() {
        assertThat(PhoneNumber.parse("+14155550123").isNanp()).isTrue();
        assertThat(PhoneNumber.parse("+442079460958").isNanp()).isFalse();
    }
}
