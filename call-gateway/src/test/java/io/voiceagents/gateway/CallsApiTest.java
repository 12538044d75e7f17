package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.TestApi.given;
import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.CallMode;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.twilio.CallScript;

/** GET /api/calls: paging, filters, problem responses. */
@QuarkusTest
class CallsApiTest {

    @Test
    void pagesAreNewestFirstAndFilterByAgentAndStatus() {
        AGENT.reset();
        String agentId = "agent-" + UUID.randomUUID();
        String number = "+1500555" + (1000 + (int) (Math.random() * 8999));
        AGENT.agentsByNumber.put(number, FakeAgentService.profile(number, agentId, CallMode.CALL_MODE_GATHER));
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sid = CallScript.newCallSid();
            sids.add(sid);
            Webhooks.post("/twilio/voice", Webhooks.voiceParams(sid, number)).then().statusCode(200);
        }

        JsonPath first = given().queryParam("agentId", agentId).queryParam("size", 2)
                .get("/api/calls").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.callSid")).containsExactly(sids.get(4), sids.get(3));
        assertThat(first.getInt("page")).isZero();
        assertThat(first.getInt("size")).isEqualTo(2);
        assertThat(first.getLong("totalItems")).isEqualTo(5);
        assertThat(first.getInt("totalPages")).isEqualTo(3);

        JsonPath last = given().queryParam("agentId", agentId).queryParam("size", 2).queryParam("page", 2)
                .get("/api/calls").then().statusCode(200).extract().jsonPath();
        assertThat(last.getList("items.callSid")).containsExactly(sids.get(0));

        given().queryParam("agentId", agentId).queryParam("status", "ringing").get("/api/calls")
                .then().statusCode(200).body("totalItems", equalTo(5));
        given().queryParam("agentId", agentId).queryParam("status", "completed").get("/api/calls")
                .then().statusCode(200).body("totalItems", equalTo(0)).body("items.size()", equalTo(0));
        given().get("/api/calls").then().statusCode(200).body("items.callSid", hasItem(sids.get(4)));
    }

    @Test
    void badParametersAreNamedInA400Problem() {
        given().queryParam("page", "-1").queryParam("size", "abc").queryParam("status", "sleeping")
                .get("/api/calls")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("page", "size", "status"));
        given().queryParam("size", 101).get("/api/calls")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/calls/{callSid}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/twilio/voice/status"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("paths.'/api/calls'.get.security[0]", org.hamcrest.Matchers.hasKey("apiKey"))
                .body("paths.'/twilio/voice/status'.post.security", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void unknownCallIsA404Problem() {
        given().get("/api/calls/CAdoesnotexist")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", org.hamcrest.Matchers.containsString("CAdoesnotexist"));
    }
}
