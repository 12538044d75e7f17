package io.voiceagents.gateway.domain.twiml;

/**
 * XML 1.0 escaping for text and attribute values. Characters XML 1.0 cannot carry at all (most
 * control characters, lone surrogates, U+FFFE/U+FFFF) are dropped: they would make the document
 * unparseable for Twilio and carry no speech.
 */
public final class XmlText {

    private XmlText() {
    }

    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        escapeInto(out, value);
        return out.toString();
    }

    static void escapeInto(StringBuilder out, String value) {
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            int width = Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (isAllowed(cp)) {
                        out.appendCodePoint(cp);
                    }
                }
            }
            i += width;
        }
    }

    private static boolean isAllowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
