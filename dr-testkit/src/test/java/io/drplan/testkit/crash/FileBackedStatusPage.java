package io.drplan.testkit.crash;

import java.util.Optional;

/**
 * A status page that keeps its announcements in the fake cloud's {@code actions.log}: posting one
 * is a non-idempotent action (posting twice tells customers twice), and it can be looked up by
 * execution id, which is how a resumed execution learns whether it already announced.
 */
final class FileBackedStatusPage {
    static final String ANNOUNCE = "announce";

    private final ActionsLog actions;

    FileBackedStatusPage(ActionsLog actions) {
        this.actions = actions;
    }

    /** Posts an announcement (one line in the actions log). */
    void announce(String executionId, String message) {
        actions.append(ANNOUNCE + " " + executionId + " " + message.replace('\n', ' '));
    }

    /** The announcement posted for {@code executionId}, if any. */
    Optional<String> announcement(String executionId) {
        String prefix = ANNOUNCE + " " + executionId + " ";
        return actions.lines().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst();
    }
}
