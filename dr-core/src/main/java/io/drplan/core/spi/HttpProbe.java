package io.drplan.core.spi;

import java.net.URI;
import java.time.Duration;

/** Calls an HTTP endpoint to check an application's health (the runbook's {@code curl -f .../health}). */
public interface HttpProbe {

    /**
     * Sends a GET. Throws {@link ProviderException} ({@link ProviderException.Reason#UNAVAILABLE})
     * when the endpoint cannot be reached within {@code timeout}.
     */
    HttpResult get(URI uri, Duration timeout);

    /** The status code and up to the first 512 characters of the body. */
    record HttpResult(int status, String bodyStart) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }
}
