package io.voiceagents.testkit.twilio;

import io.voiceagents.audio.InvalidWavException;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Result of fetching a {@code <Play>} URL and checking that Twilio could play it: HTTP 200, an audio content
 * type Twilio accepts, and a body that is WAV (mu-law 8 kHz mono or PCM16 8 kHz mono) or MP3.
 *
 * @param url            absolute URL fetched
 * @param httpStatus     status of the GET (0 if the request failed)
 * @param contentType    Content-Type received (null if none)
 * @param format         what the body turned out to be, e.g. {@code "wav mulaw 8000Hz mono"}, {@code "mp3"}
 * @param bytes          body length
 * @param durationMillis playback duration for WAV (0 for MP3, not computed)
 * @param valid          whether Twilio would play it
 * @param problem        why not, or null
 */
public record PlayedAudioCheck(String url, int httpStatus, String contentType, String format, int bytes,
                               long durationMillis, boolean valid, String problem) {

    /** MIME types Twilio's {@code <Play>} accepts for WAV and MP3. */
    static final Set<String> AUDIO_TYPES = Set.of("audio/wav", "audio/wave", "audio/x-wav", "audio/mpeg",
            "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3");

    static PlayedAudioCheck failed(String url, int status, String contentType, String problem) {
        return new PlayedAudioCheck(url, status, contentType, "none", 0, 0, false, problem);
    }

    /** Inspects a fetched body. */
    static PlayedAudioCheck inspect(String url, int status, String contentType, byte[] body) {
        if (status != 200) {
            return failed(url, status, contentType, "HTTP " + status + " fetching audio");
        }
        String mime = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!AUDIO_TYPES.contains(mime)) {
            return new PlayedAudioCheck(url, status, contentType, sniff(body), body.length, 0, false,
                    "Content-Type '" + contentType + "' is not an audio type Twilio plays (Twilio error 12300)");
        }
        if (body.length >= 4 && body[0] == 'R' && body[1] == 'I' && body[2] == 'F' && body[3] == 'F') {
            return wav(url, status, contentType, body);
        }
        if (isMp3(body)) {
            return new PlayedAudioCheck(url, status, contentType, "mp3", body.length, 0, true, null);
        }
        return new PlayedAudioCheck(url, status, contentType, "unknown", body.length, 0, false,
                "body is neither WAV nor MP3");
    }

    private static PlayedAudioCheck wav(String url, int status, String contentType, byte[] body) {
        WavFormat f;
        try {
            f = WavFile.parse(body);
        } catch (InvalidWavException e) {
            return new PlayedAudioCheck(url, status, contentType, "wav (invalid)", body.length, 0, false, e.getMessage());
        }
        String encoding = switch (f.formatCode()) {
            case WavFile.FORMAT_MULAW -> "mulaw";
            case WavFile.FORMAT_PCM -> "pcm" + f.bitsPerSample();
            default -> "format" + f.formatCode();
        };
        String format = "wav " + encoding + " " + f.sampleRate() + "Hz " + (f.channels() == 1 ? "mono" : f.channels() + "ch");
        boolean ok = f.isMuLaw8kMono() || f.isPcm16Mono8k();
        String problem = null;
        if (!ok) {
            problem = "WAV is " + format + ", expected mu-law or PCM16 at 8000 Hz mono";
        } else if (f.dataLength() == 0) {
            ok = false;
            problem = "WAV has no samples";
        }
        return new PlayedAudioCheck(url, status, contentType, format, body.length, f.durationMillis(), ok, problem);
    }

    private static boolean isMp3(byte[] b) {
        if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
            return true;
        }
        return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0;
    }

    private static String sniff(byte[] body) {
        if (body.length >= 4 && body[0] == 'R' && body[1] == 'I' && body[2] == 'F' && body[3] == 'F') {
            return "wav";
        }
        return isMp3(body) ? "mp3" : "unknown";
    }
}
