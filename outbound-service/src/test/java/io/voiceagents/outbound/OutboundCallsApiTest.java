package io.voiceagents.outbound;

import static io.voiceagents.outbound.support.TestApi.call;
import static io.voiceagents.outbound.support.TestApi.freshNumber;
import static io.voiceagents.outbound.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.Rows;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.testkit.infra.InfraTestResource;
import jakarta.inject.Inject;

/** POST/GET /api/calls/outbound: validation before anything is stored, idempotency, the API key. */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OutboundTestResource.class, restrictToAnnotatedClass = false)
class OutboundCallsApiTest {

    private static final String CALLS = "/api/calls/outbound";

    @Inject
    DataSource dataSource;

    Rows rows;

    @BeforeEach
    void setUp() {
        rows = new Rows(dataSource);
    }

    @AfterEach
    void endCallsOfTheGeneralKey() {
        rows.endAll(TestApi.tenant(TestApi.KEY));
    }

    @Test
    void queuesACallAndDialsItFromTheAgentsFirstNumber() {
        String to = freshNumber();
        Response created = given().body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.AGENT
                        + "\",\"initialMessage\":\"Hi, this is Ada from the clinic\",\"metadata\":{\"patient\":{\"name\":\"Bo\"},\"visit\":3}}")
                .post(CALLS);
        created.then().statusCode(201)
                .header("Location", endsWith(CALLS + "/" + created.path("id")))
                .body("status", equalTo("queued"))
                .body("to", equalTo(to))
                .body("from", equalTo(FakeAgentService.AGENT_NUMBERS.get(0)))
                .body("agentId", equalTo(FakeAgentService.AGENT))
                .body("initialMessage", equalTo("Hi, this is Ada from the clinic"))
                .body("metadata.patient.name", equalTo("Bo"))
                .body("metadata.visit", equalTo(3))
                .body("machineDetection", equalTo(false))
                .body("attempt", equalTo(1))
                .body("campaignId", nullValue())
                .body("createdAt", notNullValue());
        String id = created.path("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().get(CALLS + "/" + id).then().statusCode(200)
                        .body("status", equalTo("dialing"))
                        .body("callSid", notNullValue())
                        .body("dialedAt", notNullValue()));
        assertThat(OutboundTestResource.FRONT.callsTo(to)).hasSize(1);
    }

    @Test
    void refusesRequestsWithoutAKey() {
        RestAssured.given().contentType("application/json").body(call(freshNumber())).post(CALLS)
                .then().statusCode(401)
                .contentType(containsString("application/problem+json"))
                .header("WWW-Authenticate", containsString("Bearer"));
        RestAssured.given().header("Authorization", "Bearer not-one-of-the-configured-keys")
                .get(CALLS).then().statusCode(401);
    }

    @Test
    void namesEachInvalidFieldAndStoresNothing() {
        String to = freshNumber();
        String agent = FakeAgentService.AGENT;
        long before = rows.count("select count(*) from outbound.outbound_calls");
        invalid("{\"agentId\":\"" + agent + "\"}", "to");
        invalid("{\"to\":\"14155550123\",\"agentId\":\"" + agent + "\"}", "to");
        invalid("{\"to\":\"+1 (415) 555-O123\",\"agentId\":\"" + agent + "\"}", "to");
        invalid("{\"to\":\"" + to + "\"}", "agentId");
        invalid("{\"to\":\"" + to + "\",\"agentId\":\"agent-1\"}", "agentId");
        invalid("{\"to\":\"" + to + "\",\"agentId\":\"" + agent + "\",\"from\":\"reception\"}", "from");
        invalid("{\"to\":\"" + to + "\",\"agentId\":\"" + agent + "\",\"initialMessage\":\"" + "x".repeat(1001) + "\"}",
                "initialMessage");
        invalid("{\"to\":\"" + to + "\",\"agentId\":\"" + agent + "\",\"metadata\":[1,2]}", "metadata");
        invalid("{\"to\":\"" + to + "\",\"agentId\":\"" + agent + "\",\"metadata\":{\"blob\":\"" + "y".repeat(8200)
                + "\"}}", "metadata");
        invalid("{\"to\":\"" + to + "\",\"agentId\":\"" + agent + "\",\"machineDetection\":\"sometimes\"}",
                "machineDetection");
        given().header("Idempotency-Key", "k".repeat(201)).body(call(to)).post(CALLS)
                .then().statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        given().body("{\"to\": ").post(CALLS).then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        assertThat(rows.count("select count(*) from outbound.outbound_calls")).isEqualTo(before);
        assertThat(OutboundTestResource.FRONT.createsTo(to)).isEmpty();
    }

    @Test
    void acceptsTheLongestInitialMessageAndMetadataJustUnderTheLimit() {
        given().body("{\"to\":\"" + freshNumber() + "\",\"agentId\":\"" + FakeAgentService.AGENT
                        + "\",\"initialMessage\":\"" + "x".repeat(1000) + "\",\"metadata\":{\"blob\":\"" + "y".repeat(8000)
                        + "\"}}")
                .post(CALLS).then().statusCode(201);
    }

    @Test
    void dialsOnlyAllowedCountries() {
        refused("+44 20 7946 0958", "GB");
        refused("+1 876 555 0100", "JM");
        refused("+1 809 555 0100", "DO");
        refused("+1 900 555 0100", "premium");
        refused("+882 1234 5678", "no country");
        refused("+7 700 555 0100", "KZ");
        // Canada (+1 604) is on the test allow-list (the default US,CA)
        given().body(call("+1 604 555 0" + (100 + (int) (Math.random() * 800)))).post(CALLS).then().statusCode(201);
    }

    @Test
    void checksTheAgentAndItsCallerId() {
        String to = freshNumber();
        given().body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.unknownAgent() + "\"}").post(CALLS)
                .then().statusCode(422).body("errors[0].field", equalTo("agentId"));
        given().body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.NUMBERLESS_AGENT + "\"}").post(CALLS)
                .then().statusCode(422).body("errors[0].field", equalTo("agentId"))
                .body("errors[0].message", containsString("no phone number"));
        given().body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.AGENT + "\",\"from\":\"+15005550099\"}")
                .post(CALLS).then().statusCode(422).body("errors[0].field", equalTo("from"))
                .body("errors[0].message", containsString(FakeAgentService.AGENT_NUMBERS.get(1)));
        assertThat(OutboundTestResource.FRONT.createsTo(to)).isEmpty();
        given().body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.AGENT + "\",\"from\":\"+1 500 555 0007\"}")
                .post(CALLS).then().statusCode(201).body("from", equalTo("+15005550007"));
    }

    @Test
    void answers503WhenAgentServiceIsDown() {
        OutboundTestResource.AGENTS.setUnavailable(true);
        try {
            given().body(call(freshNumber())).post(CALLS).then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType(containsString("application/problem+json"))
                    .body("detail", containsString("agent-service"));
        } finally {
            OutboundTestResource.AGENTS.setUnavailable(false);
        }
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameCallAndNeverDialsTwice() {
        String to = freshNumber();
        String key = "retry-" + UUID.randomUUID();
        String id = given().header("Idempotency-Key", key)
                .body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.AGENT + "\",\"metadata\":{\"a\":1,\"b\":2}}")
                .post(CALLS).then().statusCode(201).extract().path("id");
        // the same request, formatted differently: same number, same metadata in another key order
        given().header("Idempotency-Key", key)
                .body("{\"metadata\":{\"b\":2,\"a\":1},\"agentId\":\"" + FakeAgentService.AGENT + "\",\"to\":\""
                        + to.substring(0, 2) + " " + to.substring(2) + "\"}")
                .post(CALLS).then().statusCode(200).body("id", equalTo(id));
        given().header("Idempotency-Key", key).body(call(to)).post(CALLS)
                .then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("Idempotency-Key"))
                .body("detail", containsString(id));
        // keys are scoped to the API key: another key's request is another call
        String other = given(TestApi.DIALER_KEY).header("Idempotency-Key", key).body(call(freshNumber())).post(CALLS)
                .then().statusCode(201).extract().path("id");
        assertThat(other).isNotEqualTo(id);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> OutboundTestResource.FRONT.callsTo(to).size() == 1);
        given().header("Idempotency-Key", key)
                .body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.AGENT + "\",\"metadata\":{\"a\":1,\"b\":2}}")
                .post(CALLS).then().statusCode(200).body("id", equalTo(id)).body("callSid", notNullValue());
        assertThat(OutboundTestResource.FRONT.createsTo(to)).hasSize(1);
        assertThat(rows.count("select count(*) from outbound.outbound_calls where to_number = '" + to + "'")).isEqualTo(1);
    }

    @Test
    void readsAndListsCalls() {
        String to = freshNumber();
        String id = given().body(call(to)).post(CALLS).then().statusCode(201).extract().path("id");
        given().get(CALLS + "/" + id).then().statusCode(200).body("id", equalTo(id)).body("to", equalTo(to));
        given().get(CALLS + "/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().get(CALLS + "/not-a-uuid").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().delete(CALLS + "/12345").then().statusCode(404);
        given().queryParam("agentId", FakeAgentService.AGENT).queryParam("size", 100).get(CALLS)
                .then().statusCode(200).body("items.id", hasItem(id)).body("page", equalTo(0))
                .body("size", equalTo(100)).body("totalItems", notNullValue()).body("totalPages", notNullValue());
        given().queryParam("agentId", FakeAgentService.HANG_UP_AGENT).get(CALLS)
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        given().queryParam("status", "ringing-ish").queryParam("size", 0).queryParam("campaignId", "x").get(CALLS)
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("status", "size", "campaignId"));
        UUID campaign = UUID.randomUUID();
        UUID campaignCall = rows.insert(TestApi.tenant(TestApi.KEY), freshNumber(), "+15005550006",
                "campaign_id = '" + campaign + "', contact_id = gen_random_uuid(), status = 'completed', status_rank = 4");
        given().queryParam("campaignId", campaign.toString()).queryParam("status", "completed").get(CALLS)
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.contains(campaignCall.toString()))
                .body("items[0].campaignId", equalTo(campaign.toString()));
    }

    @Test
    void anotherKeyCannotSeeListOrCancelTheCall() {
        String id = given().body(call(freshNumber())).post(CALLS).then().statusCode(201).extract().path("id");
        given(TestApi.OTHER_KEY).get(CALLS + "/" + id).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        given(TestApi.OTHER_KEY).delete(CALLS + "/" + id).then().statusCode(404);
        given(TestApi.OTHER_KEY).queryParam("size", 100).get(CALLS)
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        given().get(CALLS + "/" + id).then().statusCode(200).body("status", org.hamcrest.Matchers.not(equalTo("canceled")));
    }

    private static void invalid(String body, String field) {
        given().body(body).post(CALLS).then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem(field));
    }

    private static void refused(String to, String named) {
        given().body(call(to)).post(CALLS).then().statusCode(422)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("to"))
                .body("errors[0].message", containsString(named));
    }
}
