/**
 * The fakes behind {@link io.drplan.testkit.FakeCloud}, one per provider SPI, plus fakes of the
 * approver, notifier, journal store and execution lock. Each fake has three kinds of methods:
 * <ul>
 * <li><b>seeding</b> ({@code add*}, {@code set*}, {@code onApply}, {@code route}): build the state a
 *     test starts from; no call is recorded and no fault applies;</li>
 * <li><b>inspection</b> ({@code instance}, {@code records}, {@code rollout}, {@code secretValue}, ...):
 *     read the state as it is now, also without a recorded call;</li>
 * <li><b>the SPI</b>: every call goes through the cloud's gate (region up, injected faults, injected
 *     latency), is recorded in {@link io.drplan.testkit.FakeCloud#calls()}, and starts state
 *     transitions that complete on the {@link io.drplan.testkit.VirtualScheduler} after the
 *     durations of {@link io.drplan.testkit.FakeCloud.Timings}.</li>
 * </ul>
 * Operations are named like IAM actions ({@code rds:RestoreDBInstanceFromDBSnapshot},
 * {@code k8s:patch deployments}) and endpoints like {@code rds/us-west-2}, {@code route53/global},
 * {@code k8s/dr-cluster}, {@code terraform/infrastructure/terraform}, {@code http/api.vibe.dev}, the
 * same strings the engine uses for its previews and circuit breakers.
 */
package io.drplan.testkit.fake;
