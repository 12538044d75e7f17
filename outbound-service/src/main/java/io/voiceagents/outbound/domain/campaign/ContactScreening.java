package io.voiceagents.outbound.domain.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.voiceagents.outbound.domain.DestinationPolicy;
import io.voiceagents.outbound.domain.InvalidPhoneNumberException;
import io.voiceagents.outbound.domain.PhoneNumber;

/**
 * Checks uploaded contacts row by row: an E.164 number the {@link DestinationPolicy} allows (the rule single calls
 * follow too), not twice in the campaign, a name of
 * at most {@link #MAX_NAME_LENGTH} characters, metadata that is a JSON object. Every problem of a row is reported
 * (one rejection per field; a row that could not be read gets one, for the field that spoiled it); a row with any problem is
 * left out.
 */
public final class ContactScreening {

    public static final int MAX_NAME_LENGTH = 200;

    private final DestinationPolicy destinations;

    public ContactScreening(DestinationPolicy destinations) {
        this.destinations = destinations;
    }

    /** The numbers of the candidates that parse, to ask which are already in the campaign. */
    public static Set<String> parseableNumbers(List<ContactCandidate> candidates) {
        Set<String> numbers = new LinkedHashSet<>();
        for (ContactCandidate candidate : candidates) {
            try {
                numbers.add(PhoneNumber.parse(candidate.number()).value());
            } catch (InvalidPhoneNumberException e) {
                // reported by screen()
            }
        }
        return numbers;
    }

    /**
     * @param alreadyInCampaign  whether an E.164 number is a contact of the campaign already (earlier uploads)
     */
    public Result screen(List<ContactCandidate> candidates, Predicate<String> alreadyInCampaign) {
        List<ValidContact> accepted = new ArrayList<>();
        List<ContactRejection> rejected = new ArrayList<>();
        Map<String, Integer> firstRowOfNumber = new HashMap<>();
        for (ContactCandidate candidate : candidates) {
            if (candidate.unreadable() != null) {
                rejected.add(reject(candidate, candidate.unreadable().field(), candidate.unreadable().reason()));
                continue;
            }
            List<ContactRejection> problems = new ArrayList<>();
            PhoneNumber number = checkNumber(candidate, problems);
            if (number != null) {
                Integer firstRow = firstRowOfNumber.putIfAbsent(number.value(), candidate.row());
                if (firstRow != null) {
                    problems.add(reject(candidate, "number", "duplicates row " + firstRow));
                } else if (alreadyInCampaign.test(number.value())) {
                    problems.add(reject(candidate, "number", "is already a contact of this campaign"));
                }
            }
            String name = candidate.name() == null || candidate.name().isBlank() ? null : candidate.name().strip();
            if (name != null && name.length() > MAX_NAME_LENGTH) {
                problems.add(reject(candidate, "name", "must be at most " + MAX_NAME_LENGTH + " characters"));
            }
            if (candidate.metadataProblem() != null) {
                problems.add(reject(candidate, "metadata", candidate.metadataProblem()));
            }
            if (problems.isEmpty()) {
                accepted.add(new ValidContact(candidate.row(), number, name, candidate.metadataJson()));
            } else {
                rejected.addAll(problems);
            }
        }
        rejected.sort(Comparator.comparingInt(ContactRejection::row));
        return new Result(accepted, rejected);
    }

    private PhoneNumber checkNumber(ContactCandidate candidate, List<ContactRejection> problems) {
        if (candidate.number() == null || candidate.number().isBlank()) {
            problems.add(reject(candidate, "number", "is required"));
            return null;
        }
        PhoneNumber number;
        try {
            number = PhoneNumber.parse(candidate.number());
        } catch (InvalidPhoneNumberException e) {
            problems.add(reject(candidate, "number", e.getMessage()));
            return null;
        }
        Optional<String> refusal = destinations.refusal(number);
        if (refusal.isPresent()) {
            problems.add(reject(candidate, "number", refusal.get()));
            return null;
        }
        return number;
    }

    private static ContactRejection reject(ContactCandidate candidate, String field, String reason) {
        return new ContactRejection(candidate.row(), candidate.number(), field, reason);
    }

    /** Accepted contacts in upload order; rejections by row. */
    public record Result(List<ValidContact> accepted, List<ContactRejection> rejected) {
    }
}
