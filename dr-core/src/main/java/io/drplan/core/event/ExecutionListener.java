package io.drplan.core.event;

/**
 * Receives every event of an execution as it happens, on the engine's threads: return quickly
 * and do not throw (an exception is logged and ignored).
 */
@FunctionalInterface
public interface ExecutionListener {
    void onEvent(ExecutionEvent event);
}
