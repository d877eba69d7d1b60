/**
 * Test support for drplan on AWS: {@link io.drplan.aws.testing.MotoServer} starts (or attaches to)
 * a moto_server on 127.0.0.1 and hands out clients and providers pointed at it;
 * {@link io.drplan.aws.testing.MotoFixtures} creates the runbook's resources there. Not for
 * production: it lives in its own artifact, {@code dr-aws-testing}, so that dr-aws's jar does not
 * ship it.
 */
package io.drplan.aws.testing;
