/**
 * Implementation of the engine, the plan graph, journals and reports. Public only because Java
 * packages cannot share otherwise; not an API: it changes without notice.
 */
package io.drplan.core.internal;
