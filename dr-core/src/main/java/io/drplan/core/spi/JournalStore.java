package io.drplan.core.spi;

import java.util.List;

/**
 * Where an execution's journal lives: an append-only sequence of JSON lines, one per transition.
 * The default store writes files; a store in another region or cluster (S3, a ConfigMap) lets a
 * process elsewhere resume an execution whose host died with the region.
 */
public interface JournalStore {

    /**
     * Appends one line (a JSON object without line breaks) to the journal of {@code executionId}.
     * Returns only once the line is durable: the action it records proceeds after this call.
     */
    void append(String executionId, String line);

    /** Every line of the journal of {@code executionId}, in order; empty when there is none. */
    List<String> read(String executionId);

    /**
     * The ids of every execution with a journal in this store (for listing them, e.g. in JShell, and
     * choosing one to resume), in no particular order.
     *
     * @throws UnsupportedOperationException when the store cannot enumerate its journals (the
     *                                       default); look the id up in the execution's report or log
     */
    default List<String> executionIds() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list its executions; find the"
                + " execution id in the report, the log or the notification of the run, and read it with read(id)");
    }
}
