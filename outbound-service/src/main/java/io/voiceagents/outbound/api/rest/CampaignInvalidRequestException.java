package io.voiceagents.outbound.api.rest;

import java.util.List;

/** The request body or a parameter is invalid; every field at fault is named (a 400). */
class CampaignInvalidRequestException extends RuntimeException {

    private final transient List<CampaignProblem.FieldError> errors;

    CampaignInvalidRequestException(List<CampaignProblem.FieldError> errors) {
        super(errors.size() == 1 ? errors.getFirst().field() + " " + errors.getFirst().message()
                : "the request has " + errors.size() + " invalid fields");
        this.errors = List.copyOf(errors);
    }

    CampaignInvalidRequestException(String field, String message) {
        this(List.of(new CampaignProblem.FieldError(field, message)));
    }

    List<CampaignProblem.FieldError> errors() {
        return errors;
    }
}
