package io.voiceagents.outbound.application.campaign;

import java.util.List;

import io.voiceagents.outbound.domain.campaign.ContactRejection;

/**
 * What became of an upload's rows.
 *
 * @param received  rows in the upload
 * @param accepted  rows stored as contacts
 * @param rejected  one entry per refused field of a refused row, by row
 */
public record ContactReport(int received, int accepted, List<ContactRejection> rejected) {
}
