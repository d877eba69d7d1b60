/** moto_server support for tests of drplan on AWS: a server, and the runbook's resources on it. */
module io.drplan.aws.testing {
    requires transitive io.drplan.aws;
    requires java.net.http;

    exports io.drplan.aws.testing;
}
