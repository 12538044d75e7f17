package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.campaign.CampaignTestSupport.action;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.body;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.contacts;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.create;
import static io.voiceagents.outbound.support.OutboundTestResource.AGENTS;
import static io.voiceagents.outbound.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** POST /api/campaigns/{id}/contacts as CSV and JSON: per-row reports, limits, and when uploads are allowed. */
@QuarkusTest
@TestProfile(CampaignTestProfile.class)
class CampaignContactsUploadTest {

    @Inject
    CampaignTestSupport db;

    @Test
    void csvRowsAreCheckedOneByOneAndOnlyValidOnesStored() {
        UUID id = create(body(AGENTS.newAgent()));
        String csv = """
                number,Name,plan,metadata
                +14155550101,Ada Lovelace,gold,"{""tier"":2}"
                +1 (415) 555-0102,"Hopper, Grace",silver,
                415-555-0103,No Plus,,
                +442079460958,London,,
                +14155550101,Ada again,,
                +14155550106,Bad Meta,,{nope
                +14155550107,Too,many,,cells
                ,Nobody,,
                +18765550109,Kingston,,
                +14155550110,,,
                """;
        JsonPath report = given().contentType("text/csv").body(csv).post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(200).extract().jsonPath();

        assertThat(report.getInt("received")).isEqualTo(10);
        assertThat(report.getInt("accepted")).isEqualTo(3);
        List<Map<String, Object>> rejected = report.getList("rejected");
        // rows are CSV lines: the header is line 1
        assertThat(rejected).extracting(r -> r.get("row") + " " + r.get("field") + " " + r.get("number"))
                .containsExactly("4 number 415-555-0103", "5 number +442079460958", "6 number +14155550101",
                        "7 metadata +14155550106", "8 row +14155550107", "9 number ", "10 number +18765550109");
        assertThat((String) rejected.get(0).get("reason")).contains("E.164");
        assertThat((String) rejected.get(1).get("reason")).contains("GB").contains("allowed");
        assertThat(rejected.get(2).get("reason")).isEqualTo("duplicates row 2");
        assertThat((String) rejected.get(3).get("reason")).startsWith("is not valid JSON");
        assertThat((String) rejected.get(4).get("reason")).contains("5 cells but the header has 4 columns");
        assertThat(rejected.get(5).get("reason")).isEqualTo("is required");
        assertThat((String) rejected.get(6).get("reason")).contains("JM");

        JsonPath stored = given().get("/api/campaigns/" + id + "/contacts").then().statusCode(200)
                .extract().jsonPath();
        assertThat(stored.getList("items.number")).containsExactly("+14155550101", "+14155550102", "+14155550110");
        assertThat(stored.getList("items.row")).containsExactly(2, 3, 11);
        assertThat(stored.getString("items[0].name")).isEqualTo("Ada Lovelace");
        assertThat(stored.getString("items[0].metadata.plan")).isEqualTo("gold");
        assertThat(stored.getInt("items[0].metadata.tier")).isEqualTo(2);
        assertThat(stored.getString("items[1].name")).isEqualTo("Hopper, Grace");
        assertThat(stored.getString("items[2].name")).isNull();
        assertThat(stored.getString("items[2].metadata")).isNull();
        assertThat(stored.getList("items.status")).containsOnly("pending");
        assertThat(stored.getList("items.attempts")).containsOnly(0);
        assertThat(db.count("select count(*) from outbound.campaign_contacts where campaign_id = ?", id))
                .isEqualTo(3);
    }

    @Test
    void jsonArraysAppendAndNumbersAlreadyInTheCampaignAreRejected() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155550201"));
        UUID id = create(body);
        JsonPath report = given().contentType(ContentType.JSON)
                .body(List.of(Map.of("number", "+14155550202", "name", "Bo", "metadata", Map.of("vip", true)),
                        Map.of("number", "+1 415 555 0201"), Map.of("number", "+14155550203", "metadata", 7)))
                .post("/api/campaigns/" + id + "/contacts").then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("received")).isEqualTo(3);
        assertThat(report.getInt("accepted")).isEqualTo(1);
        assertThat(report.getList("rejected.row")).containsExactly(2, 3);
        assertThat(report.getList("rejected.reason")).containsExactly("is already a contact of this campaign",
                "must be a JSON object");
        JsonPath stored = given().get("/api/campaigns/" + id + "/contacts").then().extract().jsonPath();
        // appended after the existing ones
        assertThat(stored.getList("items.number")).containsExactly("+14155550201", "+14155550202");
        assertThat(stored.getList("items.row")).containsExactly(1, 2);
        assertThat(stored.getBoolean("items[1].metadata.vip")).isTrue();
        given().contentType(ContentType.JSON).body(Map.of("number", "+14155550204"))
                .post("/api/campaigns/" + id + "/contacts").then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void contactsAreAddedWhileDraftOrPausedOnly() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155550301"));
        UUID id = create(body);
        action(id, "start", 200);
        given().contentType("text/csv").body("number\n+14155550302\n").post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("running"));
        action(id, "pause", 200);
        given().contentType("text/csv").body("phone\n+14155550302\n").post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(200).body("accepted", equalTo(1));
        action(id, "cancel", 200);
        given().contentType(ContentType.JSON).body(contacts("+14155550303")).post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(409);
        given().contentType("text/csv").body("number\n+14155550304\n")
                .post("/api/campaigns/" + UUID.randomUUID() + "/contacts").then().statusCode(404);
    }

    @Test
    void aCsvWithoutANumberColumnOrWithAnOpenQuoteFailsAsAWhole() {
        UUID id = create(body(AGENTS.newAgent()));
        given().contentType("text/csv").body("name,plan\nAda,gold\n").post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(400).body("errors[0].field", equalTo("number"));
        given().contentType("text/csv").body("number,name\n+14155550401,\"Ada\n").post("/api/campaigns/" + id
                + "/contacts").then().statusCode(400).body("errors[0].field", equalTo("body"))
                .body("errors[0].message", containsString("line 2"));
        given().contentType("text/csv").body("").post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
        assertThat(db.count("select count(*) from outbound.campaign_contacts where campaign_id = ?", id)).isZero();
    }

    @Test
    void tenThousandRowsAreStoredInOneGoAndOneMoreIsTooMany() {
        UUID id = create(body(AGENTS.newAgent()));
        StringBuilder csv = new StringBuilder("number,name,customer_id\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(String.format("+1212555%04d,Customer %d,C-%d%n", i, i, i));
        }
        long started = System.nanoTime();
        given().contentType("text/csv").body(csv.toString()).post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(200).body("accepted", equalTo(10_000)).body("rejected.size()", equalTo(0));
        long millis = (System.nanoTime() - started) / 1_000_000;
        // batch insert: a row-by-row insert of 10,000 contacts takes far longer on any machine CI runs on
        assertThat(millis).as("upload of 10,000 rows took %d ms", millis).isLessThan(10_000);
        given().get("/api/campaigns/" + id).then().body("counts.contacts", equalTo(10_000));
        given().queryParam("page", 99).queryParam("size", 100).get("/api/campaigns/" + id + "/contacts").then()
                .body("items.size()", equalTo(100)).body("items[99].number", equalTo("+12125559999"))
                .body("items[99].metadata.customer_id", equalTo("C-9999")).body("totalPages", equalTo(100));

        csv.append("+13125550000,One too many,C-x\n");
        given().contentType("text/csv").body(csv.toString()).post("/api/campaigns/" + id + "/contacts")
                .then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("contacts")).body("detail", containsString("10000"));
    }

    @Test
    void contactsAreListedByStatusAndBadParametersNamed() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155550501", "+14155550502", "+14155550503"));
        UUID id = create(body);
        given().queryParam("status", "pending").queryParam("size", 2).get("/api/campaigns/" + id + "/contacts")
                .then().statusCode(200).body("items.size()", equalTo(2)).body("totalItems", equalTo(3))
                .body("totalPages", equalTo(2)).body("items[0].nextAttemptAt", org.hamcrest.Matchers.notNullValue());
        given().queryParam("status", "completed").get("/api/campaigns/" + id + "/contacts")
                .then().statusCode(200).body("totalItems", equalTo(0));
        given().queryParam("status", "done").queryParam("page", -1).get("/api/campaigns/" + id + "/contacts")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("status",
                        "page"));
    }
}
