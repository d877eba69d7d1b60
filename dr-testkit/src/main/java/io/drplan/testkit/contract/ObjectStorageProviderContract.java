package io.drplan.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drplan.core.Region;
import io.drplan.core.spi.ObjectStorageProvider;
import io.drplan.core.spi.ObjectStorageProvider.BucketProtection;
import io.drplan.core.spi.ObjectStorageProvider.LifecycleRule;
import io.drplan.core.spi.ObjectStorageProvider.ReplicationRule;
import io.drplan.core.spi.ObjectStorageProvider.Transition;
import io.drplan.core.spi.ProviderException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStorageProvider} does, run against the fake (dr-testkit) and against S3
 * on moto_server (dr-aws), so that a difference between them fails a test. A subclass supplies the
 * provider and creates buckets with the service's own API; the contract checks what
 * {@link ObjectStorageProvider#describeProtection} reads back, including the region it resolves for
 * each replication destination (S3's {@code GetBucketLocation}). Replication rules here replicate
 * every object: moto 5.2.1 answers every rule's {@code Filter} as {@code Prefix ""}, so filtered
 * replication rules are tested in dr-aws on WireMock.
 *
 * <pre>{@code
 * class FakeObjectStorageContractTest extends ObjectStorageProviderContract {
 *     private final FakeCloud cloud = FakeCloud.create(VirtualScheduler.create());
 *     protected ObjectStorageProvider provider() { return cloud.objectStorage(); }
 *     protected void givenBucket(Region region, BucketProtection settings) { cloud.objectStorage().addBucket(region, settings); }
 * }
 * }</pre>
 */
public abstract class ObjectStorageProviderContract {
    protected static final Region PRIMARY = Region.of("us-east-1");
    protected static final Region DR = Region.of("us-west-2");

    private static final List<Transition> RUNBOOK_TRANSITIONS =
            List.of(new Transition(30, "STANDARD_IA"), new Transition(90, "GLACIER"));

    /** The provider under test. */
    protected abstract ObjectStorageProvider provider();

    /**
     * Creates {@code settings.bucket()} in {@code region} with these settings, through the service's
     * own API: versioning ({@code Disabled} means never set), the replication rules (their
     * destination region is ignored: the provider must find it), and the lifecycle rules; the
     * lifecycle rules' filters are {@code ""} or {@code prefix '<p>'}.
     */
    protected abstract void givenBucket(Region region, BucketProtection settings);

    @Test
    void describeProtection_plainBucket_isDisabledWithNoRules() {
        givenBucket(PRIMARY, new BucketProtection("contract-plain", "Disabled", List.of(), List.of()));

        assertThat(provider().describeProtection(PRIMARY, "contract-plain"))
                .isEqualTo(new BucketProtection("contract-plain", "Disabled", List.of(), List.of()));
    }

    @Test
    void describeProtection_runbookBucket_readsRulesAndResolvesTheDestinationRegion() {
        givenBucket(DR, new BucketProtection("contract-files-dr", "Enabled", List.of(), List.of()));
        LifecycleRule tiering = new LifecycleRule("tiering", "Enabled", RUNBOOK_TRANSITIONS, 365);
        givenBucket(PRIMARY, new BucketProtection("contract-files", "Enabled",
                List.of(new ReplicationRule("to-dr", "Enabled", "arn:aws:s3:::contract-files-dr")), List.of(tiering)));

        BucketProtection p = provider().describeProtection(PRIMARY, "contract-files");

        assertThat(p).isEqualTo(new BucketProtection("contract-files", "Enabled",
                List.of(new ReplicationRule("to-dr", "Enabled", "arn:aws:s3:::contract-files-dr", DR)), List.of(tiering)));
        assertThat(p.versioningEnabled()).isTrue();
    }

    @Test
    void describeProtection_disabledRulesAndOtherRegions_areReadAsTheyAre() {
        givenBucket(PRIMARY, new BucketProtection("contract-same-region", "Enabled", List.of(), List.of()));
        LifecycleRule off = new LifecycleRule("off", "Disabled", RUNBOOK_TRANSITIONS, 365);
        givenBucket(PRIMARY, new BucketProtection("contract-disabled", "Enabled",
                List.of(new ReplicationRule("paused", "Disabled", "arn:aws:s3:::contract-same-region")), List.of(off)));

        assertThat(provider().describeProtection(PRIMARY, "contract-disabled")).isEqualTo(
                new BucketProtection("contract-disabled", "Enabled", List.of(new ReplicationRule("paused", "Disabled",
                        "arn:aws:s3:::contract-same-region", PRIMARY)), List.of(off)));
    }

    @Test
    void describeProtection_destinationBucketMissing_hasNoRegion() {
        givenBucket(PRIMARY, new BucketProtection("contract-orphan", "Enabled",
                List.of(new ReplicationRule("to-nowhere", "Enabled", "arn:aws:s3:::contract-no-such-bucket")), List.of()));

        assertThat(provider().describeProtection(PRIMARY, "contract-orphan").replication())
                .containsExactly(new ReplicationRule("to-nowhere", "Enabled", "arn:aws:s3:::contract-no-such-bucket", null));
    }

    @Test
    void describeProtection_prefixRuleAndSuspendedVersioning_areReadAsTheyAre() {
        LifecycleRule logs = new LifecycleRule("logs-only", "Enabled", "prefix 'logs/'",
                List.of(new Transition(45, "GLACIER")), 0);
        givenBucket(PRIMARY, new BucketProtection("contract-suspended", "Suspended", List.of(), List.of(logs)));

        BucketProtection p = provider().describeProtection(PRIMARY, "contract-suspended");

        assertThat(p).isEqualTo(new BucketProtection("contract-suspended", "Suspended", List.of(), List.of(logs)));
        assertThat(p.versioningEnabled()).isFalse();
        assertThat(p.lifecycle().get(0).wholeBucket()).isFalse();
    }

    @Test
    void describeProtection_missingBucket_isNotFoundOnGetBucketVersioning() {
        assertThatThrownBy(() -> provider().describeProtection(PRIMARY, "contract-no-such-bucket"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.NOT_FOUND);
                    assertThat(e.operation()).isEqualTo("s3:GetBucketVersioning");
                    assertThat(e.endpoint()).isEqualTo("s3/us-east-1");
                    assertThat(e.getMessage()).contains("contract-no-such-bucket");
                });
    }
}
