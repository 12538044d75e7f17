package io.voiceagents.outbound.domain.campaign;

/**
 * One contact as uploaded, not yet checked.
 *
 * @param row              1-based position in the upload (for CSV: the line the row starts on, the header being 1)
 * @param number           the phone number as given
 * @param name             as given, null when none
 * @param metadataJson     the contact's metadata as a JSON object text, null when none
 * @param metadataProblem  why the metadata given is unusable (not a JSON object ...), null when it is fine
 * @param unreadable       why the row could not even be read (more cells than the header, a number that is not a
 *                         string ...), null when it was read
 */
public record ContactCandidate(int row, String number, String name, String metadataJson, String metadataProblem,
        Unreadable unreadable) {

    public static ContactCandidate of(int row, String number, String name, String metadataJson) {
        return new ContactCandidate(row, number, name, metadataJson, null, null);
    }

    public static ContactCandidate unreadable(int row, String number, String field, String reason) {
        return new ContactCandidate(row, number, null, null, null, new Unreadable(field, reason));
    }

    /** @param field number, name, metadata or row (the row as a whole) */
    public record Unreadable(String field, String reason) {
    }
}
