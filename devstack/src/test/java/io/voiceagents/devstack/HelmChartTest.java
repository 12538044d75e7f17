package io.voiceagents.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deployment files must route and wire the suite the way the code expects: the Helm chart is
 * linted and rendered (helm-java embeds the Helm library, nothing is downloaded), and its ingress,
 * like the docker-compose front door, must equal {@link FrontDoorRoutes#ROUTES}.
 */
class HelmChartTest {

    private static final Path REPO = repositoryRoot();
    private static final Path CHART = REPO.resolve("helm/voice-agents");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** HTTP port per service, as fixed for the suite (gRPC too, but for the services in {@link #GRPC_PORTS}). */
    private static final Map<String, Integer> PORTS = Map.of(
            "call-gateway", 8181,
            "agent-service", 8182,
            "tts-service", 8183,
            "knowledge-service", 8184,
            "outbound-service", 8185);

    /** The services that serve gRPC on a port of its own (grpc-java's server, which survives stream resets). */
    private static final Map<String, Integer> GRPC_PORTS = Map.of("agent-service", 9182, "tts-service", 9183);

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "tok-9f8e7d6c5b4a";
    private static final String DB_PASSWORD = "pw-31415926";
    private static final String API_KEY = "AIza-key-27182818";
    private static final String OPERATOR_API_KEY = "op-key-1618033988749894";

    @Test
    void chartLintsWithoutFindings() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void everyServiceHasADeploymentWithProbesOnItsPortAndRunsAsNonRoot() {
        List<JsonNode> docs = render(t -> t);
        List<JsonNode> deployments = ofKind(docs, "Deployment");

        assertThat(deployments).hasSize(5);
        assertThat(deployments).extracting(HelmChartTest::component).containsExactlyInAnyOrderElementsOf(PORTS.keySet());
        for (JsonNode deployment : deployments) {
            String component = component(deployment);
            JsonNode pod = deployment.at("/spec/template");
            JsonNode container = pod.at("/spec/containers/0");
            assertThat(pod.at("/spec/containers").size()).isEqualTo(1);

            JsonNode port = container.at("/ports/0");
            assertThat(port.path("name").asText()).as(component).isEqualTo("http");
            assertThat(port.path("containerPort").asInt()).as(component).isEqualTo(PORTS.get(component));
            if (GRPC_PORTS.containsKey(component)) {
                assertThat(container.at("/ports/1/name").asText()).isEqualTo("grpc");
                assertThat(container.at("/ports/1/containerPort").asInt()).isEqualTo(GRPC_PORTS.get(component));
            } else {
                assertThat(container.at("/ports").size()).as(component).isEqualTo(1);
            }
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");

            assertThat(pod.at("/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
            assertThat(pod.at("/metadata/annotations/prometheus.io~1path").asText()).isEqualTo("/q/metrics");
            assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText())
                    .isEqualTo(String.valueOf(PORTS.get(component)));

            assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).as(component).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(container.at("/resources/requests/memory").isMissingNode()).as(component).isFalse();
            assertThat(container.at("/image").asText()).endsWith("/" + component + ":0.1.0");
        }
    }

    @Test
    void everyServiceIsExposedOnItsPortsNamedHttpAndGrpcAndSelectsItsOwnPods() {
        List<JsonNode> docs = render(t -> t);
        List<JsonNode> services = ofKind(docs, "Service");
        Map<String, JsonNode> podLabels = ofKind(docs, "Deployment").stream()
                .collect(Collectors.toMap(HelmChartTest::component, d -> d.at("/spec/template/metadata/labels")));

        assertThat(services).hasSize(5);
        for (JsonNode service : services) {
            String component = component(service);
            JsonNode port = service.at("/spec/ports/0");
            assertThat(service.at("/spec/ports").size()).isEqualTo(GRPC_PORTS.containsKey(component) ? 2 : 1);
            assertThat(port.path("name").asText()).isEqualTo("http");
            assertThat(port.path("port").asInt()).as(component).isEqualTo(PORTS.get(component));
            assertThat(port.path("targetPort").asText()).isEqualTo("http");
            if (GRPC_PORTS.containsKey(component)) {
                JsonNode grpc = service.at("/spec/ports/1");
                assertThat(grpc.path("name").asText()).isEqualTo("grpc");
                assertThat(grpc.path("port").asInt()).as(component).isEqualTo(GRPC_PORTS.get(component));
                assertThat(grpc.path("targetPort").asText()).isEqualTo("grpc");
            }
            service.at("/spec/selector").properties().forEach(selector -> assertThat(
                    podLabels.get(component).path(selector.getKey()).asText()).isEqualTo(selector.getValue().asText()));
        }
    }

    @Test
    void ingressRoutesExactlyTheFrontDoorRoutes() {
        List<JsonNode> docs = render(t -> t);
        Map<String, String> componentByServiceName = ofKind(docs, "Service").stream()
                .collect(Collectors.toMap(s -> s.at("/metadata/name").asText(), HelmChartTest::component));
        List<JsonNode> ingresses = ofKind(docs, "Ingress");
        assertThat(ingresses).hasSize(1);
        JsonNode ingress = ingresses.get(0);
        assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        assertThat(ingress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-read-timeout").asInt())
                .as("WebSocket calls under /twilio outlive nginx's 60 s default").isGreaterThanOrEqualTo(3600);
        assertThat(ingress.at("/spec/tls").isMissingNode()).isTrue();
        assertThat(ingress.at("/spec/rules").size()).isEqualTo(1);

        List<Map.Entry<String, String>> routes = new ArrayList<>();
        for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
            assertThat(path.path("pathType").asText()).isEqualTo("Prefix");
            assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("http");
            String serviceName = path.at("/backend/service/name").asText();
            assertThat(componentByServiceName).as("backend %s is a chart Service", serviceName).containsKey(serviceName);
            routes.add(Map.entry(path.path("path").asText(), componentByServiceName.get(serviceName)));
        }
        assertThat(routes).containsExactlyInAnyOrderElementsOf(frontDoorRoutes());
    }

    @Test
    void secretsLiveOnlyInTheSecretAndReachOnlyTheServicesThatNeedThem() throws IOException {
        List<JsonNode> docs = render(t -> t
                .set("secrets.twilioAccountSid", SID)
                .set("secrets.twilioAuthToken", TOKEN)
                .set("secrets.dbPassword", DB_PASSWORD)
                .set("secrets.googleApiKey", API_KEY)
                .set("secrets.apiKey", OPERATOR_API_KEY));
        List<String> secretValues = List.of(SID, TOKEN, DB_PASSWORD, API_KEY, OPERATOR_API_KEY);

        List<JsonNode> secrets = ofKind(docs, "Secret");
        assertThat(secrets).hasSize(1);
        Map<String, String> decoded = new HashMap<>();
        secrets.get(0).path("data").properties().forEach(e -> decoded.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        assertThat(decoded).containsEntry("TWILIO_ACCOUNT_SID", SID).containsEntry("TWILIO_AUTH_TOKEN", TOKEN)
                .containsEntry("DB_PASSWORD", DB_PASSWORD).containsEntry("GOOGLE_API_KEY", API_KEY)
                .containsEntry("API_KEY", OPERATOR_API_KEY);

        for (JsonNode doc : docs) {
            if (!doc.path("kind").asText().equals("Secret")) {
                String text = YAML.writeValueAsString(doc);
                assertThat(text).as("%s %s", doc.path("kind").asText(), doc.at("/metadata/name").asText())
                        .doesNotContain(secretValues);
            }
        }
        Map<String, Set<String>> secretKeysByComponent = secretKeyRefs(docs);
        assertThat(secretKeysByComponent.get("call-gateway"))
                .containsExactlyInAnyOrder("DB_PASSWORD", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "API_KEY");
        assertThat(secretKeysByComponent.get("agent-service"))
                .containsExactlyInAnyOrder("DB_PASSWORD", "GOOGLE_API_KEY", "API_KEY");
        assertThat(secretKeysByComponent.get("outbound-service"))
                .containsExactlyInAnyOrder("DB_PASSWORD", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "API_KEY");
        assertThat(secretKeysByComponent.get("knowledge-service")).containsExactly("DB_PASSWORD");
        assertThat(secretKeysByComponent.get("tts-service")).containsExactly("DB_PASSWORD");
    }

    @Test
    void apiKeyIsOptionalAndNeverLeavesTheServicesThatCheckIt() {
        List<JsonNode> docs = render(t -> t);
        Map<String, String> decoded = new HashMap<>();
        ofKind(docs, "Secret").get(0).path("data").properties().forEach(e -> decoded.put(e.getKey(), e.getValue().asText()));
        assertThat(decoded).as("no empty API_KEY: the optional reference then leaves the variable unset")
                .doesNotContainKey("API_KEY");
        for (JsonNode deployment : ofKind(docs, "Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                if (env.path("name").asText().equals("API_KEY")) {
                    assertThat(component(deployment)).isIn("agent-service", "call-gateway", "outbound-service");
                    assertThat(env.at("/valueFrom/secretKeyRef/optional").asBoolean()).isTrue();
                }
            }
        }
        assertThatThrownBy(() -> render(t -> t.set("secrets.apiKey", "too-short")))
                .hasMessageContaining("apiKey");
    }

    @Test
    void existingSecretAndTlsOverridesAreHonoured() {
        List<JsonNode> docs = render(t -> t
                .set("secrets.existingSecret", "voice-secrets")
                .set("ingress.tls.enabled", true)
                .set("ingress.host", "voice.example.org")
                .set("ingress.tls.secretName", "voice-tls")
                .set("googleCredentials.existingSecret", "google-sa"));

        assertThat(ofKind(docs, "Secret")).as("the chart creates no Secret of its own").isEmpty();
        for (JsonNode deployment : ofKind(docs, "Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("voice-secrets");
            }
        }
        JsonNode ingress = ofKind(docs, "Ingress").get(0);
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("voice-tls");
        assertThat(ingress.at("/spec/tls/0/hosts/0").asText()).isEqualTo("voice.example.org");
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("voice.example.org");
        assertThat(ingress.at("/spec/rules/0/http/paths").size()).isEqualTo(FrontDoorRoutes.ROUTES.size());

        Map<String, JsonNode> config = configByComponent(docs);
        String credentials = "/var/run/secrets/voice-agents/google/credentials.json";
        assertThat(config.get("tts-service").path("GOOGLE_APPLICATION_CREDENTIALS").asText()).isEqualTo(credentials);
        assertThat(config.get("agent-service").path("GOOGLE_APPLICATION_CREDENTIALS").asText()).isEqualTo(credentials);
        assertThat(config.get("call-gateway").path("GOOGLE_APPLICATION_CREDENTIALS").asText())
                .as("Speech-to-Text of stream calls").isEqualTo(credentials);
        assertThat(config.get("outbound-service").has("GOOGLE_APPLICATION_CREDENTIALS")).isFalse();
        JsonNode ttsPod = ofKind(docs, "Deployment").stream()
                .filter(d -> component(d).equals("tts-service")).findFirst().orElseThrow().at("/spec/template/spec");
        assertThat(ttsPod.findValuesAsText("secretName")).contains("google-sa");
    }

    @Test
    void callGatewayFindsAgentAndTtsThroughTheirServices() {
        List<JsonNode> docs = render(t -> t);
        Map<String, JsonNode> config = configByComponent(docs);
        Map<String, String> serviceNameByComponent = ofKind(docs, "Service").stream()
                .collect(Collectors.toMap(HelmChartTest::component, s -> s.at("/metadata/name").asText()));
        JsonNode gateway = config.get("call-gateway");

        assertThat(gateway.path("AGENT_SERVICE_HOST").asText()).isEqualTo(serviceNameByComponent.get("agent-service"));
        assertThat(gateway.path("AGENT_SERVICE_PORT").asText()).isEqualTo("9182");
        assertThat(gateway.path("TTS_SERVICE_HOST").asText()).isEqualTo(serviceNameByComponent.get("tts-service"));
        assertThat(gateway.path("TTS_SERVICE_PORT").asText()).isEqualTo("9183");
        assertThat(gateway.path("PUBLIC_BASE_URL").asText()).isEqualTo("https://voice.example.com");
        assertThat(gateway.path("STREAM_END_OF_TURN_SILENCE").asText()).isEqualTo("700ms");
        assertThat(gateway.path("STREAM_BARGE_IN_MIN_SPEECH").asText()).isEqualTo("350ms");
        assertThat(gateway.path("STT_GOOGLE_MODEL").asText()).isEqualTo("phone_call");
        config.forEach((component, data) -> {
            assertThat(data.path("PORT").asText()).as(component).isEqualTo(String.valueOf(PORTS.get(component)));
            assertThat(data.path("GRPC_PORT").asText(null)).as(component)
                    .isEqualTo(GRPC_PORTS.containsKey(component) ? String.valueOf(GRPC_PORTS.get(component)) : null);
            assertThat(data.path("DB_URL").asText()).startsWith("jdbc:postgresql://");
            assertThat(data.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isNotBlank();
        });
        assertThat(config.get("agent-service").path("LLM_PROVIDER").asText()).isEqualTo("google-ai");
    }

    @Test
    void outboundServiceAndCallGatewayFindEachOtherAndTheAgents() {
        List<JsonNode> docs = render(t -> t.set("outbound.callsPerSecond", 10).set("outbound.allowedCountries", "US,CA,GB"));
        Map<String, JsonNode> config = configByComponent(docs);
        Map<String, String> serviceNameByComponent = ofKind(docs, "Service").stream()
                .collect(Collectors.toMap(HelmChartTest::component, s -> s.at("/metadata/name").asText()));
        JsonNode gateway = config.get("call-gateway");
        JsonNode outbound = config.get("outbound-service");

        assertThat(gateway.path("OUTBOUND_SERVICE_HOST").asText()).isEqualTo(serviceNameByComponent.get("outbound-service"));
        assertThat(gateway.path("OUTBOUND_SERVICE_PORT").asText()).isEqualTo("8185");
        assertThat(outbound.path("AGENT_SERVICE_HOST").asText()).isEqualTo(serviceNameByComponent.get("agent-service"));
        assertThat(outbound.path("AGENT_SERVICE_PORT").asText()).isEqualTo("9182");
        assertThat(outbound.path("PUBLIC_BASE_URL").asText())
                .as("Twilio calls call-gateway's public URL for the calls outbound-service places")
                .isEqualTo(gateway.path("PUBLIC_BASE_URL").asText());
        assertThat(outbound.path("OUTBOUND_TWILIO_CALLS_PER_SECOND").asText()).isEqualTo("10");
        assertThat(outbound.path("OUTBOUND_ALLOWED_COUNTRIES").asText()).isEqualTo("US,CA,GB");
        assertThat(outbound.path("OUTBOUND_RING_TIMEOUT").asText()).isEqualTo("30s");
        assertThat(outbound.has("TWILIO_API_BASE_URL")).as("only the sandbox replaces Twilio's API").isFalse();
        assertThatThrownBy(() -> render(t -> t.set("outbound.allowedCountries", "us")))
                .hasMessageContaining("allowedCountries");
    }

    @Test
    void valuesSchemaRejectsAnUnknownLlmProvider() {
        assertThatThrownBy(() -> render(t -> t.set("llm.provider", "openai")))
                .hasMessageContaining("provider");
    }

    @Test
    void composeFrontDoorRoutesExactlyTheFrontDoorRoutes() throws IOException {
        String nginx = Files.readString(REPO.resolve("deploy/nginx.conf"));
        Matcher location = Pattern.compile("location\\s+(=\\s+)?(\\S+)\\s*\\{([^}]*)}").matcher(nginx);
        Pattern proxyPass = Pattern.compile("proxy_pass\\s+http://([\\w-]+)\\s*;");
        Set<Map.Entry<String, String>> exact = new HashSet<>();
        Set<Map.Entry<String, String>> prefixes = new HashSet<>();
        while (location.find()) {
            Matcher upstream = proxyPass.matcher(location.group(3));
            if (!upstream.find()) {
                assertThat(location.group(2)).as("only the catch-all may be unrouted").isEqualTo("/");
                continue;
            }
            String path = location.group(2);
            if (location.group(1) != null) {
                exact.add(Map.entry(path, upstream.group(1)));
            } else {
                assertThat(path).as("prefix locations end with / so /twilioX is not /twilio").endsWith("/");
                prefixes.add(Map.entry(path.substring(0, path.length() - 1), upstream.group(1)));
            }
        }
        assertThat(exact).containsExactlyInAnyOrderElementsOf(frontDoorRoutes());
        assertThat(prefixes).containsExactlyInAnyOrderElementsOf(frontDoorRoutes());
        PORTS.forEach((service, port) -> assertThat(nginx).contains("server " + service + ":" + port + ";"));
    }

    @Test
    void composeBuildsEachServiceFromItsDockerfileAndProbesReadiness() throws IOException {
        JsonNode services = YAML.readTree(REPO.resolve("docker-compose.yml").toFile()).path("services");
        for (Map.Entry<String, Integer> service : PORTS.entrySet()) {
            JsonNode entry = services.path(service.getKey());
            int port = service.getValue();
            assertThat(entry.at("/build/context").asText()).isEqualTo("./" + service.getKey());
            Path dockerfile = REPO.resolve(service.getKey()).resolve(entry.at("/build/dockerfile").asText());
            assertThat(dockerfile).exists();
            assertThat(Files.readString(dockerfile)).contains("EXPOSE " + port).contains("USER 185")
                    .contains("quarkus-run.jar");
            assertThat(entry.at("/environment/PORT").asInt()).isEqualTo(port);
            Integer grpcPort = GRPC_PORTS.get(service.getKey());
            assertThat(entry.at("/environment/GRPC_PORT").asInt(0)).as(service.getKey())
                    .isEqualTo(grpcPort == null ? 0 : grpcPort);
            if (grpcPort != null) {
                assertThat(Files.readString(dockerfile)).contains("EXPOSE " + port + " " + grpcPort);
            }
            assertThat(entry.at("/healthcheck/test").toString()).contains("localhost:" + port + "/q/health/ready");
            boolean checksApiKey = Set.of("agent-service", "call-gateway", "outbound-service").contains(service.getKey());
            assertThat(entry.at("/environment/API_KEY").asText(null)).as(service.getKey())
                    .isEqualTo(checksApiKey ? "${API_KEY:-}" : null);
        }
        assertThat(services.at("/call-gateway/environment/AGENT_SERVICE_HOST").asText()).isEqualTo("agent-service");
        assertThat(services.at("/call-gateway/environment/TTS_SERVICE_HOST").asText()).isEqualTo("tts-service");
        assertThat(services.at("/call-gateway/environment/OUTBOUND_SERVICE_HOST").asText()).isEqualTo("outbound-service");
        assertThat(services.at("/call-gateway/environment/OUTBOUND_SERVICE_PORT").asInt()).isEqualTo(8185);
        assertThat(services.at("/outbound-service/environment/AGENT_SERVICE_HOST").asText()).isEqualTo("agent-service");
        assertThat(services.at("/call-gateway/environment/AGENT_SERVICE_PORT").asInt()).isEqualTo(9182);
        assertThat(services.at("/call-gateway/environment/TTS_SERVICE_PORT").asInt()).isEqualTo(9183);
        assertThat(services.at("/outbound-service/environment/AGENT_SERVICE_PORT").asInt()).isEqualTo(9182);
    }

    private static List<Map.Entry<String, String>> frontDoorRoutes() {
        return FrontDoorRoutes.ROUTES.stream().map(r -> Map.entry(r.prefix(), r.service())).toList();
    }

    private static List<JsonNode> render(UnaryOperator<TemplateCommand> values) {
        String manifest = values.apply(new Helm(CHART).template().withName("va").withNamespace("voice")).call();
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("helm template produced invalid YAML:\n" + manifest, e);
        }
        return docs;
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static String component(JsonNode resource) {
        return resource.at("/metadata/labels/app.kubernetes.io~1component").asText();
    }

    private static Map<String, JsonNode> configByComponent(List<JsonNode> docs) {
        return ofKind(docs, "ConfigMap").stream()
                .collect(Collectors.toMap(HelmChartTest::component, c -> c.path("data")));
    }

    private static Map<String, Set<String>> secretKeyRefs(List<JsonNode> docs) {
        Map<String, Set<String>> refs = new HashMap<>();
        for (JsonNode deployment : ofKind(docs, "Deployment")) {
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            Set<String> keys = new HashSet<>();
            for (JsonNode env : container.path("env")) {
                assertThat(env.has("value")).as("plain env %s", env.path("name").asText()).isFalse();
                keys.add(env.at("/valueFrom/secretKeyRef/key").asText());
            }
            refs.put(component(deployment), keys);
        }
        return refs;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("helm/voice-agents/Chart.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("helm/voice-agents not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
