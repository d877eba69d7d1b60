package io.drplan.core.internal;

import io.drplan.core.DrException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How the engine names an error in its reports, journal and logs. */
final class Failures {
    private Failures() { }

    /** The cause a future wrapped. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A drplan error by its message, any other by its type and message; secrets redacted. */
    static String describe(Throwable t, Redactor redactor) {
        String m = t.getMessage();
        String what = t instanceof DrException ? m : t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return redactor.redact(what);
    }
}
