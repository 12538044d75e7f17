package io.voiceagents.outbound.api.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.voiceagents.outbound.application.RejectedException;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.domain.campaign.ContactCandidate;

/**
 * Turns an upload (a JSON array or a CSV file) into contact candidates, row by row: a row that cannot be read is a
 * candidate with its problem, reported like any other invalid row. Only a file that cannot be read at all (no header,
 * unterminated quote, not an array) fails the whole request.
 *
 * <p>CSV columns: {@code number} (or {@code phone}) is the phone number, {@code name} the contact's name,
 * {@code metadata} a JSON object; every other column becomes a metadata key with the cell as its string value
 * (empty cells are left out; keys of the metadata column win over columns of the same name). Header names are
 * matched without regard to case; columns with an empty header are ignored.
 */
final class CampaignContactsReader {

    static final String CSV_FORMAT = "CSV with a header row: number (or phone), optional name, optional metadata "
            + "(a JSON object); every other column becomes a metadata key with the cell as its value.";

    private final ObjectMapper json;

    CampaignContactsReader(ObjectMapper json) {
        this.json = json;
    }

    /** Contacts of a JSON array; {@code field} names the array in errors ("contacts" or "body"). */
    List<ContactCandidate> fromJson(JsonNode array, String field) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw RejectedException.field(Kind.INVALID, field, "must be an array of {number, name?, metadata?}");
        }
        List<ContactCandidate> candidates = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            candidates.add(fromJsonElement(i + 1, array.get(i)));
        }
        return candidates;
    }

    private ContactCandidate fromJsonElement(int row, JsonNode element) {
        if (!element.isObject()) {
            return ContactCandidate.unreadable(row, null, "row", "must be an object {number, name?, metadata?}");
        }
        JsonNode numberNode = element.get("number");
        String number = numberNode == null || numberNode.isNull() ? null
                : numberNode.isTextual() ? numberNode.asText() : numberNode.toString();
        if (numberNode != null && !numberNode.isNull() && !numberNode.isTextual()) {
            return ContactCandidate.unreadable(row, number, "number",
                    "must be a string in E.164 form, e.g. \"+14155550123\"");
        }
        JsonNode nameNode = element.get("name");
        if (nameNode != null && !nameNode.isNull() && !nameNode.isTextual()) {
            return ContactCandidate.unreadable(row, number, "name", "must be a string");
        }
        String name = nameNode == null || nameNode.isNull() ? null : nameNode.asText();
        JsonNode metadata = element.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return ContactCandidate.of(row, number, name, null);
        }
        if (!metadata.isObject()) {
            return new ContactCandidate(row, number, name, null, "must be a JSON object", null);
        }
        return ContactCandidate.of(row, number, name, metadata.isEmpty() ? null : metadata.toString());
    }

    /** Contacts of a CSV file; at most {@code maxRows} + 1 rows are read (one more shows the upload is too large). */
    List<ContactCandidate> fromCsv(String text, int maxRows) {
        List<CampaignCsvParser.CsvRecord> records;
        try {
            records = CampaignCsvParser.parse(text == null ? "" : text, maxRows + 2);
        } catch (CampaignCsvParser.MalformedCsvException e) {
            throw RejectedException.field(Kind.INVALID, "body", e.getMessage());
        }
        if (records.isEmpty()) {
            throw RejectedException.field(Kind.INVALID, "body", "is empty: expected " + CSV_FORMAT);
        }
        Header header = header(records.getFirst().cells());
        List<ContactCandidate> candidates = new ArrayList<>(records.size() - 1);
        for (CampaignCsvParser.CsvRecord record : records.subList(1, records.size())) {
            candidates.add(fromCsvRecord(header, record));
        }
        return candidates;
    }

    private record Header(int number, int name, int metadata, Map<Integer, String> extra, int width) {
    }

    private static Header header(List<String> cells) {
        int number = -1;
        int name = -1;
        int metadata = -1;
        Map<Integer, String> extra = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String title = cells.get(i).strip();
            switch (title.toLowerCase(Locale.ROOT)) {
                case "number", "phone" -> {
                    if (number >= 0) {
                        throw RejectedException.field(Kind.INVALID, "number",
                                "the header names the phone number column twice (number, phone): keep one");
                    }
                    number = i;
                }
                case "name" -> name = i;
                case "metadata" -> metadata = i;
                case "" -> {
                    // a column without a title (often a trailing comma): nothing to name it by
                }
                default -> extra.put(i, title);
            }
        }
        if (number < 0) {
            throw RejectedException.field(Kind.INVALID, "number",
                    "the header row has no number (or phone) column: expected " + CSV_FORMAT);
        }
        return new Header(number, name, metadata, extra, cells.size());
    }

    private ContactCandidate fromCsvRecord(Header header, CampaignCsvParser.CsvRecord record) {
        List<String> cells = record.cells();
        String number = cell(cells, header.number());
        if (cells.size() > header.width()) {
            return ContactCandidate.unreadable(record.line(), number, "row", "has " + cells.size()
                    + " cells but the header has " + header.width()
                    + " columns (a comma inside a value needs the value in double quotes)");
        }
        String name = cell(cells, header.name());
        ObjectNode metadata = json.createObjectNode();
        header.extra().forEach((index, key) -> {
            String value = cell(cells, index);
            if (value != null && !value.isBlank()) {
                metadata.put(key, value.strip());
            }
        });
        String metadataCell = cell(cells, header.metadata());
        if (metadataCell != null && !metadataCell.isBlank()) {
            JsonNode parsed;
            try {
                parsed = json.readTree(metadataCell);
            } catch (JsonProcessingException e) {
                return new ContactCandidate(record.line(), number, name, null,
                        "is not valid JSON: " + e.getOriginalMessage(), null);
            }
            if (parsed == null || !parsed.isObject()) {
                return new ContactCandidate(record.line(), number, name, null,
                        "must be a JSON object, e.g. {\"plan\":\"gold\"}", null);
            }
            metadata.setAll((ObjectNode) parsed);
        }
        return ContactCandidate.of(record.line(), number, name, metadata.isEmpty() ? null : metadata.toString());
    }

    private static String cell(List<String> cells, int index) {
        return index < 0 || index >= cells.size() ? null : cells.get(index);
    }
}
