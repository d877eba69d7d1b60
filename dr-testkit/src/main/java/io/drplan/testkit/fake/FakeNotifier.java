package io.drplan.testkit.fake;

import io.drplan.core.spi.Notifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A notifier that keeps every notification, for assertions.
 *
 * <pre>{@code
 * assertThat(cloud.notifier().notifications()).extracting(Notification::severity).contains(Severity.CRITICAL);
 * }</pre>
 */
public final class FakeNotifier implements Notifier {
    private final List<Notification> notifications = new ArrayList<>();

    FakeNotifier() { }

    @Override
    public void notify(Notification notification) {
        notifications.add(notification);
    }

    /** Every notification sent, in order. */
    public List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    @Override
    public String toString() {
        return "FakeNotifier[" + notifications.size() + " notifications]";
    }
}
