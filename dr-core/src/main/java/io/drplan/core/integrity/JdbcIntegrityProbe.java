package io.drplan.core.integrity;

import io.drplan.core.spi.IntegrityProbe;

/**
 * The real {@link IntegrityProbe}: runs the {@link IntegrityCheck} over JDBC with the driver on the
 * host's classpath.
 *
 * <pre>{@code
 * Providers.builder().integrity(JdbcIntegrityProbe.create())
 * }</pre>
 */
public final class JdbcIntegrityProbe implements IntegrityProbe {
    private JdbcIntegrityProbe() { }

    public static JdbcIntegrityProbe create() {
        return new JdbcIntegrityProbe();
    }

    @Override
    public IntegrityReport compare(IntegrityCheck check, Database restored, Database reference) {
        return check.compare(restored, reference);
    }

    @Override
    public IntegrityReport compare(IntegrityCheck check, Database restored, Baseline baseline) {
        return check.compare(restored, baseline);
    }

    @Override
    public String toString() {
        return "JdbcIntegrityProbe";
    }
}
