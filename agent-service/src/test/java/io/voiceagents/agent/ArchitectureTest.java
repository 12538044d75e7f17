package io.voiceagents.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The dependency rules of DESIGN.md: a framework-free domain, and edges nobody inside depends on.
 * Plain JUnit tests rather than ArchUnit's own engine: under Quarkus' test class loading that engine
 * discovers no rules, and a rule that never runs cannot fail.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.voiceagents.agent");
    }

    @Test
    void domainIsPlainJava() {
        noClasses().that().resideInAPackage("..agent.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax..", "io.quarkus..",
                        "io.smallrye..", "org.hibernate..", "io.grpc..", "io.vertx..", "com.fasterxml..",
                        "dev.langchain4j..", "org.apache.kafka..", "io.micrometer..")
                .because("the domain must stay unit-testable without any framework")
                .check(classes);
    }

    @Test
    void domainDependsOnNothingOutward() {
        noClasses().that().resideInAPackage("..agent.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..agent.application..", "..agent.infra..",
                        "..agent.api..", "..agent.config..", "io.voiceagents.contracts..")
                .check(classes);
    }

    @Test
    void innerLayersDoNotUseTheEdges() {
        noClasses().that().resideInAnyPackage("..agent.domain..", "..agent.application..")
                .should().dependOnClassesThat().resideInAPackage("..agent.api..")
                .check(classes);
    }

    @Test
    void useCasesDoNotKnowTheAdapters() {
        noClasses().that().resideInAnyPackage("..agent.domain..", "..agent.application..")
                .should().dependOnClassesThat().resideInAnyPackage("..agent.infra..", "..agent.config..")
                .check(classes);
    }

    @Test
    void theRulesSeeTheCode() {
        // Guards against an import that silently finds nothing (every rule above would pass vacuously).
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.voiceagents.agent.domain")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.size()).isGreaterThan(30);
    }
}
