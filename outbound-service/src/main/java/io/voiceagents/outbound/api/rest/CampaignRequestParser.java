package io.voiceagents.outbound.api.rest;

import java.time.DayOfWeek;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.voiceagents.outbound.application.RejectedException;
import io.voiceagents.outbound.application.RejectedException.FieldError;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.domain.InvalidPhoneNumberException;
import io.voiceagents.outbound.domain.PhoneNumber;
import io.voiceagents.outbound.domain.campaign.CallOutcome;
import io.voiceagents.outbound.domain.campaign.CallingWindow;
import io.voiceagents.outbound.domain.campaign.CampaignSettings;
import io.voiceagents.outbound.domain.campaign.ContactCandidate;
import io.voiceagents.outbound.domain.campaign.RetryPolicy;

/**
 * Reads a POST /api/campaigns body field by field, so that every invalid field is named in one 400 (a typed DTO
 * would stop at the first type error). Contacts are read row by row and checked later, per row.
 */
final class CampaignRequestParser {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_INITIAL_MESSAGE_LENGTH = 2000;
    static final int DEFAULT_MAX_ATTEMPTS_WHEN_RETRYING = 3;
    static final long DEFAULT_RETRY_DELAY_SECONDS = 300;
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");

    record Parsed(CampaignSettings settings, List<ContactCandidate> contacts) {
    }

    private final CampaignContactsReader contactsReader;
    private final int maxConcurrentCalls;
    private final double accountCallsPerSecond;
    private final List<FieldError> errors = new ArrayList<>();

    CampaignRequestParser(CampaignContactsReader contactsReader, int maxConcurrentCalls, double accountCallsPerSecond) {
        this.contactsReader = contactsReader;
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.accountCallsPerSecond = accountCallsPerSecond;
    }

    Parsed parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw RejectedException.field(Kind.INVALID, "body", "must be a JSON object");
        }
        String name = text(body, "name", true);
        if (name != null && name.isBlank()) {
            error("name", "must not be blank");
        } else if (name != null && name.strip().length() > MAX_NAME_LENGTH) {
            error("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        UUID agentId = uuid(body, "agentId");
        String from = phoneNumber(body, "from");
        String initialMessage = text(body, "initialMessage", false);
        if (initialMessage != null && initialMessage.isBlank()) {
            initialMessage = null;
        } else if (initialMessage != null && initialMessage.length() > MAX_INITIAL_MESSAGE_LENGTH) {
            error("initialMessage", "must be at most " + MAX_INITIAL_MESSAGE_LENGTH + " characters");
        }
        String metadata = null;
        JsonNode metadataNode = body.get("metadata");
        if (metadataNode != null && !metadataNode.isNull()) {
            if (!metadataNode.isObject()) {
                error("metadata", "must be a JSON object");
            } else if (!metadataNode.isEmpty()) {
                metadata = metadataNode.toString();
            }
        }
        boolean machineDetection = bool(body, "machineDetection");
        CallingWindow window = window(body.get("window"));
        int maxConcurrent = integer(body, "maxConcurrentCalls", 1, 1, maxConcurrentCalls,
                "OUTBOUND_CAMPAIGN_MAX_CONCURRENT_CALLS");
        double callsPerSecond = callsPerSecond(body);
        RetryPolicy retry = retry(body.get("retry"));
        List<ContactCandidate> contacts = List.of();
        try {
            contacts = contactsReader.fromJson(body.get("contacts"), "contacts");
        } catch (RejectedException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw RejectedException.invalid(errors);
        }
        return new Parsed(new CampaignSettings(name.strip(), agentId, from, initialMessage, metadata, machineDetection,
                window, maxConcurrent, callsPerSecond, retry), contacts);
    }

    private CallingWindow window(JsonNode node) {
        if (node == null || node.isNull()) {
            error("window", "is required: {days: [\"MON\", ...], start: \"09:00\", end: \"18:00\", timeZone: "
                    + "\"America/New_York\"}");
            return null;
        }
        if (!node.isObject()) {
            error("window", "must be an object {days, start, end, timeZone}");
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode daysNode = node.get("days");
        if (daysNode == null || !daysNode.isArray() || daysNode.isEmpty()) {
            error("window.days", "must be a non-empty array of MON, TUE, WED, THU, FRI, SAT, SUN");
        } else {
            for (int i = 0; i < daysNode.size(); i++) {
                DayOfWeek day = day(daysNode.get(i));
                if (day == null) {
                    error("window.days[" + i + "]", "must be one of MON, TUE, WED, THU, FRI, SAT, SUN");
                } else {
                    days.add(day);
                }
            }
        }
        LocalTime start = time(node, "start");
        LocalTime end = time(node, "end");
        if (start != null && start.equals(LocalTime.MAX)) {
            error("window.start", "must be before 24:00");
            start = null;
        }
        if (start != null && end != null && !start.isBefore(end)) {
            error("window.end", "must be after window.start (a window ends on the day it starts; 24:00 is midnight)");
        }
        ZoneId zone = null;
        String zoneName = text(node, "timeZone", "window.timeZone", true);
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName.strip());
            } catch (DateTimeException e) {
                error("window.timeZone", "must be an IANA time zone, e.g. America/New_York or Europe/Paris");
            }
            if (zone != null && zone.getId().length() > 64) {
                error("window.timeZone", "must be at most 64 characters");
                zone = null;
            }
        }
        if (days.isEmpty() || start == null || end == null || zone == null || !start.isBefore(end)) {
            return null;
        }
        return new CallingWindow(days, start, end, zone);
    }

    private static DayOfWeek day(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String value = node.asText().strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(value) || day.name().substring(0, 3).equals(value)) {
                return day;
            }
        }
        return null;
    }

    /** "HH:mm", 24:00 (end of day) as {@link LocalTime#MAX}. */
    private LocalTime time(JsonNode window, String field) {
        String value = text(window, field, "window." + field, true);
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (!TIME.matcher(trimmed).matches()) {
            error("window." + field, "must be a local time HH:mm from 00:00 to 24:00, e.g. \"09:00\"");
            return null;
        }
        try {
            return trimmed.equals("24:00") ? LocalTime.MAX : LocalTime.parse(trimmed);
        } catch (DateTimeParseException e) {
            error("window." + field, "must be a local time HH:mm, e.g. \"09:00\"");
            return null;
        }
    }

    private double callsPerSecond(JsonNode body) {
        JsonNode node = body.get("callsPerSecond");
        double fallback = Math.min(1.0, accountCallsPerSecond);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            error("callsPerSecond", "must be a number, e.g. 1 or 0.5");
            return fallback;
        }
        double value = node.asDouble();
        if (!(value > 0) || Double.isInfinite(value)) {
            error("callsPerSecond", "must be greater than 0");
        } else if (value > accountCallsPerSecond) {
            error("callsPerSecond", "must be at most " + accountCallsPerSecond + ", the calls per second of the "
                    + "Twilio account (OUTBOUND_TWILIO_CALLS_PER_SECOND)");
        }
        return value;
    }

    private RetryPolicy retry(JsonNode node) {
        if (node == null || node.isNull()) {
            return RetryPolicy.NEVER;
        }
        if (!node.isObject()) {
            error("retry", "must be an object {on, maxAttempts, delaySeconds}");
            return null;
        }
        Set<CallOutcome> on = EnumSet.noneOf(CallOutcome.class);
        JsonNode onNode = node.get("on");
        if (onNode != null && !onNode.isNull()) {
            if (!onNode.isArray()) {
                error("retry.on", "must be an array of busy, no-answer, failed");
            } else {
                for (int i = 0; i < onNode.size(); i++) {
                    JsonNode item = onNode.get(i);
                    var outcome = item.isTextual() ? CallOutcome.fromWire(item.asText().strip()) : java.util.Optional
                            .<CallOutcome>empty();
                    if (outcome.isEmpty() || !outcome.get().isRetriable()) {
                        error("retry.on[" + i + "]", "must be one of busy, no-answer, failed");
                    } else {
                        on.add(outcome.get());
                    }
                }
            }
        }
        int maxAttempts = integer(node, "maxAttempts", "retry.maxAttempts", DEFAULT_MAX_ATTEMPTS_WHEN_RETRYING, 1,
                RetryPolicy.MAX_ATTEMPTS, null);
        int delay = integer(node, "delaySeconds", "retry.delaySeconds", (int) DEFAULT_RETRY_DELAY_SECONDS, 0,
                (int) RetryPolicy.MAX_DELAY.toSeconds(), null);
        return new RetryPolicy(on, maxAttempts, Duration.ofSeconds(delay));
    }

    private int integer(JsonNode parent, String field, int fallback, int min, int max, String limitVariable) {
        return integer(parent, field, field, fallback, min, max, limitVariable);
    }

    private int integer(JsonNode parent, String field, String path, int fallback, int min, int max,
            String limitVariable) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            error(path, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        int value = node.asInt();
        if (value < min || value > max) {
            error(path, "must be from " + min + " to " + max
                    + (limitVariable == null ? "" : " (the limit is " + limitVariable + ")"));
            return fallback;
        }
        return value;
    }

    private boolean bool(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            error(field, "must be true or false");
            return false;
        }
        return node.asBoolean();
    }

    private UUID uuid(JsonNode parent, String field) {
        String value = text(parent, field, true);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            error(field, "must be an agent id (a UUID)");
            return null;
        }
    }

    private String phoneNumber(JsonNode parent, String field) {
        String value = text(parent, field, false);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return PhoneNumber.parse(value).value();
        } catch (InvalidPhoneNumberException e) {
            error(field, e.getMessage());
            return null;
        }
    }

    private String text(JsonNode parent, String field, boolean required) {
        return text(parent, field, field, required);
    }

    private String text(JsonNode parent, String field, String path, boolean required) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            error(path, "must be a string");
            return null;
        }
        return node.asText();
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
