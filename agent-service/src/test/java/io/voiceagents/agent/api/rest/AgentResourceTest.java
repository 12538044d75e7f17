package io.voiceagents.agent.api.rest;

import static io.voiceagents.agent.TestApi.given;
import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.create;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.voiceagents.agent.GeminiEmulatorResource;
import io.voiceagents.testkit.infra.InfraTestResource;

@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = GeminiEmulatorResource.class, restrictToAnnotatedClass = false)
class AgentResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void createsAndReadsAnAgent() {
        String number = randomNumber();
        String id = create(body("Front desk", number))
                .statusCode(201)
                .header("Location", containsString("/api/agents/"))
                .header("ETag", containsString("1"))
                .body("name", equalTo("Front desk"))
                .body("phoneNumbers", equalTo(List.of(number)))
                .body("callMode", equalTo("gather"))
                .body("llm.model", equalTo("gemini-2.5-flash"))
                .body("llm.temperature", equalTo(0.3f))
                .body("llm.maxOutputTokens", equalTo(256))
                .body("version", equalTo(1))
                .body("createdAt", notNullValue())
                .extract().path("id");

        given().when().get("/api/agents/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("instructions", containsString("Acme Dental"))
                .body("greeting", equalTo("Hello, Acme Dental, how can I help?"))
                .body("voice", equalTo("en-US-Neural2-F"))
                .body("language", equalTo("en-US"));
    }

    @Test
    void locationPointsAtTheNewAgent() {
        var response = create(body("Located", randomNumber())).statusCode(201).extract();
        String location = response.header("Location");
        given().when().get(location).then().statusCode(200).body("id", equalTo(response.path("id")));
    }

    @Test
    void fillsDefaultsForOmittedFields() {
        Map<String, Object> body = body("Minimal");
        body.remove("voice");
        body.remove("language");
        body.remove("llm");
        body.remove("callMode");
        body.remove("phoneNumbers");
        create(body).statusCode(201)
                .body("voice", equalTo("en-US-Neural2-F"))
                .body("language", equalTo("en-US"))
                .body("callMode", equalTo("gather"))
                .body("phoneNumbers", hasSize(0))
                .body("llm.model", equalTo("gemini-2.5-flash"))
                .body("llm.temperature", equalTo(0.7f))
                .body("llm.maxOutputTokens", equalTo(1024))
                .body("machineAction", equalTo("hang-up"))
                .body("$", hasKey("voicemailMessage"))
                .body("voicemailMessage", nullValue());

        Map<String, Object> emptyVoice = body("Empty voice");
        emptyVoice.put("voice", "");
        create(emptyVoice).statusCode(201).body("voice", equalTo("en-US-Neural2-F"));
    }

    @Test
    void storesTheAnsweringMachineSettings() {
        String number = randomNumber();
        Map<String, Object> body = body("Voicemail", number);
        body.put("machineAction", "leave-message");
        body.put("voicemailMessage", "Hi, this is Acme Dental. Please call us back at 415 555 0100.");
        String id = create(body).statusCode(201)
                .body("machineAction", equalTo("leave-message"))
                .body("voicemailMessage", equalTo("Hi, this is Acme Dental. Please call us back at 415 555 0100."))
                .extract().path("id");

        given().when().get("/api/agents/" + id).then()
                .statusCode(200)
                .body("machineAction", equalTo("leave-message"))
                .body("voicemailMessage", containsString("Please call us back"));
        given().queryParam("size", 100).when().get("/api/agents").then()
                .statusCode(200)
                .body("items.find { it.id == '" + id + "' }.machineAction", equalTo("leave-message"))
                .body("items.find { it.id == '" + id + "' }.voicemailMessage", containsString("call us back"));

        // A full replacement without the settings falls back to the defaults; a blank message means the greeting.
        Map<String, Object> replaced = body("Voicemail", number);
        replaced.put("version", 1);
        replaced.put("voicemailMessage", "   ");
        given().contentType(ContentType.JSON).body(replaced).when().put("/api/agents/" + id).then()
                .statusCode(200)
                .body("machineAction", equalTo("hang-up"))
                .body("voicemailMessage", nullValue())
                .body("version", equalTo(2));

        Map<String, Object> longest = body("Longest message", randomNumber());
        longest.put("machineAction", "hang-up");
        longest.put("voicemailMessage", "v".repeat(1000));
        create(longest).statusCode(201).body("voicemailMessage.length()", equalTo(1000));
    }

    @Test
    void answeringMachineSettingsAreValidated() {
        Map<String, Object> body = body("Bad machine", randomNumber());
        body.put("machineAction", "voicemail");
        body.put("voicemailMessage", "v".repeat(1001));
        create(body).statusCode(400).contentType(PROBLEM)
                .body("errors", hasSize(2))
                .body("errors.field", hasItems("machineAction", "voicemailMessage"))
                .body("errors.find { it.field == 'machineAction' }.message", containsString("leave-message"))
                .body("errors.find { it.field == 'voicemailMessage' }.message", containsString("1000"));

        Map<String, Object> empty = body("Empty machine action", randomNumber());
        empty.put("machineAction", "");
        create(empty).statusCode(400).body("errors[0].field", equalTo("machineAction"));

        Map<String, Object> upperCase = body("Upper machine action", randomNumber());
        upperCase.put("machineAction", "HANG_UP");
        create(upperCase).statusCode(400).body("errors[0].field", equalTo("machineAction"));

        String id = createAgent(body("Update machine", randomNumber()));
        Map<String, Object> update = body("Update machine");
        update.put("version", 1);
        update.put("machineAction", "beep");
        given().contentType(ContentType.JSON).body(update).when().put("/api/agents/" + id).then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("machineAction"));
        given().when().get("/api/agents/" + id).then().body("version", equalTo(1));
    }

    @Test
    void storesTheTransferNumber() {
        String number = randomNumber();
        Map<String, Object> body = body("Transferring", number);
        body.put("transferNumber", "+14155550199");
        String id = create(body).statusCode(201)
                .body("transferNumber", equalTo("+14155550199"))
                .extract().path("id");
        given().when().get("/api/agents/" + id).then().statusCode(200)
                .body("transferNumber", equalTo("+14155550199"));

        // Replaced without one (or with an empty one): the agent can no longer transfer.
        Map<String, Object> replaced = body("Transferring", number);
        replaced.put("version", 1);
        replaced.put("transferNumber", "");
        given().contentType(ContentType.JSON).body(replaced).when().put("/api/agents/" + id).then()
                .statusCode(200)
                .body("transferNumber", nullValue())
                .body("version", equalTo(2));
        create(body("No transfers", randomNumber())).statusCode(201).body("transferNumber", nullValue());
    }

    @Test
    void transferNumberIsValidated() {
        for (String bad : List.of("4155550199", "+0155550199", "+1 415 555 0199", "+1415555019912345", "front desk")) {
            Map<String, Object> body = body("Bad transfer", randomNumber());
            body.put("transferNumber", bad);
            create(body).statusCode(400).contentType(PROBLEM)
                    .body("errors", hasSize(1))
                    .body("errors[0].field", equalTo("transferNumber"))
                    .body("errors[0].message", containsString("E.164"));
        }

        // Transferring to one of the agent's own numbers would ring the agent again.
        String own = randomNumber();
        Map<String, Object> loop = body("Loop", own);
        loop.put("transferNumber", own);
        create(loop).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("transferNumber"))
                .body("errors[0].message", containsString("own phone numbers"));

        String id = createAgent(body("Update transfer", randomNumber()));
        Map<String, Object> update = body("Update transfer");
        update.put("version", 1);
        update.put("transferNumber", "call Bob");
        given().contentType(ContentType.JSON).body(update).when().put("/api/agents/" + id).then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("transferNumber"));
        given().when().get("/api/agents/" + id).then().body("version", equalTo(1));
    }

    @Test
    void listsWithPagination() {
        for (int i = 0; i < 3; i++) {
            createAgent(body("Paged " + i, randomNumber()));
        }
        int total = given().queryParam("page", 0).queryParam("size", 2).when().get("/api/agents").then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("totalItems", greaterThanOrEqualTo(3))
                .extract().path("totalItems");
        given().queryParam("page", 1).queryParam("size", 2).when().get("/api/agents").then()
                .statusCode(200)
                .body("page", equalTo(1))
                .body("totalPages", equalTo((total + 1) / 2));
        // Newest first: the last agent created is on the first page.
        given().when().get("/api/agents").then()
                .statusCode(200)
                .body("size", equalTo(20))
                .body("items[0].name", equalTo("Paged 2"));
    }

    @Test
    void capsPageSizeAndRejectsBadPaging() {
        given().queryParam("size", 500).when().get("/api/agents").then().statusCode(200).body("size", equalTo(100));
        given().queryParam("page", -1).when().get("/api/agents").then()
                .statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("page"));
        given().queryParam("size", "abc").when().get("/api/agents").then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("size"));
        given().queryParam("size", 0).when().get("/api/agents").then()
                .statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void updatesWithTheCurrentVersionOnly() {
        String number = randomNumber();
        String id = createAgent(body("Versioned", number));

        Map<String, Object> update = body("Versioned v2", number);
        update.put("version", 1);
        update.put("callMode", "relay");
        given().contentType(ContentType.JSON).body(update).when().put("/api/agents/" + id).then()
                .statusCode(200)
                .body("name", equalTo("Versioned v2"))
                .body("callMode", equalTo("relay"))
                .body("version", equalTo(2));

        // If-Match instead of a body version, with only the phone numbers changing.
        String second = randomNumber();
        Map<String, Object> viaHeader = body("Versioned v2", second, number);
        viaHeader.put("callMode", "relay");
        given().contentType(ContentType.JSON).header("If-Match", "\"2\"").body(viaHeader)
                .when().put("/api/agents/" + id).then()
                .statusCode(200)
                .header("ETag", containsString("3"))
                .body("version", equalTo(3))
                .body("phoneNumbers", equalTo(List.of(second, number)));

        // A stale copy is refused, and the problem says which version is current.
        update.put("name", "Lost update");
        given().contentType(ContentType.JSON).body(update).when().put("/api/agents/" + id).then()
                .statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409))
                .body("currentVersion", equalTo(3))
                .body("errors[0].field", equalTo("version"));
        given().when().get("/api/agents/" + id).then().body("name", equalTo("Versioned v2"));

        Map<String, Object> noVersion = body("No version", number);
        given().contentType(ContentType.JSON).body(noVersion).when().put("/api/agents/" + id).then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("version"));
    }

    @Test
    void deletesAndThen404s() {
        String id = createAgent(body("Short lived", randomNumber()));
        given().when().delete("/api/agents/" + id).then().statusCode(204);
        given().when().get("/api/agents/" + id).then()
                .statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404))
                .body("title", notNullValue())
                .body("detail", containsString(id));
        given().when().delete("/api/agents/" + id).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void unknownOrMalformedIdsAre404Problems() {
        given().when().get("/api/agents/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
        given().when().get("/api/agents/not-a-uuid").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404));
        Map<String, Object> update = body("Ghost");
        update.put("version", 1);
        given().contentType(ContentType.JSON).body(update).when().put("/api/agents/" + UUID.randomUUID()).then()
                .statusCode(404).contentType(PROBLEM);
    }

    @Test
    void validationErrorsNameEachField() {
        Map<String, Object> body = body("", "+14155550100", "0800-NOT-E164");
        body.put("callMode", "carrier-pigeon");
        body.put("voice", "Joanna");
        body.put("greeting", "x".repeat(501));
        body.put("llm", Map.of("temperature", 3.5, "maxOutputTokens", 0));
        create(body)
                .statusCode(400).contentType(PROBLEM)
                .body("type", notNullValue())
                .body("title", equalTo("Invalid request"))
                .body("status", equalTo(400))
                .body("errors.field", hasItems("name", "phoneNumbers[1]", "callMode", "voice", "greeting",
                        "llm.temperature", "llm.maxOutputTokens"))
                .body("errors.field", not(hasItem("phoneNumbers[0]")))
                .body("errors.find { it.field == 'phoneNumbers[1]' }.message", containsString("E.164"))
                .body("errors.find { it.field == 'callMode' }.message", containsString("gather"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void singleFieldValidationCases() {
        Map<String, Object> hot = body("Hot", randomNumber());
        hot.put("llm", Map.of("temperature", 2.01));
        create(hot).statusCode(400).body("errors", hasSize(1)).body("errors[0].field", equalTo("llm.temperature"));

        Map<String, Object> noInstructions = body("Blank", randomNumber());
        noInstructions.remove("instructions");
        create(noInstructions).statusCode(400).body("errors[0].field", equalTo("instructions"));

        Map<String, Object> badLanguage = body("Language", randomNumber());
        badLanguage.put("language", "english please");
        create(badLanguage).statusCode(400).body("errors[0].field", equalTo("language"));

        String twice = randomNumber();
        create(body("Twice", twice, twice)).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("phoneNumbers[1]"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().contentType(ContentType.JSON).body("{\"name\": \"broken\", ").when().post("/api/agents").then()
                .statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"instructions\":\"i\",\"greeting\":\"g\",\"llm\":{\"temperature\":\"hot\"}}")
                .when().post("/api/agents").then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("llm.temperature"));
        given().contentType(ContentType.JSON).when().post("/api/agents").then()
                .statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aNumberAnswersForOneAgentOnly() {
        String shared = randomNumber();
        String owner = createAgent(body("Owner", shared));
        create(body("Intruder", randomNumber(), shared))
                .statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409))
                .body("errors[0].field", equalTo("phoneNumbers"))
                .body("errors[0].message", containsString(shared));

        // Once the owner lets go of it, another agent may take it.
        Map<String, Object> release = body("Owner", randomNumber());
        release.put("version", 1);
        given().contentType(ContentType.JSON).body(release).when().put("/api/agents/" + owner).then().statusCode(200);
        create(body("Successor", shared)).statusCode(201);
    }

    @Test
    void reorderingOwnNumbersIsNotAConflict() {
        String a = randomNumber();
        String b = randomNumber();
        String id = createAgent(body("Two lines", a, b));
        Map<String, Object> swapped = body("Two lines", b, a);
        swapped.put("version", 1);
        given().contentType(ContentType.JSON).body(swapped).when().put("/api/agents/" + id).then()
                .statusCode(200).body("phoneNumbers", equalTo(List.of(b, a)));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void openApiDescribesTheApi() {
        given().accept("application/json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/agents'", notNullValue())
                .body("paths.'/api/agents/{id}'.put.responses.'409'", notNullValue())
                .body("components.schemas.Problem", notNullValue())
                .body("paths.'/api/agents/{agentId}/conversations'", notNullValue())
                .body("info.title", is("agent-service"))
                .body("paths.'/api/agents'.post.responses.'400'.content.'application/problem+json'", notNullValue())
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("paths.'/api/agents'.get.security[0]", hasKey("apiKey"))
                .body("paths.'/api/agents/{agentId}/conversations'.get.security[0]", hasKey("apiKey"))
                .body("components.schemas.AgentRequest.properties.machineAction.enum",
                        equalTo(List.of("leave-message", "hang-up")))
                .body("components.schemas.AgentRequest.properties.machineAction.default", equalTo("hang-up"))
                .body("components.schemas.AgentRequest.properties.voicemailMessage.maxLength", equalTo(1000))
                .body("components.schemas.Agent.properties.machineAction", notNullValue())
                .body("components.schemas.Agent.properties.voicemailMessage", notNullValue())
                .body("nothing", nullValue());
    }
}
