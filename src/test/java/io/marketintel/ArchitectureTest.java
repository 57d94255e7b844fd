package io.marketintel;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map the README draws, held by the build: packages by responsibility without cycles, the core
 * (everything but the sources, the demo and the entry point) imports no source package, mappers and repositories
 * carry no Camel import.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.marketintel");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.marketintel.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theCoreImportsNoSource() {
        noClasses().that().resideInAnyPackage("io.marketintel.pipeline..", "io.marketintel.store..",
                "io.marketintel.config..", "io.marketintel.deadletter..", "io.marketintel.backup..",
                "io.marketintel.monitor..", "io.marketintel.http..", "io.marketintel.reload..", "io.marketintel.cli..",
                "io.marketintel.snapshot..")
            .should().dependOnClassesThat().resideInAnyPackage("io.marketintel.source..")
            .check(MAIN);
    }

    @Test
    void mappersAndRepositoriesCarryNoCamelImport() {
        noClasses().that().haveSimpleNameEndingWith("Mapper").or().haveSimpleNameEndingWith("Repository")
            .or().haveSimpleNameEndingWith("Parser")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..")
            .check(MAIN);
    }
}
