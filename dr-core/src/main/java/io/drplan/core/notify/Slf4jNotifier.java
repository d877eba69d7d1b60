package io.drplan.core.notify;

import io.drplan.core.spi.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes notifications to the log ({@code io.drplan.notifications}): INFO, and WARN for warnings
 * and critical ones, since someone must act on those.
 */
public final class Slf4jNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger("io.drplan.notifications");

    /** A notifier to the {@code io.drplan.notifications} logger. */
    public Slf4jNotifier() { }

    @Override
    public void notify(Notification n) {
        if (n.severity() == Severity.INFO) {
            log.info("[{}] to {}: {} - {}", n.planName(), n.role(), n.title(), n.text());
        } else {
            log.warn("[{}] {} to {}: {} - {}", n.planName(), n.severity(), n.role(), n.title(), n.text());
        }
    }

    @Override
    public String toString() {
        return "Slf4jNotifier";
    }
}
