package dev.backprop;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.backprop.security.OpenToAll;
import dev.backprop.security.RequiresRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The layout's rules, read from the compiled classes (so an inline fully qualified name counts like
 * an import): the engine is plain Java; features meet only through each other's public services and
 * the values those exchange; controllers go through services; nothing cycles.
 */
class ArchitectureTests {

    private static final List<String> FEATURES = List.of("dataset", "training", "model", "prediction", "security");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.backprop");

    @Test
    void theEngineDependsOnlyOnTheJdkAndTheVectorApi() {
        classes().that().resideInAPackage("dev.backprop.engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "jdk.incubator.vector..", "dev.backprop.engine..")
                .check(CLASSES);
    }

    @Test
    void featuresAndTheSystemPackageFormNoCycles() {
        slices().matching("dev.backprop.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void servicesGiveDomainValuesAndControllersShapeHttp() {
        noMethods().that().areDeclaredInClassesThat().areAnnotatedWith(Service.class)
                .should().haveRawReturnType(ResponseEntity.class)
                .check(CLASSES);
    }

    @Test
    void theSystemPackageKnowsNoFeature() {
        noClasses().that().resideInAPackage("dev.backprop.system..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        FEATURES.stream().map(f -> "dev.backprop." + f + "..").toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void featuresReachEachOtherOnlyThroughPublicServicesAndTheirValues() {
        for (String feature : FEATURES) {
            String own = "dev.backprop." + feature + "..";
            classes().that().resideInAPackage(own)
                    .should(onlyReachOtherFeaturesThrough(own, publicServiceOrValue()))
                    .check(CLASSES);
        }
    }

    @Test
    void controllersArePackagePrivateAndUseNoRepository() {
        classes().that().areAnnotatedWith(RestController.class)
                .should().notBePublic()
                .andShould().onlyDependOnClassesThat(not(assignableTo(Repository.class)))
                .check(CLASSES);
    }

    @Test
    void everyHandlerOfTheServiceDeclaresWhoMayCallIt() {
        methods().that().areAnnotatedWith(RequestMapping.class)
                .or().areMetaAnnotatedWith(RequestMapping.class)
                .and().areDeclaredInClassesThat().areNotAssignableTo(ErrorController.class)
                .should(new ArchCondition<>("declare @RequiresRole or @OpenToAll, or sit in a class that declares"
                        + " @RequiresRole") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        if (!method.isAnnotatedWith(RequiresRole.class) && !method.isAnnotatedWith(OpenToAll.class)
                                && !method.getOwner().isAnnotatedWith(RequiresRole.class)) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName() + " declares no role"));
                        }
                    }
                })
                .check(CLASSES);
    }

    /** A {@code @Service}, or a record, enum, annotation or exception it takes or gives. */
    private static DescribedPredicate<JavaClass> publicServiceOrValue() {
        return DescribedPredicate.describe("a public @Service, or a record, enum, annotation or exception",
                c -> c.getModifiers().contains(JavaModifier.PUBLIC)
                        && (c.isAnnotatedWith(Service.class) || c.isRecord() || c.isEnum() || c.isAnnotation()
                                || c.isAssignableTo(RuntimeException.class)));
    }

    private static ArchCondition<JavaClass> onlyReachOtherFeaturesThrough(String own,
            DescribedPredicate<JavaClass> allowed) {
        DescribedPredicate<JavaClass> otherFeature = DescribedPredicate.describe("another feature",
                c -> !resideInAPackage(own).test(c) && FEATURES.stream()
                        .anyMatch(f -> resideInAPackage("dev.backprop." + f + "..").test(c)));
        return new ArchCondition<>("reach other features only through " + allowed.getDescription()) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    if (otherFeature.test(target) && !allowed.test(target)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }
}
