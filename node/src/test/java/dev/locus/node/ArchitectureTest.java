package dev.locus.node;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house's plan, as {@code ../shared/design.md} draws it. Modules: {@code node → registrar → dmq},
 * {@code node → uacreg}, {@code node → migrations}. A module's API is its top package ({@code dev.locus.registrar}:
 * a few interfaces and records, and one door class that builds the rest); its inner packages
 * ({@code dev.locus.registrar.location}, ...) are its own business. Only {@code node/rpc} knows Kamailio's RPC
 * dialect.
 */
class ArchitectureTest {

    private static final List<String> MODULES = List.of("dmq", "registrar", "uacreg", "migrations");
    /** Each module's door: the one class of its top package that builds its inner packages. */
    private static final List<String> DOORS = List.of("dev.locus.dmq.Dmq", "dev.locus.registrar.Registrar",
            "dev.locus.uacreg.Uacreg");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.locus");

    /** Rules over classes that were never imported would pass for nothing. */
    @Test
    void everyModulesClassesAreImported() {
        for (String module : List.of("dmq", "registrar", "uacreg", "migrations", "node")) {
            assertThat(MAIN.containPackage("dev.locus." + module)).as(module).isTrue();
        }
    }

    @Test
    void noModuleDependsOnTheNode() {
        noClasses().that().resideOutsideOfPackage("dev.locus.node..")
                .should().dependOnClassesThat().resideInAPackage("dev.locus.node..").check(MAIN);
    }

    @Test
    void modulesDependOnEachOtherOnlyAsTheDesignDraws() {
        allowedModules("dmq").check(MAIN);
        allowedModules("registrar", "dmq").check(MAIN);
        allowedModules("uacreg").check(MAIN);
        allowedModules("migrations").check(MAIN);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInnerPackages() {
        for (String module : MODULES) {
            noClasses().that().resideOutsideOfPackage("dev.locus." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.locus." + module + ".*..")
                    .because("the " + module + " module is used through its top package only")
                    .check(MAIN);
        }
    }

    @Test
    void aModulesApiDoesNotDependOnItsInsideExceptThroughItsDoor() {
        for (String module : MODULES) {
            noClasses().that().resideInAPackage("dev.locus." + module)
                    .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(doors())))
                    .should().dependOnClassesThat().resideInAPackage("dev.locus." + module + ".*..")
                    .because("records and interfaces of the API stand alone; only the door builds the inside")
                    .check(MAIN);
        }
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.locus.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void packagesInsideAModuleHaveNoCycles() {
        slices().matching("dev.locus.(*).(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theNodesPackagesDoNotReachBackIntoItsAssembly() {
        noClasses().that().resideInAPackage("dev.locus.node.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.locus.node")
                .because("the node's top package assembles its inner packages, never the reverse")
                .check(MAIN);
    }

    @Test
    void onlyTheRpcAndTheCliSpeakJsonRpc() {
        noClasses().that().resideOutsideOfPackages("dev.locus.node.rpc..", "dev.locus.node.cli..",
                        // dmq_usrloc's payload is JSON on the DMQ wire, not the RPC dialect.
                        "dev.locus.registrar.replication..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(MAIN);
    }

    @Test
    void onlyTheRpcServerKnowsJetty() {
        noClasses().that().resideOutsideOfPackage("dev.locus.node.rpc..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .because("the HTTP server is an implementation detail of the JSON-RPC endpoint")
                .check(MAIN);
    }

    @Test
    void modulesReportErrorsInTheirOwnWordsNotInKamailioCodes() {
        classes().that().areAssignableTo(Throwable.class).and().resideOutsideOfPackage("dev.locus.node.rpc..")
                .should(carryNoStatusCode())
                .because("node/rpc maps a module's reasons to Kamailio's codes and messages")
                .check(MAIN);
    }

    private static ArchRule allowedModules(String module, String... uses) {
        List<String> forbidden = new java.util.ArrayList<>();
        MODULES.stream().filter(m -> !m.equals(module) && !List.of(uses).contains(m)).forEach(forbidden::add);
        return noClasses().that().resideInAPackage("dev.locus." + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.stream()
                        .map(m -> "dev.locus." + m + "..").toArray(String[]::new));
    }

    private static Class<?>[] doors() {
        return DOORS.stream().map(name -> {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("door class missing: " + name, e);
            }
        }).toArray(Class<?>[]::new);
    }

    private static ArchCondition<JavaClass> carryNoStatusCode() {
        return new ArchCondition<>("carry no numeric status code") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                item.getFields().stream().filter(f -> f.getName().equals("code") || f.getName().equals("status"))
                        .forEach(f -> events.add(SimpleConditionEvent.violated(item,
                                item.getName() + " carries a status code (" + f.getName() + ")")));
            }
        };
    }
}
