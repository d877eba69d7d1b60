package io.drplan.k8s;

import io.drplan.core.DrException;
import io.drplan.core.spi.JournalStore;
import io.drplan.core.spi.ProviderException;
import io.drplan.k8s.internal.KubernetesErrors;
import io.drplan.k8s.internal.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JournalStore} in ConfigMaps of a Kubernetes cluster, so that a process anywhere that
 * reaches the cluster can resume an execution whose host died. Use a cluster that outlives the
 * failed region (the DR cluster), never one that fails with it.
 *
 * <pre>{@code
 * JournalStore journal = ConfigMapJournalStore.in(drClient, "drplan");
 * DrEngine engine = DrEngine.builder().providers(providers).journal(journal).build();
 * ExecutionReport report = engine.execute(plan);
 * // after a crash, in another pod:
 * engine.resume(plan, report.executionId());
 * }</pre>
 *
 * <p>One ConfigMap per execution, {@code drplan-journal-<id>}, labelled
 * {@code app.kubernetes.io/managed-by=drplan} and {@code drplan.io/execution=<id>}, with the exact id in
 * the annotation {@code drplan.io/execution-id}. Ids that are not valid DNS names are lowercased, their
 * other characters turned into {@code -}, and a short hash of the id appended, so that {@code Exec_1}
 * and {@code exec-1} never share a ConfigMap; likewise for label values longer than 63 characters.
 * Each line is a data key, {@code 000001}, {@code 000002}, ..., numbered across the whole journal.
 *
 * <p><b>Concurrency:</b> the first line creates the ConfigMap (of two creators, the API server
 * accepts one); every further line is a JSON merge patch adding the next key and carrying the
 * {@code resourceVersion} last seen, so the API server refuses (409) a patch based on a stale read
 * and no line is ever overwritten or lost. After a refusal the store reads the ConfigMap again and
 * retries at the next free key, up to 20 times in a row. If the refused write had in
 * fact landed (an answer lost on the way back and the request retried), the line is found under its
 * key and kept once. Appends from one process are serialized per execution.
 *
 * <p><b>Size:</b> a ConfigMap holds at most 1 MiB. When the next line would take the data of the
 * current ConfigMap past {@link #MAX_PART_BYTES} (900 KiB, leaving room for metadata), the journal
 * continues in {@code drplan-journal-<id>--2}, then {@code --3}, ...; {@link #read} follows the chain
 * until a part is missing. (A double dash, because a single one could be another execution's name:
 * {@code exec-1} and {@code exec}'s second part.) A line larger than one part on its own is refused
 * with an {@link IllegalArgumentException}.
 *
 * <p>Errors are {@link ProviderException}s like every dr-k8s error, with endpoint {@code k8s/<cluster>}
 * and operations {@code k8s:get configmaps}, {@code k8s:create configmaps} and
 * {@code k8s:patch configmaps} (the RBAC permissions this store needs in its namespace).
 */
public final class ConfigMapJournalStore implements JournalStore {
    /** Every journal ConfigMap's name starts with this. */
    public static final String NAME_PREFIX = "drplan-journal-";
    /** Label {@code app.kubernetes.io/managed-by}, value {@value #MANAGED_BY}. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY_LABEL}. */
    public static final String MANAGED_BY = "drplan";
    /** Label holding the execution id (sanitized when it is not a valid label value). */
    public static final String EXECUTION_LABEL = "drplan.io/execution";
    /** Annotation holding the exact execution id. */
    public static final String EXECUTION_ANNOTATION = "drplan.io/execution-id";
    /** Annotation holding the part number, 1 for the first ConfigMap of a journal. */
    public static final String PART_ANNOTATION = "drplan.io/journal-part";
    /** Bytes of keys and values one ConfigMap takes before the journal continues in the next part. */
    public static final int MAX_PART_BYTES = 900 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ConfigMapJournalStore.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern LINE_KEY = Pattern.compile("\\d{6,18}");
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    private static final int MAX_ATTEMPTS = 20;

    private final KubernetesClient client;
    private final String namespace;
    private final String cluster;
    /** Per execution: where the next line goes, once known; the object is also the append lock. */
    private final ConcurrentMap<String, Cursor> cursors = new ConcurrentHashMap<>();

    private ConfigMapJournalStore(KubernetesClient client, String namespace, String cluster) {
        this.client = client;
        this.namespace = namespace;
        this.cluster = cluster;
    }

    /**
     * A store in {@code namespace} (which must exist) of {@code client}'s cluster; errors name the
     * cluster by its API server's host and port.
     */
    public static ConfigMapJournalStore in(KubernetesClient client, String namespace) {
        Objects.requireNonNull(client, "client");
        return in(client, namespace, client.getMasterUrl().getHost() + ":" + client.getMasterUrl().getPort());
    }

    /** Like {@link #in(KubernetesClient, String)}, errors naming the cluster {@code clusterName} ({@code k8s/<name>}). */
    public static ConfigMapJournalStore in(KubernetesClient client, String namespace, String clusterName) {
        Objects.requireNonNull(client, "client");
        return new ConfigMapJournalStore(client, requireText(namespace, "namespace"),
                requireText(clusterName, "clusterName"));
    }

    /** The name of part {@code part} (1-based) of {@code executionId}'s journal. */
    public String configMapName(String executionId, int part) {
        if (part < 1) {
            throw new IllegalArgumentException("part must be at least 1 but was " + part);
        }
        String base = NAME_PREFIX + sanitized(requireId(executionId));
        return part == 1 ? base : base + "--" + part;
    }

    @Override
    public void append(String executionId, String line) {
        requireId(executionId);
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break");
        }
        int lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
        if (lineBytes + 18 > MAX_PART_BYTES) {
            throw new IllegalArgumentException("a journal line of " + lineBytes + " bytes does not fit in one"
                    + " ConfigMap (at most " + (MAX_PART_BYTES - 18) + " bytes); journal lines must be smaller");
        }
        Cursor c = cursors.computeIfAbsent(executionId, k -> new Cursor());
        synchronized (c) {
            try {
                appendLocked(c, executionId, line, lineBytes);
            } catch (RuntimeException e) {
                c.part = 0; // whatever happened, find out from the cluster next time
                throw e;
            }
        }
    }

    private void appendLocked(Cursor c, String executionId, String line, int lineBytes) {
        for (int attempt = 1; ; attempt++) {
            if (c.part == 0) {
                load(c, executionId);
            }
            String key = key(c.next);
            long entryBytes = (long) key.length() + lineBytes;
            if (c.resourceVersion != null && c.bytes + entryBytes > MAX_PART_BYTES) {
                c.part++; // full: continue in the next part
                c.resourceVersion = null;
                c.bytes = 0;
            }
            String name = configMapName(executionId, c.part);
            ConfigMap written = c.resourceVersion == null
                    ? create(name, executionId, c.part, key, line)
                    : patch(name, c.resourceVersion, key, line);
            if (written == null) {
                // someone else wrote first, or our own earlier attempt did: look before trying again
                ConfigMap now = get(name);
                if (now != null && line.equals(data(now).get(key))) {
                    c.part = 0;
                    return;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ProviderException(ProviderException.Reason.CONFLICT, KubernetesErrors.operation(
                            "patch", "configmaps"), KubernetesErrors.endpoint(cluster), null,
                            KubernetesErrors.endpoint(cluster) + ": patch configmaps " + namespace + "/" + name
                                    + " failed: " + MAX_ATTEMPTS + " attempts in a row to append to the journal of"
                                    + " execution '" + executionId + "' lost to other writers; only one process may"
                                    + " run an execution: stop the others, then resume", null);
                }
                log.debug("Journal {}/{} changed while appending line {}; reading it again", namespace, name, c.next);
                c.part = 0;
                continue;
            }
            c.resourceVersion = written.getMetadata().getResourceVersion();
            c.bytes += entryBytes;
            c.next++;
            return;
        }
    }

    @Override
    public List<String> read(String executionId) {
        requireId(executionId);
        List<Map.Entry<Long, String>> entries = new ArrayList<>();
        for (int part = 1; ; part++) {
            ConfigMap cm = get(configMapName(executionId, part));
            if (cm == null) {
                break;
            }
            checkOwner(cm, executionId);
            for (Map.Entry<String, String> e : data(cm).entrySet()) {
                if (LINE_KEY.matcher(e.getKey()).matches()) {
                    entries.add(Map.entry(Long.parseLong(e.getKey()), e.getValue()));
                }
            }
        }
        entries.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return entries.stream().map(Map.Entry::getValue).toList();
    }

    /**
     * The ids of the executions journaled in the namespace: the {@value #EXECUTION_ANNOTATION}
     * annotation of the ConfigMaps labelled {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY} (a long
     * journal's parts count once). Sorted.
     */
    @Override
    public List<String> executionIds() {
        List<ConfigMap> items = call("list", "-l " + MANAGED_BY_LABEL + "=" + MANAGED_BY, () -> client.configMaps()
                .inNamespace(namespace).withLabel(MANAGED_BY_LABEL, MANAGED_BY).list().getItems());
        return items.stream()
                .map(cm -> cm.getMetadata().getAnnotations() == null ? null
                        : cm.getMetadata().getAnnotations().get(EXECUTION_ANNOTATION))
                .filter(id -> id != null && ID.matcher(id).matches())
                .distinct().sorted().toList();
    }

    @Override
    public String toString() {
        return "ConfigMapJournalStore[" + KubernetesErrors.endpoint(cluster) + " namespace " + namespace + "]";
    }

    /** Finds the last part of the journal and the next line number; the cursor of an empty journal points at part 1. */
    private void load(Cursor c, String executionId) {
        ConfigMap last = null;
        int part = 0;
        for (ConfigMap cm; (cm = get(configMapName(executionId, part + 1))) != null; part++) {
            checkOwner(cm, executionId);
            last = cm;
        }
        if (last == null) {
            c.part = 1;
            c.resourceVersion = null;
            c.bytes = 0;
            c.next = 1;
            return;
        }
        long max = 0;
        long bytes = 0;
        for (Map.Entry<String, String> e : data(last).entrySet()) {
            bytes += e.getKey().length() + (long) e.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (LINE_KEY.matcher(e.getKey()).matches()) {
                max = Math.max(max, Long.parseLong(e.getKey()));
            }
        }
        c.part = part;
        c.resourceVersion = last.getMetadata().getResourceVersion();
        c.bytes = bytes;
        c.next = max + 1;
    }

    private void checkOwner(ConfigMap cm, String executionId) {
        Map<String, String> annotations = cm.getMetadata().getAnnotations();
        String owner = annotations == null ? null : annotations.get(EXECUTION_ANNOTATION);
        if (!executionId.equals(owner)) {
            throw new DrException("ConfigMap " + namespace + "/" + cm.getMetadata().getName() + " on "
                    + KubernetesErrors.endpoint(cluster) + " is not the journal of execution '" + executionId
                    + "' (its " + EXECUTION_ANNOTATION + " annotation is " + (owner == null ? "missing" : "'" + owner + "'")
                    + "); remove or rename it, or use another namespace for the journal");
        }
    }

    private ConfigMap get(String name) {
        return call("get", name, () -> client.configMaps().inNamespace(namespace).withName(name).get());
    }

    /** Creates the part with its first line; null when it already exists. */
    private ConfigMap create(String name, String executionId, int part, String key, String line) {
        ConfigMap fresh = new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .addToLabels(EXECUTION_LABEL, labelValue(executionId))
                .addToAnnotations(EXECUTION_ANNOTATION, executionId)
                .addToAnnotations(PART_ANNOTATION, Integer.toString(part))
                .endMetadata()
                .addToData(key, line)
                .build();
        return conflictAsNull("create", name, () -> client.configMaps().inNamespace(namespace).resource(fresh).create());
    }

    /** Adds one key, provided the ConfigMap is still at {@code resourceVersion}; null when it is not. */
    private ConfigMap patch(String name, String resourceVersion, String key, String line) {
        String patch = Serialization.asJson(Map.of(
                "metadata", Map.of("resourceVersion", resourceVersion),
                "data", Map.of(key, line)));
        return conflictAsNull("patch", name,
                () -> client.configMaps().inNamespace(namespace).withName(name).patch(MERGE, patch));
    }

    private <T> T call(String verb, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(e, cluster, verb, "configmaps", namespace + "/" + name, null);
        }
    }

    private <T> T conflictAsNull(String verb, String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return null;
            }
            throw KubernetesErrors.translate(e, cluster, verb, "configmaps", namespace + "/" + name, null);
        }
    }

    private static Map<String, String> data(ConfigMap cm) {
        return cm.getData() == null ? Map.of() : cm.getData();
    }

    private static String key(long sequence) {
        return String.format(Locale.ROOT, "%06d", sequence);
    }

    private static String requireId(String executionId) {
        if (executionId == null || !ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("execution id '" + executionId
                    + "' is not valid; use 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return executionId;
    }

    /** The id as a DNS label part: itself when it already is one, else sanitized with a hash of the id. */
    static String sanitized(String executionId) {
        if (DNS_NAME.matcher(executionId).matches()) {
            return executionId;
        }
        String s = executionId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
        return (s.isEmpty() ? "" : s + "-") + ResourceNames.shortHash(executionId);
    }

    static String labelValue(String executionId) {
        if (LABEL_VALUE.matcher(executionId).matches()) {
            return executionId;
        }
        String s = sanitized(executionId);
        if (s.length() <= 63) {
            return s;
        }
        String head = s.substring(0, 63 - ResourceNames.HASH_CHARS - 1).replaceAll("-+$", "");
        return head + "-" + ResourceNames.shortHash(executionId);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    /** Where the next line of one execution goes; guarded by its own monitor. */
    private static final class Cursor {
        /** The current part, or 0 when it must be read from the cluster. */
        int part;
        /** The current part's resourceVersion, or null when the part does not exist yet. */
        String resourceVersion;
        /** Bytes of keys and values in the current part. */
        long bytes;
        /** The next line's number. */
        long next;
    }
}
