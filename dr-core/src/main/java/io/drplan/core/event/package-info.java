/**
 * Typed events of an execution ({@code {Subject}{PastTense}Event}): what listeners receive and what
 * the journal records, one JSON line each.
 */
package io.drplan.core.event;
