package io.voiceagents.outbound.api.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as spreadsheets export it: comma separated, fields optionally in double quotes (a quote inside doubled,
 * commas and line breaks allowed inside quotes), CRLF or LF line ends, an optional UTF-8 byte order mark. Lenient where
 * a person would be: a quote in the middle of an unquoted field is kept as a character. Blank lines are skipped.
 */
final class CampaignCsvParser {

    /** A record and the line it starts on (1-based, the header being line 1 when the file starts with it). */
    record CsvRecord(int line, List<String> cells) {
    }

    static final class MalformedCsvException extends RuntimeException {
        MalformedCsvException(String message) {
            super(message);
        }
    }

    private CampaignCsvParser() {
    }

    /** At most {@code maxRecords} records are read; the rest of the text is ignored. */
    static List<CsvRecord> parse(String text, int maxRecords) {
        List<CsvRecord> records = new ArrayList<>();
        int length = text.length();
        int i = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        int line = 1;
        while (i < length && records.size() < maxRecords) {
            int recordLine = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean quoteOpen = false;
            int quoteLine = line;
            boolean endOfRecord = false;
            while (i < length && !endOfRecord) {
                char c = text.charAt(i);
                if (quoteOpen) {
                    if (c == '"') {
                        if (i + 1 < length && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        quoteOpen = false;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                    }
                    i++;
                    continue;
                }
                switch (c) {
                    case '"' -> {
                        if (cell.isEmpty() && !quoted) {
                            quoted = true;
                            quoteOpen = true;
                            quoteLine = line;
                        } else {
                            cell.append(c);
                        }
                        i++;
                    }
                    case ',' -> {
                        cells.add(cell.toString());
                        cell.setLength(0);
                        quoted = false;
                        i++;
                    }
                    case '\r' -> {
                        i++;
                        if (i < length && text.charAt(i) == '\n') {
                            i++;
                        }
                        line++;
                        endOfRecord = true;
                    }
                    case '\n' -> {
                        i++;
                        line++;
                        endOfRecord = true;
                    }
                    default -> {
                        cell.append(c);
                        i++;
                    }
                }
            }
            if (quoteOpen) {
                throw new MalformedCsvException("the quoted field that starts on line " + quoteLine
                        + " is never closed: a \" is missing");
            }
            cells.add(cell.toString());
            boolean blank = cells.size() == 1 && cells.getFirst().isBlank() && !quoted;
            if (!blank) {
                records.add(new CsvRecord(recordLine, cells));
            }
        }
        return records;
    }
}
