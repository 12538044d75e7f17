package io.voiceagents.outbound.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.voiceagents.outbound.application.RejectedException;

import io.voiceagents.outbound.domain.campaign.ContactCandidate;

class CampaignCsvParserTest {

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        String csv = "\uFEFFnumber,name,metadata\r\n"
                + "+14155550101,\"Lovelace, Ada\",\"{\"\"plan\"\":\"\"gold\"\"}\"\r\n"
                + "\r\n"
                + "+14155550102,\"two\nlines\",\n"
                + "+14155550103,say \"hi\",";
        List<CampaignCsvParser.CsvRecord> records = CampaignCsvParser.parse(csv, 100);
        assertThat(records).extracting(CampaignCsvParser.CsvRecord::line).containsExactly(1, 2, 4, 6);
        assertThat(records.get(0).cells()).containsExactly("number", "name", "metadata");
        assertThat(records.get(1).cells()).containsExactly("+14155550101", "Lovelace, Ada", "{\"plan\":\"gold\"}");
        assertThat(records.get(2).cells()).containsExactly("+14155550102", "two\nlines", "");
        assertThat(records.get(3).cells()).containsExactly("+14155550103", "say \"hi\"", "");
    }

    @Test
    void stopsAfterTheRequestedNumberOfRecords() {
        assertThat(CampaignCsvParser.parse("a\nb\nc\nd\n", 2)).hasSize(2);
    }

    @Test
    void anUnterminatedQuoteNamesItsLine() {
        assertThatThrownBy(() -> CampaignCsvParser.parse("number,name\n+14155550101,ok\n+14155550102,\"open\n", 10))
                .isInstanceOf(CampaignCsvParser.MalformedCsvException.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void columnsBecomeContactFieldsAndMetadata() {
        CampaignContactsReader reader = new CampaignContactsReader(new ObjectMapper());
        List<ContactCandidate> rows = reader.fromCsv("Phone, Name ,plan,metadata,\n"
                + "+14155550101,Ada,gold,\"{\"\"plan\"\":\"\"platinum\"\",\"\"vip\"\":true}\",\n"
                + "+14155550102,,silver,,\n"
                + "+14155550103,Cy,,[1],\n"
                + "+14155550104,Di,,{oops,\n"
                + "+14155550105,Ed,x,,,extra\n", 10);
        assertThat(rows).extracting(ContactCandidate::row).containsExactly(2, 3, 4, 5, 6);
        assertThat(rows.get(0)).isEqualTo(ContactCandidate.of(2, "+14155550101", "Ada",
                "{\"plan\":\"platinum\",\"vip\":true}"));
        assertThat(rows.get(1)).isEqualTo(ContactCandidate.of(3, "+14155550102", "", "{\"plan\":\"silver\"}"));
        assertThat(rows.get(2).metadataProblem()).startsWith("must be a JSON object");
        assertThat(rows.get(3).metadataProblem()).startsWith("is not valid JSON");
        assertThat(rows.get(4).unreadable().field()).isEqualTo("row");
        assertThat(rows.get(4).unreadable().reason()).startsWith("has 6 cells but the header has 5 columns");
    }

    @Test
    void aHeaderWithoutANumberColumnFailsTheUpload() {
        CampaignContactsReader reader = new CampaignContactsReader(new ObjectMapper());
        assertThatThrownBy(() -> reader.fromCsv("name,plan\nAda,gold\n", 10))
                .isInstanceOf(RejectedException.class)
                .hasMessageContaining("number");
        assertThatThrownBy(() -> reader.fromCsv("", 10)).isInstanceOf(RejectedException.class)
                .hasMessageContaining("empty");
    }
}
