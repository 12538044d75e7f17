package io.voiceagents.outbound.domain.campaign;

/**
 * Why one field of one uploaded row was refused; a refused row is never stored nor dialed.
 *
 * @param row     1-based position in the upload (CSV header excluded)
 * @param number  the number as given (may be invalid or null)
 * @param field   number, name, metadata or row
 * @param reason  what is wrong, for a person fixing the file
 */
public record ContactRejection(int row, String number, String field, String reason) {
}
