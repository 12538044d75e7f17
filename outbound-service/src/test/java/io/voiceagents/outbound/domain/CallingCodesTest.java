package io.voiceagents.outbound.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CallingCodesTest {

    @ParameterizedTest
    @CsvSource({
            "+442079460958, GB",
            "+33142685300, FR",
            "+4930901820, DE",
            "+353015551234, IE",
            "+74955550100, RU",
            "+77015550100, KZ",
            "+8613800138000, CN",
            "+18765550100, JM",
            "+18095550100, DO",
            "+17875550100, PR",
            "+16715550100, GU",
            "+12425550100, BS"})
    void namesTheCountryOfACallingCode(String number, String country) {
        assertThat(CallingCodes.of(PhoneNumber.parse(number)).countries()).containsExactly(country);
    }

    @ParameterizedTest
    @CsvSource({"+14155550123", "+16045550123", "+18005550123", "+12"})
    void otherNorthAmericanNumbersAreUsOrCanada(String number) {
        assertThat(CallingCodes.of(PhoneNumber.parse(number)).countries()).containsExactlyInAnyOrder("US", "CA");
    }

    @ParameterizedTest
    @CsvSource({"+19005550123", "+88212345678", "+8701234567", "+80012345678", "+9791234567", "+2801234567"})
    void premiumSatelliteAndUnassignedCodesHaveNoCountry(String number) {
        assertThat(CallingCodes.of(PhoneNumber.parse(number)).unknown()).isTrue();
    }

    @Test
    void theAllowListRefusesWithTheDestinationNamed() {
        DestinationPolicy policy = new DestinationPolicy(List.of("US", "CA"));
        assertThat(policy.refusal(PhoneNumber.parse("+14155550123"))).isEmpty();
        assertThat(policy.refusal(PhoneNumber.parse("+442079460958"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("+44 (GB)").contains("CA, US").contains("OUTBOUND_ALLOWED_COUNTRIES"));
        assertThat(policy.refusal(PhoneNumber.parse("+18765550100"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("+1 876 (JM)"));
        assertThat(policy.refusal(PhoneNumber.parse("+19005550100"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("premium rate").contains("never dialed"));
    }

    @Test
    void eitherUsOrCanadaAllowsTheSharedPlan() {
        assertThat(new DestinationPolicy(List.of("CA")).refusal(PhoneNumber.parse("+14155550123"))).isEmpty();
        assertThat(new DestinationPolicy(List.of("GB")).refusal(PhoneNumber.parse("+14155550123"))).isPresent();
        assertThat(new DestinationPolicy(List.of("JM")).refusal(PhoneNumber.parse("+18765550100"))).isEmpty();
    }
}
