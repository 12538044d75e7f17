package io.voiceagents.outbound.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.voiceagents.outbound.domain.DestinationPolicy;

class ContactScreeningTest {

    private final ContactScreening screening = new ContactScreening(new DestinationPolicy(List.of("US", "CA")));

    @Test
    void acceptsValidRowsAndReportsEveryProblemOfTheOthers() {
        List<ContactCandidate> rows = List.of(
                ContactCandidate.of(1, "+1 (415) 555-0101", " Ada ", "{\"plan\":\"gold\"}"),
                ContactCandidate.of(2, "415-555-0102", null, null),
                ContactCandidate.of(3, "+442079460958", null, null),
                ContactCandidate.of(4, "+14155550101", null, null),
                new ContactCandidate(5, "+1876555010", "x".repeat(201), null, "must be a JSON object", null),
                ContactCandidate.of(6, "", null, null),
                ContactCandidate.unreadable(7, "+14155550107", "row", "has 4 cells but the header has 3 columns"),
                ContactCandidate.of(8, "+16135550108", "Bob", null),
                ContactCandidate.of(9, "+18765550109", null, null),
                ContactCandidate.of(10, "+14155550110", null, null));

        ContactScreening.Result result = screening.screen(rows, number -> number.equals("+14155550110"));

        assertThat(result.accepted()).extracting(ValidContact::row).containsExactly(1, 8);
        assertThat(result.accepted().getFirst().number().value()).isEqualTo("+14155550101");
        assertThat(result.accepted().getFirst().name()).isEqualTo("Ada");
        assertThat(result.accepted().getFirst().metadataJson()).isEqualTo("{\"plan\":\"gold\"}");
        assertThat(result.rejected()).extracting(r -> r.row() + " " + r.field()).containsExactly(
                "2 number", "3 number", "4 number", "5 number", "5 name", "5 metadata", "6 number", "7 row",
                "9 number", "10 number");
        assertThat(result.rejected().get(0).reason()).contains("E.164");
        // the same rule and words as a single call's "to"
        assertThat(result.rejected().get(1).reason()).isEqualTo("destination +44 (GB) is not an allowed country "
                + "(allowed: CA, US; see OUTBOUND_ALLOWED_COUNTRIES)");
        assertThat(result.rejected().get(2).reason()).isEqualTo("duplicates row 1");
        assertThat(result.rejected().get(4).reason()).isEqualTo("must be at most 200 characters");
        assertThat(result.rejected().get(6).reason()).isEqualTo("is required");
        assertThat(result.rejected().get(8).reason()).contains("+1 876 (JM)");
        assertThat(result.rejected().get(9).reason()).isEqualTo("is already a contact of this campaign");
        assertThat(result.rejected().get(0).number()).isEqualTo("415-555-0102");
    }

    @Test
    void premiumRateAndCountrylessNumbersAreNeverAccepted() {
        ContactScreening.Result result = screening.screen(List.of(
                ContactCandidate.of(1, "+19005550101", null, null),
                ContactCandidate.of(2, "+88212345678", null, null),
                ContactCandidate.of(3, "+16135550103", null, null)), number -> false);

        assertThat(result.accepted()).extracting(ValidContact::row).containsExactly(3);
        assertThat(result.rejected()).extracting(ContactRejection::reason).allSatisfy(reason ->
                assertThat(reason).contains("never dialed"));
        assertThat(result.rejected().getFirst().reason()).contains("premium rate");
    }

    @Test
    void parseableNumbersAreNormalisedForTheLookup() {
        assertThat(ContactScreening.parseableNumbers(List.of(ContactCandidate.of(1, "+1 415 555 0101", null, null),
                ContactCandidate.of(2, "nope", null, null)))).containsExactly("+14155550101");
    }
}
