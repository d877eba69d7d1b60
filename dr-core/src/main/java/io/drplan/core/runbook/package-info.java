/**
 * The runbook's people-facing parts as values: the {@link io.drplan.core.runbook.TestingSchedule
 * testing schedule}, the {@link io.drplan.core.runbook.DrillChecklist checklist for a DR drill} and
 * the {@link io.drplan.core.runbook.PostIncidentActions post-incident procedures}, each filled in
 * from an {@link io.drplan.core.ExecutionReport} where the report can tell.
 *
 * <pre>{@code
 * ExecutionReport drill = engine.drill(plan);
 * DrillChecklist checklist = DrillChecklist.evaluate(drill);
 * Optional<TestKind> kind = TestKind.evidencedBy(drill);          // FULL_DR_DRILL for Procedure 3
 * List<TestStatus> due = TestingSchedule.runbook().dueAt(now, TestingSchedule.lastRuns(reports));
 * PostIncidentActions actions = PostIncidentActions.of(incidentReport);
 * }</pre>
 */
package io.drplan.core.runbook;
