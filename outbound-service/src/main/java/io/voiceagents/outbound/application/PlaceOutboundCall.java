package io.voiceagents.outbound.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.voiceagents.outbound.application.RejectedException.FieldError;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.application.port.AgentDirectory;
import io.voiceagents.outbound.application.port.OutboundCallRepository;
import io.voiceagents.outbound.application.port.OutboundCallRepository.NewCall;
import io.voiceagents.outbound.application.port.OutboundCallRepository.StoredRequest;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.DestinationPolicy;
import io.voiceagents.outbound.domain.InvalidPhoneNumberException;
import io.voiceagents.outbound.domain.MachineDetection;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.PhoneNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Accepts a single outbound call into the dial queue. Everything is checked before anything is stored: the input,
 * the destination country, the agent and its caller ID (agent-service), then, under the tenant's advisory lock, the
 * Idempotency-Key and the per-key limits. Nothing is dialed here: the dial workers take the call from the queue.
 */
@ApplicationScoped
public class PlaceOutboundCall {

    public static final int MAX_INITIAL_MESSAGE = 1000;
    public static final int MAX_METADATA_BYTES = 8 * 1024;
    public static final int MAX_IDEMPOTENCY_KEY = 200;
    public static final String IDEMPOTENCY_FIELD = "Idempotency-Key";
    /** A concurrency slot frees when a call ends, which nobody can predict: a short, honest guess. */
    static final long CONCURRENCY_RETRY_AFTER_SECONDS = 10;
    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    /** @param created false when an earlier request with the same Idempotency-Key created the call */
    public record Result(OutboundCall call, boolean created) {
    }

    private final OutboundCallRepository calls;
    private final AgentDirectory agents;
    private final CallTransitions transitions;
    private final DialQueueSignal signal;
    private final OutboundConfig config;
    private final DestinationPolicy destinations;

    @Inject
    public PlaceOutboundCall(OutboundCallRepository calls, AgentDirectory agents, CallTransitions transitions,
            DialQueueSignal signal, OutboundConfig config) {
        this.calls = calls;
        this.agents = agents;
        this.transitions = transitions;
        this.signal = signal;
        this.config = config;
        this.destinations = new DestinationPolicy(config.allowedCountries());
    }

    public Result place(PlaceCallCommand command) {
        List<FieldError> errors = new ArrayList<>();
        PhoneNumber to = phone("to", command.to(), true, errors);
        UUID agentId = uuid("agentId", command.agentId(), errors);
        PhoneNumber from = phone("from", command.from(), false, errors);
        String initialMessage = blankToNull(command.initialMessage());
        if (initialMessage != null && initialMessage.length() > MAX_INITIAL_MESSAGE) {
            errors.add(new FieldError("initialMessage", "must be at most " + MAX_INITIAL_MESSAGE + " characters (it has "
                    + initialMessage.length() + ")"));
        }
        String metadata = command.metadataJson();
        if (metadata != null && metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON (it has "
                    + metadata.getBytes(StandardCharsets.UTF_8).length + ")"));
        }
        String key = command.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
            errors.add(new FieldError(IDEMPOTENCY_FIELD, "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new RejectedException(Kind.INVALID, "One or more fields are invalid.", errors, 0);
        }
        destinations.refusal(to).ifPresent(reason -> {
            throw RejectedException.field(Kind.UNPROCESSABLE, "to", reason);
        });
        String hash = fingerprint(to, agentId, initialMessage, metadata, from, command.machineDetection());
        if (key != null) {
            Optional<Result> replay = replay(command.tenant(), key, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        AgentDirectory.Agent agent = AgentLookup.require(agents, agentId);
        PhoneNumber callerId = callerId(agent, from);
        String machineDetection = MachineDetection.forCall(command.machineDetection(), agent.leavesVoicemail());
        NewCall call = new NewCall(UUID.randomUUID(), command.tenant(), agentId, to.value(), callerId.value(), key, hash,
                initialMessage, metadata, machineDetection);
        Result result = QuarkusTransaction.requiringNew().call(() -> store(call, hash));
        if (result.created()) {
            signal.wake();
        }
        return result;
    }

    private Result store(NewCall call, String hash) {
        calls.lockTenant(call.tenant());
        if (call.idempotencyKey() != null) {
            // a concurrent request with the same key may have committed while agent-service was asked
            Optional<Result> replay = replay(call.tenant(), call.idempotencyKey(), hash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        long active = calls.countActiveSingleCalls(call.tenant());
        int maxActive = config.limits().maxConcurrentCallsPerKey();
        if (active >= maxActive) {
            throw new RejectedException(Kind.TOO_MANY_REQUESTS, "This API key already has " + active
                    + " outbound calls queued or in progress, the most allowed at once (OUTBOUND_MAX_CONCURRENT_CALLS_PER_KEY = "
                    + maxActive + "). Try again when one has ended.", List.of(), CONCURRENCY_RETRY_AFTER_SECONDS);
        }
        OutboundCallRepository.RecentCalls recent = calls.recentSingleCalls(call.tenant(), RATE_WINDOW);
        int maxPerMinute = config.limits().maxCallsPerMinutePerKey();
        if (recent.count() >= maxPerMinute) {
            throw new RejectedException(Kind.TOO_MANY_REQUESTS, "This API key created " + recent.count()
                    + " outbound calls within the last minute, the most allowed (OUTBOUND_MAX_CALLS_PER_MINUTE_PER_KEY = "
                    + maxPerMinute + ").", List.of(), Math.max(1, recent.secondsUntilOldestLeaves()));
        }
        OutboundCall stored = calls.insert(call);
        transitions.queued(stored);
        return new Result(stored, true);
    }

    private Optional<Result> replay(String tenant, String key, String hash) {
        Optional<StoredRequest> earlier = calls.findByIdempotencyKey(tenant, key);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        if (!hash.equals(earlier.get().requestHash())) {
            throw RejectedException.field(Kind.CONFLICT, IDEMPOTENCY_FIELD, "was already used for outbound call "
                    + earlier.get().call().id() + " with a different request body; use a new key for a new call");
        }
        return Optional.of(new Result(earlier.get().call(), false));
    }

    private static PhoneNumber callerId(AgentDirectory.Agent agent, PhoneNumber requested) {
        List<PhoneNumber> numbers = agent.phoneNumbers().stream().map(PlaceOutboundCall::parseOrNull)
                .filter(n -> n != null).toList();
        if (numbers.isEmpty()) {
            throw RejectedException.field(Kind.UNPROCESSABLE, "agentId",
                    "has no phone number to call from: give the agent a Twilio number first");
        }
        if (requested == null) {
            return numbers.get(0);
        }
        if (!numbers.contains(requested)) {
            throw RejectedException.field(Kind.UNPROCESSABLE, "from", "must be one of the agent's numbers: "
                    + String.join(", ", numbers.stream().map(PhoneNumber::value).toList()));
        }
        return requested;
    }

    private static PhoneNumber parseOrNull(String raw) {
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            return null;
        }
    }

    private static PhoneNumber phone(String field, String raw, boolean required, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required: an E.164 phone number such as +14155550123"));
            }
            return null;
        }
        try {
            return PhoneNumber.parse(raw);
        } catch (InvalidPhoneNumberException e) {
            errors.add(new FieldError(field, "is " + e.getMessage()));
            return null;
        }
    }

    private static UUID uuid(String field, String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        try {
            UUID id = UUID.fromString(raw.strip());
            if (!id.toString().equals(raw.strip().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("not canonical");
            }
            return id;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be an agent id (a UUID), not '" + raw + "'"));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** SHA-256 over the meaningful fields, normalized: the same call asked twice has the same fingerprint. */
    static String fingerprint(PhoneNumber to, UUID agentId, String initialMessage, String metadata, PhoneNumber from,
            boolean machineDetection) {
        String canonical = String.join("\u0000", to.value(), agentId.toString(), nullMark(initialMessage),
                nullMark(metadata), from == null ? "\u0001" : from.value(), Boolean.toString(machineDetection));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String nullMark(String value) {
        return value == null ? "\u0001" : value;
    }
}
