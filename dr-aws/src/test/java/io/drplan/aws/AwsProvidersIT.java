package io.drplan.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.drplan.core.spi.Operations;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.spi.Providers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eks.EksClient;

@ExtendWith(MotoServerExtension.class)
class AwsProvidersIT {
    private static final Region WEST = Region.of("us-west-2");

    @Test
    void callerIdentity_motoCredentials_returnsMotoAccount(MotoServer moto) {
        CallerIdentity identity = moto.providers().callerIdentity(WEST);

        assertThat(identity.account()).isEqualTo("123456789012");
        assertThat(identity.arn()).startsWith("arn:aws:");
    }

    @Test
    void findEksCluster_existing_isActive(MotoServer moto) {
        moto.sdk(EksClient.builder(), "us-west-2").createCluster(r -> r.name("dr-cluster")
                .roleArn("arn:aws:iam::123456789012:role/eks-dr").resourcesVpcConfig(v -> v.subnetIds("subnet-1")));

        EksCluster cluster = moto.providers().findEksCluster(WEST, "dr-cluster").orElseThrow();

        assertThat(cluster.name()).isEqualTo("dr-cluster");
        assertThat(cluster.region()).isEqualTo(WEST);
        assertThat(cluster.status()).isEqualTo("ACTIVE");
        assertThat(cluster.isActive()).isTrue();
    }

    @Test
    void findEksCluster_missing_isEmpty(MotoServer moto) {
        assertThat(moto.providers().findEksCluster(WEST, "no-such-cluster")).isEmpty();
    }

    @Test
    void register_builder_addsEveryProviderAndTheIamCatalog(MotoServer moto) {
        AwsProviders aws = moto.providers();

        Providers providers = aws.register(Providers.builder()).build();

        assertThat(providers.databases()).isSameAs(aws.databases());
        assertThat(providers.caches()).isSameAs(aws.caches());
        assertThat(providers.objectStorage()).isSameAs(aws.objectStorage());
        assertThat(providers.dns()).isSameAs(aws.dns());
        assertThat(providers.loadBalancers()).isSameAs(aws.loadBalancers());
        assertThat(providers.registries()).isSameAs(aws.registries());
        assertThat(providers.regionHealth()).isSameAs(aws.regionHealth());
        assertThat(providers.permissionsFor(Operations.RDS_RESTORE)).containsExactly(
                "rds:RestoreDBInstanceFromDBSnapshot", "rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey");
    }

    @Test
    void seedRunbook_everyResource_isVisibleThroughTheProviders(MotoServer moto) {
        MotoFixtures.RunbookResources seeded = MotoFixtures.seedRunbook(moto);
        AwsProviders aws = moto.providers();

        assertThat(aws.regionHealth().probe(Region.of("us-east-1")).healthy()).isTrue();
        assertThat(aws.databases().findInstance(Region.of("us-east-1"), seeded.primaryDb())).isPresent();
        assertThat(aws.databases().latestAvailableSnapshot(WEST, seeded.primaryDb(),
                io.drplan.core.spi.DatabaseProvider.SnapshotType.ANY).orElseThrow().id()).isEqualTo(seeded.drSnapshotId());
        assertThat(aws.dns().listFailoverRecords(seeded.hostedZoneId(), MotoFixtures.API_NAME)).hasSize(2);
        assertThat(aws.loadBalancers().describeTargetHealth(WEST, seeded.drTargetGroupArn())).hasSize(3);
        assertThat(aws.caches().findReplicationGroup(Region.of("us-east-1"), seeded.redisGroup())).isPresent();
        assertThat(aws.objectStorage().describeProtection(Region.of("us-east-1"), seeded.filesBucket())
                .versioningEnabled()).isTrue();
        assertThat(aws.registries().imageExists(WEST, "vibe-frontend", MotoFixtures.IMAGE_TAG)).isTrue();
        assertThat(aws.findEksCluster(WEST, seeded.drCluster())).isPresent();
    }
}
