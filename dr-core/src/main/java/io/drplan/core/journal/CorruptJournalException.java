package io.drplan.core.journal;

import io.drplan.core.DrException;

/**
 * A journal that resume refuses: not valid JSON, over a size or nesting limit, of an unknown format
 * version, edited, missing lines, of another plan or execution, or telling a history the engine
 * could not have written. The message names the execution, the line and what is wrong; nothing was
 * resumed and the journal was not changed.
 */
public class CorruptJournalException extends DrException {
    private static final long serialVersionUID = 1L;
    private final String executionId;
    private final int line;

    public CorruptJournalException(String executionId, int line, String message) {
        super(message);
        this.executionId = executionId;
        this.line = line;
    }

    /** The execution whose journal was refused. */
    public String executionId() {
        return executionId;
    }

    /** The line that was refused, counted from 1. */
    public int line() {
        return line;
    }
}
