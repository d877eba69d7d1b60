package io.drplan.core.spi;

import io.drplan.core.integrity.Baseline;
import io.drplan.core.integrity.Database;
import io.drplan.core.integrity.IntegrityCheck;
import io.drplan.core.integrity.IntegrityException;
import io.drplan.core.integrity.IntegrityReport;

/**
 * Compares a restored database with a reference (the runbook's "Verify data integrity"). The real
 * one is {@code io.drplan.core.integrity.JdbcIntegrityProbe} (JDBC, the host's driver); the testkit
 * has a fake. Operation {@code jdbc:compare}, endpoint {@code jdbc/<restored host>}.
 */
public interface IntegrityProbe {

    /**
     * Runs {@code check} on {@code restored} against the live {@code reference}.
     *
     * @throws IntegrityException when a side refuses the login, cannot be reached or lacks a table;
     *                            {@link IntegrityException#role()} says which side
     */
    IntegrityReport compare(IntegrityCheck check, Database restored, Database reference);

    /** Runs {@code check} on {@code restored} against a baseline recorded earlier. */
    IntegrityReport compare(IntegrityCheck check, Database restored, Baseline baseline);
}
