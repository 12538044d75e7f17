package io.voiceagents.testkit.infra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * {@code @QuarkusTestResource(InfraTestResource.class)}: points the service under test at the
 * embedded Postgres and Kafka (started once per JVM, see {@link SharedInfra}).
 */
public class InfraTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedInfra.quarkusConfig();
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by a shutdown hook
    }
}
