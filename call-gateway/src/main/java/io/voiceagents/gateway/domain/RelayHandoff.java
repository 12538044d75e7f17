package io.voiceagents.gateway.domain;

import java.util.regex.Pattern;

/**
 * Why a ConversationRelay session was ended by the gateway, as sent in the {@code end} message's handoffData and
 * read back from the {@code <Connect action>} webhook's HandoffData: the call is hung up, or dialled on to a
 * number.
 *
 * @param reasonCode {@link #END_CALL} or {@link #TRANSFER}
 * @param transferTo E.164 number for a transfer, else null
 */
public record RelayHandoff(String reasonCode, String transferTo) {

    public static final String END_CALL = "end-call";
    public static final String TRANSFER = "transfer";

    /** E.164: '+', then up to 15 digits, the first not 0. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");

    public static RelayHandoff endCall() {
        return new RelayHandoff(END_CALL, null);
    }

    public static RelayHandoff transfer(String number) {
        return new RelayHandoff(TRANSFER, number);
    }

    /** A transfer to a number that can be dialled; anything else (a missing or malformed number) is not. */
    public boolean isDialableTransfer() {
        return TRANSFER.equals(reasonCode) && transferTo != null && E164.matcher(transferTo).matches();
    }

    public static boolean isE164(String number) {
        return number != null && E164.matcher(number).matches();
    }
}
