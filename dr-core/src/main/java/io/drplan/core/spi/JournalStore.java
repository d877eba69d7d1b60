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
}
