/**
 * drplan: disaster-recovery plans as typed, testable Java code. Start with
 * {@link io.drplan.core.DrPlan#region(String)} to declare a plan and {@link io.drplan.core.DrEngine} to
 * preview, execute, drill or resume it; the result is an {@link io.drplan.core.ExecutionReport}.
 */
package io.drplan.core;
