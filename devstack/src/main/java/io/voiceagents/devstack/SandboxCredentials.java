package io.voiceagents.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The sandbox Twilio account: a generated account SID and auth token, kept in
 * {@code <data>/sandbox.env} so they survive restarts and tools (the latency bench, curl users) can
 * sign webhooks with them. Never used in REAL mode, and never a real secret.
 */
public record SandboxCredentials(String accountSid, String authToken) {

    public static final String ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
    public static final String AUTH_TOKEN = "TWILIO_AUTH_TOKEN";
    public static final String PUBLIC_BASE_URL = "PUBLIC_BASE_URL";
    public static final String FRONT_DOOR_URL = "FRONT_DOOR_URL";
    public static final String CALL_GATEWAY_URL = "CALL_GATEWAY_URL";

    private static final SecureRandom RANDOM = new SecureRandom();

    static SandboxCredentials generate() {
        return new SandboxCredentials("AC" + randomHex(16), randomHex(16));
    }

    /** The credentials saved in {@code file}, or new ones when there are none. */
    static SandboxCredentials loadOrGenerate(Path file) {
        Map<String, String> saved = read(file);
        String sid = saved.get(ACCOUNT_SID);
        String token = saved.get(AUTH_TOKEN);
        if (sid != null && sid.matches("AC[0-9a-f]{32}") && token != null && !token.isBlank()) {
            return new SandboxCredentials(sid, token);
        }
        return generate();
    }

    /**
     * Writes the credentials and the URLs to sign and send to, readable by the owner only; call-gateway's own URL
     * (null when it does not run) is for the stream-calls bench, which opens its sockets and reads /q/metrics there.
     */
    void save(Path file, String publicBaseUrl, String frontDoorUrl, String callGatewayUrl) throws IOException {
        String text = "# Written by the Voice Agents devstack (sandbox mode). Not a real Twilio account.\n"
                + "# The latency bench reads this file; `source` it to sign webhooks by hand.\n"
                + ACCOUNT_SID + "=" + accountSid + "\n"
                + AUTH_TOKEN + "=" + authToken + "\n"
                + PUBLIC_BASE_URL + "=" + publicBaseUrl + "\n"
                + FRONT_DOOR_URL + "=" + frontDoorUrl + "\n"
                + (callGatewayUrl == null ? "" : CALL_GATEWAY_URL + "=" + callGatewayUrl + "\n");
        Files.writeString(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // non-POSIX file system: the token is a sandbox value anyway
        }
    }

    /** Reads a {@code NAME=value} file; missing or unreadable files read as empty. */
    public static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            return values;
        }
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        return values;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
