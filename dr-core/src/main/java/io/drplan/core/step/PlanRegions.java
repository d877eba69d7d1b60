package io.drplan.core.step;

/** The regions of the plan a step belongs to, for step defaults. */
record PlanRegions(String source, String target) { }
