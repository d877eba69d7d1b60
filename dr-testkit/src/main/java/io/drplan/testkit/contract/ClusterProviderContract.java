package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Secret;
import io.drplan.core.spi.ClusterProvider;
import io.drplan.core.spi.ClusterProvider.SecretInfo;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterProvider} must do with Secrets, as the Kubernetes API server does it: one
 * key set or removed while the others stay; some keys read in one call; a Secret created with its
 * data, labels and annotations and read back; a name that is taken refused; a Secret deleted only
 * when it carries the marks of the execution and step that ask; values in no {@code toString}.
 * Subclass it once for the fake and once for the real provider on its test bed; a difference
 * between them fails a test.
 *
 * <pre>{@code
 * class FakeClusterContractTest extends ClusterProviderContract {
 *     protected ClusterProvider cluster() { return cloud.cluster("dr-cluster"); }
 *     ...
 * }
 * }</pre>
 */
public abstract class ClusterProviderContract {
    /** The namespace the Secrets live in. */
    protected static final String NS = "vibe-production";
    /** The Secret each test starts with: DATABASE_URL and REDIS_URL. */
    protected static final String SECRET = "vibe-secrets";
    private static final String OLD_URL = "postgresql://vibe:0ld-pw@vibe-postgres-production.us-east-1:5432/vibe";
    private static final String NEW_URL = "postgresql://vibe:N3w-pw@vibe-postgres-dr.us-west-2:5432/vibe";
    private static final String REDIS = "redis://vibe-redis.us-east-1:6379";
    private static final String EXECUTION = "0f5c2a9e-1111-4222-8333-944455556666";

    /** The provider under test. */
    protected abstract ClusterProvider cluster();

    /** Writes a Secret straight to the test bed, as a person or another tool would. */
    protected abstract void putSecret(String namespace, String name, Map<String, String> data,
                                      Map<String, String> labels, Map<String, String> annotations);

    /** A key's value read straight from the test bed (not through the provider); empty when it is absent. */
    protected abstract Optional<String> storedValue(String namespace, String name, String key);

    /** Whether a Secret of that name exists on the test bed. */
    protected abstract boolean exists(String namespace, String name);

    @BeforeEach
    void seed() {
        putSecret(NS, SECRET, Map.of("DATABASE_URL", OLD_URL, "REDIS_URL", REDIS), Map.of(), Map.of());
    }

    private static Map<String, String> marks(String execution, String step) {
        return Map.of(ClusterProvider.EXECUTION_ANNOTATION, execution, ClusterProvider.STEP_ANNOTATION, step,
                ClusterProvider.CREATED_AT_ANNOTATION, "2026-11-25T22:00:00Z");
    }

    @Test
    void updateSecretKey_existingKey_setReturnsPreviousAndKeepsTheOthers() {
        Optional<Secret> previous = cluster().updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(NEW_URL));

        assertThat(previous.orElseThrow().reveal()).isEqualTo(OLD_URL);
        assertThat(storedValue(NS, SECRET, "DATABASE_URL")).contains(NEW_URL);
        assertThat(storedValue(NS, SECRET, "REDIS_URL")).contains(REDIS);
    }

    @Test
    void updateSecretKey_newKey_emptyPrevious() {
        Optional<Secret> previous = cluster().updateSecretKey(NS, SECRET, "FEATURE_FLAGS", Secret.of("dr=true"));

        assertThat(previous).isEmpty();
        assertThat(storedValue(NS, SECRET, "FEATURE_FLAGS")).contains("dr=true");
    }

    @Test
    void updateSecretKey_missingSecret_notFound() {
        assertThatThrownBy(() -> cluster().updateSecretKey(NS, "no-such-secret", "K", Secret.of("v")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND));
    }

    @Test
    void removeSecretKey_removesThatKeyOnly_andAnAbsentKeyIsNoError() {
        cluster().removeSecretKey(NS, SECRET, "REDIS_URL");
        cluster().removeSecretKey(NS, SECRET, "NEVER_THERE");

        assertThat(storedValue(NS, SECRET, "REDIS_URL")).isEmpty();
        assertThat(storedValue(NS, SECRET, "DATABASE_URL")).contains(OLD_URL);
    }

    @Test
    void readSecretKeys_someKeys_theValuesOfThoseItHolds() {
        Map<String, Secret> values = cluster().readSecretKeys(NS, SECRET, List.of("DATABASE_URL", "ABSENT"));

        assertThat(values).containsOnlyKeys("DATABASE_URL");
        assertThat(values.get("DATABASE_URL").reveal()).isEqualTo(OLD_URL);
    }

    @Test
    void readSecretKeys_missingSecret_notFound() {
        assertThatThrownBy(() -> cluster().readSecretKeys(NS, "no-such-secret", List.of("K")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND));
    }

    @Test
    void createSecret_dataLabelsAndAnnotations_readBack() {
        cluster().createSecret(NS, "vibe-secrets-drplan-prev-0f5c2a9e-update-config",
                Map.of("DATABASE_URL", Secret.of(OLD_URL)), Map.of(ClusterProvider.MANAGED_LABEL, "true"),
                marks(EXECUTION, "update-config"));

        SecretInfo info = cluster().secretInfo(NS, "vibe-secrets-drplan-prev-0f5c2a9e-update-config").orElseThrow();
        assertThat(info.name()).isEqualTo("vibe-secrets-drplan-prev-0f5c2a9e-update-config");
        assertThat(info.namespace()).isEqualTo(NS);
        assertThat(info.keys()).containsExactly("DATABASE_URL");
        assertThat(info.labels()).containsEntry(ClusterProvider.MANAGED_LABEL, "true");
        assertThat(info.annotations()).containsAllEntriesOf(marks(EXECUTION, "update-config"));
        assertThat(info.createdBy(EXECUTION, "update-config")).isTrue();
        assertThat(cluster().readSecretKeys(NS, "vibe-secrets-drplan-prev-0f5c2a9e-update-config",
                List.of("DATABASE_URL")).get("DATABASE_URL").reveal()).isEqualTo(OLD_URL);
        assertThat(storedValue(NS, "vibe-secrets-drplan-prev-0f5c2a9e-update-config", "DATABASE_URL")).contains(OLD_URL);
    }

    @Test
    void createSecret_nameTaken_conflictAndTheExistingOneKept() {
        assertThatThrownBy(() -> cluster().createSecret(NS, SECRET, Map.of("DATABASE_URL", Secret.of(NEW_URL)),
                Map.of(), Map.of()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT));
        assertThat(storedValue(NS, SECRET, "DATABASE_URL")).contains(OLD_URL);
    }

    @Test
    void secretInfo_missing_empty() {
        assertThat(cluster().secretInfo(NS, "no-such-secret")).isEmpty();
    }

    @Test
    void deleteOwnedSecret_marksOfThatStep_deletedThenGone() {
        putSecret(NS, "backup", Map.of("DATABASE_URL", OLD_URL), Map.of(ClusterProvider.MANAGED_LABEL, "true"),
                marks(EXECUTION, "update-config"));

        assertThat(cluster().deleteOwnedSecret(NS, "backup", EXECUTION, "update-config")).isTrue();

        assertThat(exists(NS, "backup")).isFalse();
        assertThat(cluster().deleteOwnedSecret(NS, "backup", EXECUTION, "update-config")).isFalse();
    }

    @Test
    void deleteOwnedSecret_anotherExecutionsOrAnotherStepsOrNoMarks_refusedAndKept() {
        putSecret(NS, "theirs", Map.of("DATABASE_URL", OLD_URL), Map.of(ClusterProvider.MANAGED_LABEL, "true"),
                marks("another-execution", "update-config"));
        putSecret(NS, "other-step", Map.of("DATABASE_URL", OLD_URL), Map.of(), marks(EXECUTION, "other-step"));

        for (String name : List.of("theirs", "other-step", SECRET)) {
            assertThatThrownBy(() -> cluster().deleteOwnedSecret(NS, name, EXECUTION, "update-config"))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ProviderException.Reason.CONFLICT);
                        assertThat(e.getMessage()).contains(NS + "/" + name)
                                .contains("drplan deletes only what its execution created")
                                .doesNotContain(OLD_URL);
                    });
            assertThat(exists(NS, name)).as(name).isTrue();
        }
        assertThat(storedValue(NS, SECRET, "DATABASE_URL")).contains(OLD_URL);
    }

    @Test
    void values_inNoToString() {
        Optional<Secret> previous = cluster().updateSecretKey(NS, SECRET, "DATABASE_URL", Secret.of(NEW_URL));
        Map<String, Secret> read = cluster().readSecretKeys(NS, SECRET, List.of("DATABASE_URL", "REDIS_URL"));
        cluster().createSecret(NS, "copy", read, Map.of(), marks(EXECUTION, "s"));
        SecretInfo info = cluster().secretInfo(NS, "copy").orElseThrow();

        for (String text : List.of(previous.toString(), read.toString(), info.toString(), cluster().toString())) {
            assertThat(text).doesNotContain(OLD_URL).doesNotContain(NEW_URL).doesNotContain(REDIS)
                    .doesNotContain("0ld-pw").doesNotContain("N3w-pw");
        }
        assertThat(info.toString()).contains("DATABASE_URL").contains("REDIS_URL");
    }
}
