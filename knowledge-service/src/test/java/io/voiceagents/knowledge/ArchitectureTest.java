package io.voiceagents.knowledge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependency rules of the service layout (DESIGN.md): a pure domain, edges nobody inside depends on. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.voiceagents.knowledge");

    @Test
    void domainIsFreeOfFrameworks() {
        noClasses().that().resideInAPackage("..knowledge.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "javax..", "io.quarkus..", "io.smallrye..", "org.hibernate..", "io.grpc..",
                        "io.vertx..", "com.fasterxml..", "org.eclipse.microprofile..", "org.flywaydb..")
                .check(CLASSES);
    }

    @Test
    void domainDependsOnNoOuterLayer() {
        noClasses().that().resideInAPackage("..knowledge.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "..knowledge.application..", "..knowledge.api..", "..knowledge.infra..", "..knowledge.config..")
                .check(CLASSES);
    }

    @Test
    void innerLayersDoNotUseTheEdges() {
        noClasses().that().resideInAnyPackage("..knowledge.domain..", "..knowledge.application..")
                .should().dependOnClassesThat().resideInAPackage("..knowledge.api..")
                .check(CLASSES);
    }
}
