package io.voiceagents.outbound.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CountryOfNumberTest {

    @ParameterizedTest
    @CsvSource({
            "+14155550123, US", "+12125550123, US", "+18005550123, US", "+16135550123, CA", "+14165550123, CA",
            "+18765550123, JM", "+18095550123, DO", "+17875550123, PR", "+12465550123, BB", "+14415550123, BM",
            "+442079460958, GB", "+441534123456, JE", "+33142685300, FR", "+4930123456, DE", "+74951234567, RU",
            "+77011234567, KZ", "+61212345678, AU", "+81312345678, JP", "+353112345678, IE", "+5215512345678, MX",
            "+390669812345, VA", "+390612345678, IT", "+97150123456, AE", "+5997123456, BQ", "+5999123456, CW"})
    void readsTheCountryFromTheCallingCode(String number, String country) {
        assertThat(CountryOfNumber.of(new PhoneNumber(number))).contains(country);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+80012345678", "+870123456789", "+881612345678", "+882123456789", "+883123456789",
            "+979123456789", "+1415555012", "+4241234567"})
    void numbersThatAreNoCountrysHaveNone(String number) {
        assertThat(CountryOfNumber.of(new PhoneNumber(number))).isEmpty();
    }
}
