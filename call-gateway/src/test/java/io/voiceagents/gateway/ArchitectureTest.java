package io.voiceagents.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Keeps the domain free of frameworks and the edges out of the core. Plain JUnit tests calling
 * {@code check}: ArchUnit's own {@code @ArchTest} engine discovers nothing on JUnit Platform 6.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.voiceagents.gateway");

    @Test
    void domainIsPlainJava() {
        noClasses().that().resideInAPackage("..gateway.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax..", "io.quarkus..",
                        "io.smallrye..", "org.hibernate..", "io.grpc..", "io.vertx..", "com.fasterxml..",
                        "org.eclipse.microprofile..", "io.micrometer..", "org.apache.kafka..")
                .check(CLASSES);
    }

    @Test
    void domainDependsOnNoOuterLayerNorWireContract() {
        noClasses().that().resideInAPackage("..gateway.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..gateway.application..", "..gateway.infra..",
                        "..gateway.api..", "..gateway.config..", "io.voiceagents.contracts..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotUseTheEdges() {
        noClasses().that().resideInAnyPackage("..gateway.domain..", "..gateway.application..")
                .should().dependOnClassesThat().resideInAnyPackage("..gateway.api..", "..gateway.infra..")
                .check(CLASSES);
    }

    @Test
    void useCasesSpeakNoWireProtocol() {
        noClasses().that().resideInAPackage("..gateway.application..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "io.vertx..", "org.hibernate..",
                        "io.voiceagents.contracts.agent..", "io.voiceagents.contracts.tts..",
                        "io.voiceagents.contracts.outbound..")
                .check(CLASSES);
    }
}
