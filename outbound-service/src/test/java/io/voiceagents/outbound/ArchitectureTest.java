package io.voiceagents.outbound;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependency rules of the service layout (DESIGN.md): a pure domain, edges nobody inside depends on. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.voiceagents.outbound");

    @Test
    void domainIsFreeOfFrameworks() {
        noClasses().that().resideInAPackage("..outbound.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "javax..", "io.quarkus..", "io.smallrye..", "org.hibernate..", "io.grpc..",
                        "io.vertx..", "com.fasterxml..", "org.eclipse.microprofile..", "org.flywaydb..")
                .check(CLASSES);
    }

    @Test
    void domainDependsOnNoOuterLayer() {
        noClasses().that().resideInAPackage("..outbound.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "..outbound.application..", "..outbound.api..", "..outbound.infra..", "..outbound.config..")
                .check(CLASSES);
    }

    @Test
    void innerLayersDoNotUseTheEdges() {
        noClasses().that().resideInAnyPackage("..outbound.domain..", "..outbound.application..")
                .should().dependOnClassesThat().resideInAPackage("..outbound.api..")
                .check(CLASSES);
    }
}
