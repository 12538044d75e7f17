package io.voiceagents.tts.domain;

/** Audio formats tts-service produces. Part of the content address: a new format never reuses an old id. */
public enum AudioFormat {

    /** RIFF/WAVE, G.711 mu-law, 8 kHz, mono: what Twilio {@code <Play>} handles best on a phone line. */
    WAV_MULAW_8K("wav", "audio/wav");

    private final String fileExtension;
    private final String contentType;

    AudioFormat(String fileExtension, String contentType) {
        this.fileExtension = fileExtension;
        this.contentType = contentType;
    }

    public String fileExtension() {
        return fileExtension;
    }

    public String contentType() {
        return contentType;
    }
}
