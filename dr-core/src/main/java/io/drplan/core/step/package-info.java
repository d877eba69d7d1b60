/**
 * The kinds of step a plan can hold, chosen through {@link io.drplan.core.step.StepSpec} inside
 * {@code step(id, s -> s...)}, each named after the runbook operation it automates, and the
 * {@link io.drplan.core.step.StepAction} / {@link io.drplan.core.step.StepContext} contract for custom steps.
 */
package io.drplan.core.step;
