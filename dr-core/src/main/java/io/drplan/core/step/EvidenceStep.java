package io.drplan.core.step;

import static io.drplan.core.spi.Operations.K8S_LIST_EVENTS;
import static io.drplan.core.spi.Operations.K8S_POD_LOGS;

import io.drplan.core.StepKind;
import io.drplan.core.spi.Operation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The runbook's post-incident "Preserve logs and metrics": writes pod logs (last N lines) and the
 * namespace's events of a cluster to a folder. Output: {@code files}.
 */
public final class EvidenceStep extends StepBuilder<EvidenceStep> {
    private final String cluster;
    private final String namespace;
    private final Path folder;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private int tail = 100;

    EvidenceStep(PlanRegions regions, String cluster, String namespace, Path folder) {
        super(regions, StepKind.PRESERVE_EVIDENCE);
        this.cluster = cluster;
        this.namespace = namespace;
        this.folder = folder;
    }

    /** Only pods with this label (e.g. {@code app.kubernetes.io/component=backend}). */
    public EvidenceStep label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Lines of log per container (100 by default). */
    public EvidenceStep tail(int lines) {
        this.tail = lines;
        return this;
    }

    @Override
    StepAction action() {
        return new Action(cluster, namespace, folder, Map.copyOf(labels), tail);
    }

    private record Action(String cluster, String namespace, Path folder, Map<String, String> labels, int tail)
            implements StepAction {
        @Override
        public String description() {
            return "Preserve logs and events of " + namespace + " on " + cluster + " in " + folder;
        }

        @Override
        public List<Operation> operations() {
            return List.of(K8S_POD_LOGS, K8S_LIST_EVENTS);
        }

        @Override
        public List<String> clusters() {
            return List.of(cluster);
        }


        @Override
        public List<String> validate() {
            List<String> p = problems();
            require("preserveEvidence cluster", cluster, "\"dr-cluster\"", p);
            require("preserveEvidence namespace", namespace, "\"vibe-production\"", p);
            if (folder == null) {
                p.add("preserveEvidence folder is missing; pass e.g. Path.of(\"incident-2026-01-01\")");
            }
            if (tail <= 0) {
                p.add("tail must be positive but was " + tail + "; use .tail(100)");
            }
            return p;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(StepContext ctx) {
            return ctx.call(K8S_POD_LOGS, Ops.k8s(cluster),
                            () -> ctx.providers().cluster(cluster).preserveEvidence(namespace, labels, tail, folder))
                    .thenApply(files -> Map.of("files", files.stream().map(Path::toString).toList()));
        }
    }
}
