/**
 * Rehearse plans in unit tests: {@link io.drplan.testkit.FakeCloud} (every provider SPI in memory,
 * with state machines, outages and faults), {@link io.drplan.testkit.VirtualScheduler} (hours of cloud
 * time in milliseconds, deterministically), {@link io.drplan.testkit.DrAssertions} and the
 * {@link io.drplan.testkit.DrTest} JUnit 5 extension.
 */
package io.drplan.testkit;
