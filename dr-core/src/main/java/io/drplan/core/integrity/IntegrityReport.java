package io.drplan.core.integrity;

import io.drplan.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an integrity check found: the differences between the restored database and the reference,
 * and the <b>measured</b> data loss: how much newer the reference's watermark is than the restored
 * copy's (the largest over the tables with a watermark), with the rows written meanwhile.
 *
 * @param findings     differences in the data both sides should hold (none: the copy is intact)
 * @param tables       per table: the restored and the reference watermark, rows lost
 * @param measuredLoss the reference's newest watermark minus the restored one, if any table has a watermark
 * @param rowsLost     rows in the reference newer than the restored watermark (summed over tables)
 */
public record IntegrityReport(List<Finding> findings, List<TableResult> tables, Duration measuredLoss, long rowsLost) {
    public IntegrityReport {
        findings = List.copyOf(findings);
        tables = List.copyOf(tables);
    }

    /** Whether the restored copy holds exactly what the reference held up to the restored watermark. */
    public boolean intact() {
        return findings.isEmpty();
    }

    /** The measured data loss, when any table has a watermark. */
    public Optional<Duration> loss() {
        return Optional.ofNullable(measuredLoss);
    }

    /**
     * Journal-safe outputs for a step: {@code intact} (Boolean), {@code findings} (one line each),
     * {@code rowsLost} (Long) and, when measured, {@code measuredLoss} (Duration).
     */
    public Map<String, Object> toOutputs() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("intact", intact());
        out.put("findings", findings.stream().map(Finding::toString).toList());
        out.put("rowsLost", rowsLost);
        if (measuredLoss != null) {
            out.put("measuredLoss", measuredLoss);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(intact() ? "intact" : findings.size() + " finding(s)");
        if (measuredLoss != null) {
            sb.append(", measured data loss ").append(Durations.format(measuredLoss)).append(" (").append(rowsLost)
                    .append(" rows)");
        }
        findings.forEach(f -> sb.append("\n  - ").append(f));
        return sb.toString();
    }

    /**
     * One table's watermarks.
     *
     * @param table              the table
     * @param restoredRows       the restored copy's rows
     * @param restoredWatermark  the restored copy's newest watermark (null without one)
     * @param referenceWatermark the reference's newest watermark (null without one)
     * @param rowsLost           reference rows newer than the restored watermark
     */
    public record TableResult(String table, long restoredRows, Instant restoredWatermark, Instant referenceWatermark,
                              long rowsLost) { }
}
