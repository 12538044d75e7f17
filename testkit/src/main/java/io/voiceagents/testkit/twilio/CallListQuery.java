package io.voiceagents.testkit.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /2010-04-01/Accounts/{AccountSid}/Calls.json}: filters and pages calls as Twilio does, newest first.
 *
 * <p>Filters (exact match unless said): To, From, Status, ParentCallSid (the emulator's calls have none),
 * StartTime / StartTime&gt; / StartTime&lt; and EndTime / EndTime&gt; / EndTime&lt;. The Twilio SDK sends
 * {@code StartTime>} for {@code setStartTimeAfter} and {@code StartTime<} for {@code setStartTimeBefore}, with the
 * value as {@code ZonedDateTime.toString()}; a plain date {@code YYYY-MM-DD} works too (equality: that UTC day;
 * bounds: midnight UTC). Bounds are inclusive and compared at whole seconds, Twilio's precision. A call still
 * queued has no start_time yet; the emulator then matches StartTime filters against date_created, so a call just
 * created is found by a time-bounded search.
 *
 * <p>Paging: PageSize (default 50, 1..1000), Page (0-based), PageToken ({@code PA} + the SID of the previous page's
 * last call, which keeps pages stable while calls are being created). The answer has Twilio's list shape:
 * {@code calls, first_page_uri, next_page_uri, previous_page_uri, page, page_size, start, end, uri}.
 */
final class CallListQuery {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;

    /** A filter the emulator cannot understand: Twilio answers 400. */
    static final class BadQueryException extends Exception {
        BadQueryException(String message) {
            super(message);
        }
    }

    private CallListQuery() {
    }

    /** @param calls every call, in creation order */
    static String answer(String path, List<RestCall> calls, List<Map.Entry<String, String>> query) throws BadQueryException {
        Predicate<RestCall> filter = c -> true;
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        int pageSize = DEFAULT_PAGE_SIZE;
        int page = 0;
        String pageToken = null;
        for (Map.Entry<String, String> q : query) {
            String name = q.getKey();
            String value = q.getValue();
            switch (name) {
                case "PageSize" -> pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, integer(name, value)));
                case "Page" -> page = Math.max(0, integer(name, value));
                case "PageToken" -> pageToken = value;
                default -> {
                    filter = filter.and(filter(name, value));
                    kept.add(q);
                }
            }
        }
        List<RestCall> matching = new ArrayList<>();
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (filter.test(calls.get(i))) {
                matching.add(calls.get(i));
            }
        }
        int start = page * pageSize;
        if (pageToken != null && pageToken.startsWith("PA")) {
            String after = pageToken.substring(2);
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).sid().equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        start = Math.min(start, matching.size());
        int end = Math.min(matching.size(), start + pageSize);
        List<RestCall> rows = matching.subList(start, end);
        String uri = uri(path, kept, pageSize, page, pageToken);
        String next = end < matching.size() && !rows.isEmpty()
                ? uri(path, kept, pageSize, page + 1, "PA" + rows.get(rows.size() - 1).sid()) : null;
        String previous = page > 0 ? uri(path, kept, pageSize, page - 1, null) : null;
        return TwilioRestJson.callPage(rows, uri, uri(path, kept, pageSize, 0, null), next, previous, page, pageSize,
                start, Math.max(start, end - 1));
    }

    private static Predicate<RestCall> filter(String name, String value) throws BadQueryException {
        return switch (name) {
            case "To" -> c -> value.equals(c.to());
            case "From" -> c -> value.equals(c.from());
            case "Status" -> c -> value.equals(c.status());
            case "ParentCallSid" -> c -> false;
            case "StartTime", "StartTime>", "StartTime<" -> time(name, value, c -> c.startTime() != null ? c.startTime() : c.dateCreated());
            case "EndTime", "EndTime>", "EndTime<" -> time(name, value, RestCall::endTime);
            default -> throw new BadQueryException("Unknown filter for Calls: " + name);
        };
    }

    private static Predicate<RestCall> time(String name, String value, java.util.function.Function<RestCall, ZonedDateTime> of)
            throws BadQueryException {
        char op = name.charAt(name.length() - 1);
        if (value.length() == 10) {
            LocalDate day = parseDate(name, value);
            ZonedDateTime midnight = day.atStartOfDay(ZoneOffset.UTC);
            return c -> {
                ZonedDateTime t = of.apply(c);
                return t != null && switch (op) {
                    case '>' -> !t.isBefore(midnight);
                    case '<' -> !t.isAfter(midnight);
                    default -> t.withZoneSameInstant(ZoneOffset.UTC).toLocalDate().equals(day);
                };
            };
        }
        ZonedDateTime bound = parseDateTime(name, value).truncatedTo(ChronoUnit.SECONDS);
        return c -> {
            ZonedDateTime t = of.apply(c);
            if (t == null) {
                return false;
            }
            ZonedDateTime s = t.truncatedTo(ChronoUnit.SECONDS);
            return switch (op) {
                case '>' -> !s.isBefore(bound);
                case '<' -> !s.isAfter(bound);
                default -> s.toInstant().equals(bound.toInstant());
            };
        };
    }

    private static LocalDate parseDate(String name, String value) throws BadQueryException {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadQueryException("Invalid " + name + ": " + value);
        }
    }

    private static ZonedDateTime parseDateTime(String name, String value) throws BadQueryException {
        try {
            return ZonedDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).atZone(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new BadQueryException("Invalid " + name + ": " + value);
            }
        }
    }

    private static int integer(String name, String value) throws BadQueryException {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadQueryException("Invalid " + name + ": " + value);
        }
    }

    private static String uri(String path, List<Map.Entry<String, String>> filters, int pageSize, int page, String token) {
        StringBuilder sb = new StringBuilder(path).append('?');
        for (Map.Entry<String, String> f : filters) {
            sb.append(encode(f.getKey())).append('=').append(encode(f.getValue())).append('&');
        }
        sb.append("PageSize=").append(pageSize).append("&Page=").append(page);
        if (token != null) {
            sb.append("&PageToken=").append(encode(token));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
