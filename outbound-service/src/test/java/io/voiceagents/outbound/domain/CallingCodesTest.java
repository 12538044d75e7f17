package io.voiceagents.outbound.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
            "+61212345678, AU",
            "+81312345678, JP",
            "+5215512345678, MX",
            "+97150123456, AE",
            "+390612345678, IT",
            "+5999123456, CW"})
    void namesTheCountryOfACallingCode(String number, String country) {
        assertThat(CallingCodes.of(PhoneNumber.parse(number)).countries()).containsExactly(country);
    }

    @ParameterizedTest
    @CsvSource({
            "+441534123456, JE",
            "+441481123456, GG",
            "+441624123456, IM",
            "+390669812345, VA",
            "+5997123456, BQ",
            "+262269123456, YT",
            "+4779123456, SJ",
            "+61891621234, CC"})
    void territoriesInsideAnotherCountrysCodeAreNamedByTheirPrefix(String number, String territory) {
        assertThat(CallingCodes.of(PhoneNumber.parse(number)).countries()).containsExactly(territory);
    }

    @ParameterizedTest
    @CsvSource({
            "+14155550123, US",
            "+12125550123, US",
            "+18005550123, US",
            "+16135550123, CA",
            "+14165550123, CA",
            "+16045550123, CA",
            "+18765550100, JM",
            "+18095550100, DO",
            "+17875550100, PR",
            "+16715550100, GU",
            "+12425550100, BS",
            "+12465550123, BB",
            "+14415550123, BM"})
    void northAmericanNumbersAreReadByAreaCode(String number, String country) {
        assertThat(CallingCodes.of(PhoneNumber.parse(number)).countries()).containsExactly(country);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+19005550123", "+19765550123", "+88212345678", "+870123456789", "+881612345678",
            "+883123456789", "+80012345678", "+9791234567", "+2801234567", "+4241234567", "+2471234567",
            "+3791234567", "+1415555012", "+12"})
    void premiumSatelliteUnassignedAndIncompleteNumbersHaveNoCountry(String number) {
        assertThat(CallingCodes.of(PhoneNumber.parse(number)).unknown()).isTrue();
    }

    @Test
    void theAllowListRefusesWithTheDestinationNamed() {
        DestinationPolicy policy = new DestinationPolicy(List.of("US", "CA"));
        assertThat(policy.refusal(PhoneNumber.parse("+14155550123"))).isEmpty();
        assertThat(policy.refusal(PhoneNumber.parse("+16135550123"))).isEmpty();
        assertThat(policy.refusal(PhoneNumber.parse("+442079460958"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("+44 (GB)").contains("CA, US").contains("OUTBOUND_ALLOWED_COUNTRIES"));
        assertThat(policy.refusal(PhoneNumber.parse("+18765550100"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("+1 876 (JM)"));
        assertThat(policy.refusal(PhoneNumber.parse("+19005550100"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("premium rate").contains("never dialed"));
    }

    @Test
    void usAndCanadaAreToldApart() {
        assertThat(new DestinationPolicy(List.of("CA")).refusal(PhoneNumber.parse("+14155550123")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("+1 415 (US)"));
        assertThat(new DestinationPolicy(List.of("CA")).refusal(PhoneNumber.parse("+16135550123"))).isEmpty();
        assertThat(new DestinationPolicy(List.of("US")).refusal(PhoneNumber.parse("+16045550123")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("+1 604 (CA)"));
        assertThat(new DestinationPolicy(List.of("GB")).refusal(PhoneNumber.parse("+14155550123"))).isPresent();
        assertThat(new DestinationPolicy(List.of("JM")).refusal(PhoneNumber.parse("+18765550100"))).isEmpty();
    }

    @Test
    void aTerritoryIsNotAllowedByItsNeighboursCode() {
        assertThat(new DestinationPolicy(List.of("GB")).refusal(PhoneNumber.parse("+441534123456")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("+44 1534 (JE)"));
        assertThat(new DestinationPolicy(List.of("GB", "JE")).refusal(PhoneNumber.parse("+441534123456"))).isEmpty();
    }
}
