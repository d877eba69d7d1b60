/**
 * drplan's testkit: fakes of every SPI (FakeCloud), virtual time, fault injection, AssertJ
 * assertions and a JUnit 5 extension.
 */
module io.drplan.testkit {
    requires transitive io.drplan.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires com.fasterxml.jackson.core;

    exports io.drplan.testkit;
    exports io.drplan.testkit.contract;
    exports io.drplan.testkit.fake;
}
