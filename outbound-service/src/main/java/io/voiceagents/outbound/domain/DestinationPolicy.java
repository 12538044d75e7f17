package io.voiceagents.outbound.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The toll-fraud guard: a number may be dialed only when the country it rings in is on the deployment's allow-list
 * (OUTBOUND_ALLOWED_COUNTRIES). See {@link CallingCodes} for how the country is derived.
 */
public final class DestinationPolicy {

    private final Set<String> allowed;

    public DestinationPolicy(List<String> allowedCountries) {
        this.allowed = new TreeSet<>(allowedCountries);
    }

    /** Why the number may not be dialed, or empty when it may. */
    public Optional<String> refusal(PhoneNumber number) {
        CallingCodes.Destination destination = CallingCodes.of(number);
        if (destination.unknown()) {
            return Optional.of("destination " + destination.label() + " is never dialed");
        }
        if (destination.countries().stream().anyMatch(allowed::contains)) {
            return Optional.empty();
        }
        return Optional.of("destination " + destination.label() + " is not an allowed country (allowed: "
                + String.join(", ", allowed) + "; see OUTBOUND_ALLOWED_COUNTRIES)");
    }
}
