package io.voiceagents.outbound.domain;

import java.util.regex.Pattern;

/**
 * A phone number in E.164 form ("+" then 2 to 15 digits, no leading zero in the country code), the only
 * form Twilio's REST API and webhooks use. {@link #parse(String)} accepts what people type around it:
 * spaces, dashes, dots and parentheses.
 *
 * @param value the E.164 string, e.g. "+14155550123"
 */
public record PhoneNumber(String value) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final Pattern FORMATTING = Pattern.compile("[\\s().\\-]");

    public PhoneNumber {
        if (value == null || !E164.matcher(value).matches()) {
            throw new InvalidPhoneNumberException(
                    "not an E.164 phone number (expected + then 2 to 15 digits, e.g. +14155550123): " + value);
        }
    }

    /** Strips formatting characters and validates; a number without the leading "+" is rejected, not guessed. */
    public static PhoneNumber parse(String raw) {
        if (raw == null) {
            throw new InvalidPhoneNumberException("phone number is required");
        }
        return new PhoneNumber(FORMATTING.matcher(raw.strip()).replaceAll(""));
    }

    /** North American Numbering Plan (US, CA and some Caribbean countries) share the calling code 1. */
    public boolean isNanp() {
        return value.startsWith("+1");
    }

    /** For logs: "+", the first digit and the last four digits only, so logs do not collect callees' numbers. */
    public String masked() {
        int visibleTail = Math.min(4, value.length() - 2);
        int visibleHead = value.length() - visibleTail > 3 ? 2 : 1;
        return value.substring(0, visibleHead)
                + "*".repeat(value.length() - visibleHead - visibleTail)
                + value.substring(value.length() - visibleTail);
    }

    @Override
    public String toString() {
        return value;
    }
}
