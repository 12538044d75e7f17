package io.voiceagents.outbound.api.rest;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.voiceagents.outbound.application.campaign.CampaignQueries.CampaignView;
import io.voiceagents.outbound.application.campaign.ContactReport;
import io.voiceagents.outbound.application.port.Page;
import io.voiceagents.outbound.domain.campaign.CallOutcome;
import io.voiceagents.outbound.domain.campaign.CallingWindow;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignContact;
import io.voiceagents.outbound.domain.campaign.CampaignCounts;
import io.voiceagents.outbound.domain.campaign.CampaignSettings;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;
import io.voiceagents.outbound.domain.campaign.ContactRejection;

/** JSON shapes of /api/campaigns; the domain is mapped here so the wire format can evolve on its own. */
public final class CampaignDtos {

    private CampaignDtos() {
    }

    // ---- requests (documentation of the body; CampaignRequestParser reads it field by field) ----

    @Schema(name = "CampaignRequest")
    public record CampaignRequest(
            @Schema(required = true, maxLength = 200) String name,
            @Schema(required = true, description = "The agent that places the calls") UUID agentId,
            @Schema(description = "Caller ID, one of the agent's numbers; default: its first") String from,
            @Schema(description = "Said first instead of the agent's greeting", maxLength = 2000) String initialMessage,
            @Schema(description = "JSON object passed to the agent on every call; each contact's metadata is merged "
                    + "over it and its name added as contactName") Object metadata,
            @Schema(description = "Answering-machine detection on each call; the agent's machine action decides "
                    + "what a machine hears", defaultValue = "false") Boolean machineDetection,
            @Schema(description = "First contacts; more can be added with POST /api/campaigns/{id}/contacts")
            List<ContactRequest> contacts,
            @Schema(required = true) WindowDto window,
            @Schema(description = "Campaign calls queued or on the line at once, 1 to "
                    + "OUTBOUND_CAMPAIGN_MAX_CONCURRENT_CALLS (100)", defaultValue = "1") Integer maxConcurrentCalls,
            @Schema(description = "How fast calls are queued, > 0 and at most the account's "
                    + "OUTBOUND_TWILIO_CALLS_PER_SECOND", defaultValue = "1") Double callsPerSecond,
            @Schema(description = "Default: no retries") RetryDto retry) {
    }

    @Schema(name = "CampaignContactRequest")
    public record ContactRequest(@Schema(required = true, example = "+14155550123") String number,
            @Schema(maxLength = 200) String name, @Schema(description = "JSON object") Object metadata) {
    }

    @Schema(name = "CampaignWindow", description = "When calls may be placed: days, local hours (end excluded, "
            + "24:00 = midnight, end after start) in the callee's time zone")
    public record WindowDto(@Schema(example = "[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\"]") List<String> days,
            @Schema(example = "09:00") String start, @Schema(example = "18:00") String end,
            @Schema(example = "America/New_York") String timeZone) {

        static WindowDto of(CallingWindow window) {
            return new WindowDto(window.days().stream().map(d -> d.name().substring(0, 3)).toList(),
                    window.start().toString(), time(window.end()), window.zone().getId());
        }

        private static String time(LocalTime time) {
            return time.equals(LocalTime.MAX) ? "24:00" : time.toString();
        }
    }

    @Schema(name = "CampaignRetry")
    public record RetryDto(@Schema(description = "Outcomes retried: busy, no-answer, failed") List<String> on,
            @Schema(description = "Calls per contact in all, 1 to 10 (default 3 when retry is given)")
            Integer maxAttempts,
            @Schema(description = "Wait before a retry, 0 to 604800 (default 300)") Long delaySeconds) {
    }

    // ---- responses ----

    @Schema(name = "CampaignCounts", description = "Contacts by status")
    public record CountsDto(long contacts, long pending, long calling, long waitingRetry, long completed, long failed,
            long canceled) {
    }

    @Schema(name = "CampaignOutcomes", description = "Contacts by the outcome of their last call, and who answered")
    public record OutcomesDto(long completed, long busy, long noAnswer, long failed, long canceled,
            long answeredByMachine, long answeredByHuman) {
    }

    @Schema(name = "Campaign")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CampaignResponse(UUID id, String name, String status, UUID agentId, String from,
            String initialMessage, @JsonRawValue @Schema(type = org.eclipse.microprofile.openapi.annotations.enums
                    .SchemaType.OBJECT) String metadata, boolean machineDetection, WindowDto window,
            int maxConcurrentCalls, double callsPerSecond, RetryDto retry, CountsDto counts, OutcomesDto outcomes,
            @Schema(description = "Contacts with a final status, in percent") double progressPercent,
            @Schema(description = "Whether the calling window is open now") boolean windowOpen,
            @Schema(description = "When the window opens next, while it is closed") Instant nextWindowOpensAt,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant endedAt) {

        static CampaignResponse of(CampaignView view, Instant now) {
            Campaign campaign = view.campaign();
            CampaignSettings s = campaign.settings();
            CampaignCounts c = view.counts();
            boolean open = s.window().isOpen(now);
            boolean live = !campaign.status().isFinal();
            return new CampaignResponse(campaign.id(), s.name(), campaign.status().wireName(), s.agentId(),
                    s.fromNumber(), s.initialMessage(), s.metadataJson(), s.machineDetection(), WindowDto.of(s.window()),
                    s.maxConcurrentCalls(), s.callsPerSecond(),
                    new RetryDto(s.retry().retryOn().stream().map(CallOutcome::wireName).sorted().toList(),
                            s.retry().maxAttempts(), s.retry().delay().toSeconds()),
                    new CountsDto(c.contacts(), c.pending(), c.calling(), c.waitingRetry(), c.completed(), c.failed(),
                            c.canceled()),
                    new OutcomesDto(c.outcomeCompleted(), c.outcomeBusy(), c.outcomeNoAnswer(), c.outcomeFailed(),
                            c.outcomeCanceled(), c.answeredByMachine(), c.answeredByHuman()),
                    c.progressPercent(), open, live && !open ? s.window().nextOpening(now) : null,
                    campaign.createdAt(), campaign.updatedAt(), campaign.startedAt(), campaign.endedAt());
        }
    }

    @Schema(name = "CampaignContactRejection")
    public record RejectionDto(
            @Schema(description = "1-based row of the upload: the CSV line (the header is line 1), or the position "
                    + "in the JSON array") int row,
            @Schema(description = "The number as given") String number,
            @Schema(description = "number, name, metadata or row") String field, String reason) {

        static RejectionDto of(ContactRejection rejection) {
            return new RejectionDto(rejection.row(), rejection.number(), rejection.field(), rejection.reason());
        }
    }

    @Schema(name = "CampaignContactReport", description = "What became of each uploaded row: invalid rows are "
            + "never stored nor dialed")
    public record ContactReportDto(int received, int accepted, List<RejectionDto> rejected) {

        static ContactReportDto of(ContactReport report) {
            return new ContactReportDto(report.received(), report.accepted(),
                    report.rejected().stream().map(RejectionDto::of).toList());
        }
    }

    @Schema(name = "CampaignCreated")
    public record CreatedDto(CampaignResponse campaign, ContactReportDto contactReport) {
    }

    @Schema(name = "CampaignContact")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContactResponse(UUID id, int row, String number, String name,
            @JsonRawValue @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)
            String metadata, String status, int attempts,
            @Schema(description = "Twilio SIDs of its ended calls, oldest first") List<String> callSids,
            String lastOutcome, String lastAnsweredBy, UUID lastCallId,
            @Schema(description = "When it is due (pending, waiting-retry)") Instant nextAttemptAt,
            Instant updatedAt) {

        static ContactResponse of(CampaignContact c) {
            return new ContactResponse(c.id(), c.row(), c.number(), c.name(), c.metadataJson(), c.status().wireName(),
                    c.attempts(), c.callSids(), c.lastOutcome(), c.lastAnsweredBy(), c.lastCallId(), c.nextAttemptAt(),
                    c.updatedAt());
        }
    }

    @Schema(name = "CampaignPage")
    public record CampaignPageDto(List<CampaignResponse> items, int page, int size, long totalItems, int totalPages) {

        static CampaignPageDto of(Page<CampaignView> page, Instant now) {
            return new CampaignPageDto(page.items().stream().map(v -> CampaignResponse.of(v, now)).toList(),
                    page.page(), page.size(), page.totalItems(), page.totalPages());
        }
    }

    @Schema(name = "CampaignContactPage")
    public record ContactPageDto(List<ContactResponse> items, int page, int size, long totalItems, int totalPages) {

        static ContactPageDto of(Page<CampaignContact> page) {
            return new ContactPageDto(page.items().stream().map(ContactResponse::of).toList(), page.page(),
                    page.size(), page.totalItems(), page.totalPages());
        }
    }

    static String statusNames() {
        return String.join(", ", java.util.Arrays.stream(CampaignStatus.values()).map(CampaignStatus::wireName)
                .toList());
    }
}
