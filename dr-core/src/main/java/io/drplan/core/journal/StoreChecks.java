package io.drplan.core.journal;

import java.util.regex.Pattern;

/** The rules every journal store of dr-core applies, with the same messages as the S3 and ConfigMap stores. */
final class StoreChecks {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private StoreChecks() { }

    static boolean isExecutionId(String executionId) {
        return executionId != null && ID.matcher(executionId).matches();
    }

    static String executionId(String executionId) {
        if (executionId == null || !ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("execution id '" + executionId + "' is not valid; use 1 to 128 letters,"
                    + " digits, '.', '_' and '-', starting with a letter or digit");
        }
        return executionId;
    }

    static String line(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break");
        }
        return line;
    }
}
