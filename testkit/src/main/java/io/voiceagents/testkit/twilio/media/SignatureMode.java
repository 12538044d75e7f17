package io.voiceagents.testkit.twilio.media;

/** How an emulated Twilio WebSocket upgrade is signed ({@code X-Twilio-Signature}). */
public enum SignatureMode {
    /** Signed as Twilio signs it: HMAC-SHA1 of the public (signed) URL with no parameters, keyed with the auth token. */
    VALID,
    /** No {@code X-Twilio-Signature} header: the application must refuse the upgrade. */
    NONE,
    /** Signed with a wrong auth token: the application must refuse the upgrade. */
    FORGED
}
