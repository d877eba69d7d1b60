/** Example plans and a host service that runs them; a host module uses only drplan's API. */
module io.drplan.examples {
    requires io.drplan.core;
    requires io.drplan.testkit;
    requires io.drplan.aws;
    requires io.drplan.aws.testing;
    requires io.drplan.k8s;
    requires io.drplan.terraform;

    exports io.drplan.examples;
    exports io.drplan.examples.host;
    exports io.drplan.examples.shell;
    exports io.drplan.examples.bench;
}
