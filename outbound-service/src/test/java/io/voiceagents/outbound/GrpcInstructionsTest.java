package io.voiceagents.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.voiceagents.contracts.outbound.v1.GetOutboundCallRequest;
import io.voiceagents.contracts.outbound.v1.OutboundCallInstructions;
import io.voiceagents.contracts.outbound.v1.OutboundCallServiceGrpc;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.Rows;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.testkit.infra.InfraTestResource;
import jakarta.inject.Inject;

/** GetOutboundCall, as call-gateway asks it when Twilio connects an outbound call (gRPC on the HTTP port). */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OutboundTestResource.class, restrictToAnnotatedClass = false)
class GrpcInstructionsTest {

    @Inject
    DataSource dataSource;

    ManagedChannel channel;
    OutboundCallServiceGrpc.OutboundCallServiceBlockingStub outbound;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        outbound = OutboundCallServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        new Rows(dataSource).endAll(TestApi.tenant(TestApi.KEY));
    }

    @Test
    void answersWhatTheAgentShouldSayAndKnow() {
        String to = TestApi.freshNumber();
        String id = TestApi.given().body("{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.AGENT
                        + "\",\"from\":\"+15005550007\",\"initialMessage\":\"Hi Bo, it's about your appointment\","
                        + "\"metadata\":{\"patient\":\"Bo\",\"slot\":\"9:30\"}}")
                .post("/api/calls/outbound").then().statusCode(201).extract().path("id");
        OutboundCallInstructions instructions = outbound.getOutboundCall(
                GetOutboundCallRequest.newBuilder().setOutboundCallId(id).build());
        assertThat(instructions.getOutboundCallId()).isEqualTo(id);
        assertThat(instructions.getAgentId()).isEqualTo(FakeAgentService.AGENT);
        assertThat(instructions.getToNumber()).isEqualTo(to);
        assertThat(instructions.getFromNumber()).isEqualTo("+15005550007");
        assertThat(instructions.getInitialMessage()).isEqualTo("Hi Bo, it's about your appointment");
        assertThat(json(instructions.getMetadataJson())).isEqualTo(json("{\"patient\":\"Bo\",\"slot\":\"9:30\"}"));
        assertThat(instructions.getCampaignId()).isEmpty();
        assertThat(instructions.getContactId()).isEmpty();
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    void carriesTheCampaignAndContactOfACampaignCall() {
        UUID campaign = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        UUID id = new Rows(dataSource).insert("open", TestApi.freshNumber(), "+15005550006", "campaign_id = '" + campaign
                + "', contact_id = '" + contact + "', attempt = 2, status = 'completed', status_rank = 4");
        OutboundCallInstructions instructions = outbound.getOutboundCall(
                GetOutboundCallRequest.newBuilder().setOutboundCallId(id.toString()).build());
        assertThat(instructions.getCampaignId()).isEqualTo(campaign.toString());
        assertThat(instructions.getContactId()).isEqualTo(contact.toString());
        assertThat(instructions.getInitialMessage()).isEmpty();
        assertThat(instructions.getMetadataJson()).isEmpty();
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid", ""}) {
            assertThatThrownBy(() -> outbound.getOutboundCall(
                    GetOutboundCallRequest.newBuilder().setOutboundCallId(id).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }
}
