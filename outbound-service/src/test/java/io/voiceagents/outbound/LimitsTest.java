package io.voiceagents.outbound;

import static io.voiceagents.outbound.support.TestApi.freshNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.Rows;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.testkit.infra.InfraTestResource;
import jakarta.inject.Inject;

/** Per-key limits: concurrent single calls and calls per minute, each with Retry-After, exact under concurrency. */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OutboundTestResource.class, restrictToAnnotatedClass = false)
class LimitsTest {

    private static final String CALLS = "/api/calls/outbound";
    private static final String AGENT_NUMBER = FakeAgentService.AGENT_NUMBERS.get(0);

    @Inject
    DataSource dataSource;

    Rows rows;

    @BeforeEach
    void setUp() {
        rows = new Rows(dataSource);
    }

    @AfterEach
    void endEverything() {
        rows.endAll(TestApi.tenant(TestApi.CONCURRENCY_KEY));
        // out of the rate window too, so the order of the tests does not matter
        rows.execute("update outbound.outbound_calls set status = 'completed', status_rank = 4, "
                + "created_at = now() - interval '2 minutes' where tenant in ('" + TestApi.tenant(TestApi.RATE_KEY)
                + "', '" + TestApi.tenant(TestApi.CONCURRENCY_KEY) + "')");
    }

    @Test
    void refusesMoreConcurrentCallsThanTheLimitAndCountsOnlyUnfinishedSingleCalls() {
        String tenant = TestApi.tenant(TestApi.CONCURRENCY_KEY);
        for (int i = 0; i < OutboundTestResource.MAX_CONCURRENT; i++) {
            rows.insert(tenant, freshNumber(), AGENT_NUMBER, "status = 'in-progress', status_rank = 3, "
                    + "twilio_call_sid = 'CA" + CancelTest.hex() + "', answered_at = now()");
        }
        String to = freshNumber();
        TestApi.given(TestApi.CONCURRENCY_KEY).body(TestApi.call(to)).post(CALLS).then().statusCode(429)
                .header("Retry-After", "10")
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("OUTBOUND_MAX_CONCURRENT_CALLS_PER_KEY"));
        assertThat(rows.count("select count(*) from outbound.outbound_calls where to_number = '" + to + "'")).isZero();
        // other keys are not affected
        TestApi.given(TestApi.RATE_KEY).body(TestApi.call(freshNumber())).post(CALLS).then().statusCode(201);
        // ended calls and campaign calls do not count
        rows.execute("update outbound.outbound_calls set status = 'completed', status_rank = 4 where tenant = '"
                + tenant + "'");
        rows.insert(tenant, freshNumber(), AGENT_NUMBER, "campaign_id = gen_random_uuid(), contact_id = gen_random_uuid(), "
                + "status = 'in-progress', status_rank = 3, answered_at = now()");
        TestApi.given(TestApi.CONCURRENCY_KEY).body(TestApi.call(to)).post(CALLS).then().statusCode(201);
    }

    @Test
    void theConcurrencyLimitHoldsForRequestsArrivingTogether() throws Exception {
        int requests = OutboundTestResource.MAX_CONCURRENT + 8;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String to = freshNumber();
                posts.add(() -> TestApi.given(TestApi.CONCURRENCY_KEY).body(TestApi.call(to)).post(CALLS).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(posts)) {
                statuses.add(status.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(OutboundTestResource.MAX_CONCURRENT);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(requests - OutboundTestResource.MAX_CONCURRENT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesMoreCallsPerMinuteThanTheLimitUntilTheOldestLeavesTheWindow() {
        String tenant = TestApi.tenant(TestApi.RATE_KEY);
        rows.execute("update outbound.outbound_calls set created_at = now() - interval '2 minutes' where tenant = '"
                + tenant + "'");
        List<java.util.UUID> recent = new ArrayList<>();
        for (int i = 0; i < OutboundTestResource.MAX_PER_MINUTE; i++) {
            recent.add(rows.insert(tenant, freshNumber(), AGENT_NUMBER, "status = 'completed', status_rank = 4, "
                    + "created_at = now() - interval '10 seconds'"));
        }
        String retryAfter = TestApi.given(TestApi.RATE_KEY).body(TestApi.call(freshNumber())).post(CALLS)
                .then().statusCode(429)
                .body("status", equalTo(429))
                .body("detail", containsString("OUTBOUND_MAX_CALLS_PER_MINUTE_PER_KEY"))
                .extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(45, 51);
        rows.execute("update outbound.outbound_calls set created_at = now() - interval '61 seconds' where id = '"
                + recent.get(0) + "'");
        TestApi.given(TestApi.RATE_KEY).body(TestApi.call(freshNumber())).post(CALLS).then().statusCode(201);
        TestApi.given(TestApi.RATE_KEY).body(TestApi.call(freshNumber())).post(CALLS).then().statusCode(429);
    }
}
