package io.drplan.core;

/**
 * One effect of an execution on a resource, for the report's inventory: what a step created,
 * changed or deleted, the value before and after where it matters (DNS records; a secret's key
 * names, never its values), whether it was undone, and whether it remains (what a failed run left
 * behind, with the commands to inspect and remove it in {@link #resource()}).
 *
 * @param before  the value before, or {@code null}
 * @param after   the value after, or {@code null}
 * @param undone  the step that made the effect was undone
 */
public record InventoryEntry(String stepId, Effect effect, Resource resource, String before, String after,
                             boolean undone) {

    /** What a step did to a resource. */
    public enum Effect { CREATED, CHANGED, DELETED }

    /** The resource is still there after the execution, made by it: someone may have to remove it. */
    public boolean remains() {
        return effect == Effect.CREATED && !undone;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(effect.name().toLowerCase()).append(' ').append(resource)
                .append(" by ").append(stepId);
        if (before != null || after != null) {
            b.append(": ").append(before == null ? "(none)" : before).append(" -> ")
                    .append(after == null ? "(none)" : after);
        }
        if (undone) {
            b.append(" [undone]");
        }
        return b.toString();
    }
}
