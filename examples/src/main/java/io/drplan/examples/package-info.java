/** The runbook as drplan code: its procedures as plans, the drill, the benchmarks, the AWS example. */
package io.drplan.examples;
