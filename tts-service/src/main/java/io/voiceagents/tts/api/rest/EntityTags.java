package io.voiceagents.tts.api.rest;

/** If-None-Match evaluation (RFC 9110 13.1.2): weak comparison, list of tags or "*". */
final class EntityTags {

    private EntityTags() {
    }

    static boolean matches(String ifNoneMatch, String opaqueTag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("\"" + opaqueTag + "\"")) {
                return true;
            }
        }
        return false;
    }
}
