package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.campaign.CampaignTestSupport.body;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.create;
import static io.voiceagents.outbound.support.OutboundTestResource.AGENTS;
import static io.voiceagents.outbound.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.MachineAction;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.testkit.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

/** POST/GET /api/campaigns: creation with a contact report, whole-request problems, listing. */
@QuarkusTest
@TestProfile(CampaignTestProfile.class)
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
class CampaignApiTest {

    @Test
    void createsADraftAndReportsEachRejectedRow() {
        UUID agent = AGENTS.newAgent();
        Map<String, Object> body = body(agent);
        body.put("from", "+1 415 555 0199");
        body.put("initialMessage", "Hi, this is Ada from Acme about your renewal.");
        body.put("metadata", Map.of("campaign", "spring"));
        body.put("machineDetection", true);
        body.put("maxConcurrentCalls", 5);
        body.put("callsPerSecond", 0.5);
        body.put("retry", Map.of("on", List.of("busy", "no-answer"), "maxAttempts", 3, "delaySeconds", 600));
        body.put("contacts", List.of(
                Map.of("number", "+14155550001", "name", "Ada", "metadata", Map.of("plan", "gold")),
                Map.of("number", "not a number"),
                Map.of("number", "+442079460958"),
                Map.of("number", "+1 415 555 0001"),
                Map.of("number", "+14155550005", "metadata", "gold"),
                Map.of("number", 14155550006L),
                "+14155550007",
                Map.of("number", "+14155550008", "name", "x".repeat(201))));

        var response = given().contentType(ContentType.JSON).body(body).post("/api/campaigns")
                .then().statusCode(201)
                .header("Location", containsString("/api/campaigns/"))
                .extract().jsonPath();

        assertThat(response.getString("campaign.status")).isEqualTo("draft");
        assertThat(response.getString("campaign.name")).isEqualTo("Spring renewals");
        assertThat(response.getString("campaign.agentId")).isEqualTo(agent.toString());
        assertThat(response.getString("campaign.from")).isEqualTo("+14155550199");
        assertThat(response.getString("campaign.initialMessage")).startsWith("Hi, this is Ada");
        assertThat(response.getString("campaign.metadata.campaign")).isEqualTo("spring");
        assertThat(response.getBoolean("campaign.machineDetection")).isTrue();
        assertThat(response.getList("campaign.window.days")).containsExactly("MON", "TUE", "WED", "THU", "FRI");
        assertThat(response.getString("campaign.window.start")).isEqualTo("09:00");
        assertThat(response.getString("campaign.window.end")).isEqualTo("18:00");
        assertThat(response.getString("campaign.window.timeZone")).isEqualTo("UTC");
        assertThat(response.getInt("campaign.maxConcurrentCalls")).isEqualTo(5);
        assertThat(response.getDouble("campaign.callsPerSecond")).isEqualTo(0.5);
        assertThat(response.getList("campaign.retry.on")).containsExactly("busy", "no-answer");
        assertThat(response.getInt("campaign.retry.maxAttempts")).isEqualTo(3);
        assertThat(response.getInt("campaign.retry.delaySeconds")).isEqualTo(600);
        assertThat(response.getInt("campaign.counts.contacts")).isEqualTo(1);
        assertThat(response.getInt("campaign.counts.pending")).isEqualTo(1);
        assertThat(response.getDouble("campaign.progressPercent")).isZero();
        assertThat(response.getString("campaign.createdAt")).isNotNull();
        assertThat(response.getString("campaign.startedAt")).isNull();

        assertThat(response.getInt("contactReport.received")).isEqualTo(8);
        assertThat(response.getInt("contactReport.accepted")).isEqualTo(1);
        List<Map<String, Object>> rejected = response.getList("contactReport.rejected");
        assertThat(rejected).extracting(r -> r.get("row") + " " + r.get("field")).containsExactly(
                "2 number", "3 number", "4 number", "5 metadata", "6 number", "7 row", "8 name");
        assertThat(rejected.get(0).get("number")).isEqualTo("not a number");
        assertThat((String) rejected.get(1).get("reason")).contains("GB");
        assertThat(rejected.get(2).get("reason")).isEqualTo("duplicates row 1");
        assertThat(rejected.get(3).get("reason")).isEqualTo("must be a JSON object");
        assertThat((String) rejected.get(4).get("reason")).contains("string in E.164 form");
        assertThat(rejected.get(6).get("reason")).isEqualTo("must be at most 200 characters");
    }

    @Test
    void everyInvalidFieldIsNamedInOne400() {
        UUID agent = AGENTS.newAgent();
        Map<String, Object> body = body(agent);
        body.remove("name");
        body.put("from", "12");
        body.put("window", Map.of("days", List.of("MON", "FUNDAY"), "start", "18:00", "end", "09:00",
                "timeZone", "Mars/Olympus"));
        body.put("maxConcurrentCalls", 0);
        // more than the account's OUTBOUND_TWILIO_CALLS_PER_SECOND
        body.put("callsPerSecond", OutboundTestResource.CALLS_PER_SECOND + 1);
        body.put("retry", Map.of("on", List.of("completed"), "maxAttempts", 11, "delaySeconds", -1));
        body.put("metadata", List.of(1));
        body.put("contacts", Map.of("number", "+14155550001"));

        given().contentType(ContentType.JSON).body(body).post("/api/campaigns")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("name", "from", "metadata", "window.days[1]", "window.end",
                        "window.timeZone", "maxConcurrentCalls", "callsPerSecond", "retry.on[0]",
                        "retry.maxAttempts", "retry.delaySeconds", "contacts"))
                .body("errors.find { it.field == 'callsPerSecond' }.message",
                        containsString("OUTBOUND_TWILIO_CALLS_PER_SECOND"));
        assertThat(given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/api/campaigns")
                .then().statusCode(400).extract().jsonPath().getList("errors.field", String.class))
                .contains("agentId", "window");
    }

    @Test
    void malformedBodiesAre400sNamingTheBody() {
        given().contentType(ContentType.JSON).body("{\"name\": ").post("/api/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("body"))
                .body("errors[0].message", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("[1,2]").post("/api/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void theAgentMustExistHaveANumberAndOwnTheCallerId() {
        given().contentType(ContentType.JSON).body(body(UUID.randomUUID())).post("/api/campaigns")
                .then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("agentId"));
        UUID silent = AGENTS.newAgent(List.of(), MachineAction.MACHINE_ACTION_HANG_UP);
        given().contentType(ContentType.JSON).body(body(silent)).post("/api/campaigns")
                .then().statusCode(422).body("errors[0].field", equalTo("agentId"))
                .body("detail", containsString("no phone number"));
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("from", "+14155550150");
        given().contentType(ContentType.JSON).body(body).post("/api/campaigns")
                .then().statusCode(422).body("errors[0].field", equalTo("from"));
        UUID down = AGENTS.newAgent();
        AGENTS.failing.add(down.toString());
        given().contentType(ContentType.JSON).body(body(down)).post("/api/campaigns")
                .then().statusCode(503).contentType(startsWith("application/problem+json"));
    }

    @Test
    void defaultsToTheAgentsFirstNumberAndNoRetries() {
        UUID agent = AGENTS.newAgent();
        UUID id = create(body(agent));
        given().get("/api/campaigns/" + id).then().statusCode(200)
                .body("from", equalTo(FakeAgentService.NEW_AGENT_NUMBER))
                .body("retry.maxAttempts", equalTo(1))
                .body("retry.on.size()", equalTo(0))
                .body("counts.contacts", equalTo(0));
    }

    @Test
    void listsNewestFirstWithPagingAndAStatusFilter() {
        UUID agent = AGENTS.newAgent();
        UUID first = create(body(agent));
        UUID second = create(body(agent));
        JsonPath page = given().queryParam("size", 2).get("/api/campaigns").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("items.id")).containsExactly(second.toString(), first.toString());
        assertThat(page.getInt("size")).isEqualTo(2);
        assertThat(page.getLong("totalItems")).isGreaterThanOrEqualTo(2);
        given().queryParam("status", "draft").queryParam("size", 100).get("/api/campaigns").then().statusCode(200)
                .body("items.id", hasItem(first.toString()));
        given().queryParam("status", "completed").queryParam("size", 100).get("/api/campaigns").then()
                .statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(first.toString())));
        given().queryParam("status", "sleeping").queryParam("size", "abc").get("/api/campaigns")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("status", "size"));
    }

    @Test
    void unknownCampaignsAre404Problems() {
        given().get("/api/campaigns/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().get("/api/campaigns/not-a-uuid").then().statusCode(404);
        given().post("/api/campaigns/" + UUID.randomUUID() + "/start").then().statusCode(404);
        given().get("/api/campaigns/" + UUID.randomUUID() + "/contacts").then().statusCode(404);
    }

    @Test
    void aCampaignBelongsToTheApiKeyThatCreatedIt() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", CampaignTestSupport.contacts("+14155550951"));
        UUID id = create(body);
        String path = "/api/campaigns/" + id;

        // another key: as unknown as a campaign that does not exist, for reads and changes alike
        given(TestApi.OTHER_KEY).get(path).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given(TestApi.OTHER_KEY).get(path + "/contacts").then().statusCode(404);
        given(TestApi.OTHER_KEY).contentType("text/csv").body("number\n+14155550952\n").post(path + "/contacts")
                .then().statusCode(404);
        given(TestApi.OTHER_KEY).post(path + "/start").then().statusCode(404);
        given(TestApi.OTHER_KEY).post(path + "/cancel").then().statusCode(404);
        given(TestApi.OTHER_KEY).queryParam("size", 100).get("/api/campaigns").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItem(id.toString())));

        // the owner still sees it untouched
        given().get(path).then().statusCode(200).body("status", equalTo("draft")).body("counts.contacts", equalTo(1));
        given().queryParam("size", 100).get("/api/campaigns").then().body("items.id", hasItem(id.toString()));
        // and without a key there is no campaign API at all
        io.restassured.RestAssured.given().get(path).then().statusCode(401);
    }

    @Test
    void openApiDocumentsTheCampaignEndpoints() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/campaigns"))
                .body("paths", hasKey("/api/campaigns/{id}/contacts"))
                .body("paths", hasKey("/api/campaigns/{id}/cancel"))
                .body("paths.'/api/campaigns/{id}/contacts'.post.requestBody.content", hasKey("text/csv"))
                .body("paths.'/api/campaigns/{id}/contacts'.post.requestBody.content", hasKey("application/json"))
                .body("paths.'/api/campaigns/{id}/contacts'.post.description", containsString("metadata key"));
    }
}
