/**
 * The one source of time: {@link io.drplan.core.time.Scheduler}. Production uses
 * {@link io.drplan.core.time.SystemScheduler}; the testkit plugs in a discrete-event virtual clock.
 */
package io.drplan.core.time;
