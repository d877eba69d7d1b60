package io.drplan.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static io.drplan.aws.AwsWireMock.RDS_NS;
import static io.drplan.aws.AwsWireMock.action;
import static io.drplan.aws.AwsWireMock.queryOk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.drplan.aws.testing.MotoFixtures;
import io.drplan.aws.testing.MotoServer;
import io.drplan.core.Region;
import io.drplan.core.Secret;
import io.drplan.core.spi.DatabaseProvider;
import io.drplan.testkit.contract.DatabaseProviderContract;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * {@link DatabaseProviderContract} on {@code RdsDatabaseProvider} against moto_server, through a WireMock
 * proxy. moto 5.2.1 answers {@code StartDBInstanceAutomatedBackupsReplication} and a point-in-time restore
 * from a replicated automated backup with HTTP 500, so for those two WireMock answers itself, in the shapes
 * of the AWS RDS API reference (query protocol XML): {@code DescribeDBInstanceAutomatedBackups} in us-west-2
 * lists the replicated backup, and {@code RestoreDBInstanceToPointInTime} answers the new instance. Everything
 * else is moto's real answer.
 */
@ExtendWith(MotoServerExtension.class)
class RdsDatabaseProviderContractIT extends DatabaseProviderContract {
    @RegisterExtension
    static WireMockExtension proxy = AwsWireMock.server();

    private final MotoServer moto;
    private AwsClients clients;
    private String drSubnetGroup;

    RdsDatabaseProviderContractIT(MotoServer moto) {   // injected at construction: the contract's @BeforeEach needs it
        this.moto = moto;
    }

    @AfterEach
    void close() {
        if (clients != null) {
            clients.close();
        }
    }

    @Override
    protected World world() {
        proxy.resetAll();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        clients = AwsClients.builder().endpointOverride(URI.create(proxy.baseUrl()))
                .staticCredentials(MotoServer.ACCESS_KEY, Secret.of(MotoServer.SECRET_KEY)).build();
        DatabaseProvider provider = AwsProviders.create(clients).databases();
        return new World() {
            @Override
            public DatabaseProvider provider() {
                return provider;
            }

            @Override
            public void createInstance(Region region, String id) {
                moto.sdk(RdsClient.builder(), region.code()).createDBInstance(r -> r.dbInstanceIdentifier(id)
                        .engine("postgres").dbInstanceClass("db.t4g.medium").masterUsername("vibe")
                        .masterUserPassword("not-a-real-password").allocatedStorage(20).backupRetentionPeriod(7));
            }

            @Override
            public String subnetGroup(Region region) {
                if (drSubnetGroup == null) {
                    drSubnetGroup = MotoFixtures.createDrNetwork(moto, "contract-subnets-dr").subnetGroup();
                }
                return drSubnetGroup;
            }

            @Override
            public void createReadReplica(Region region, String replicaId, String sourceId) {
                String subnets = subnetGroup(region);
                // moto 5.2.1 also looks the subnet group of a cross-region replica up in the source region: give it one
                // of the same name there (AWS uses the replica region's, which subnetGroup(..) created)
                java.util.List<String> east = moto.sdk(software.amazon.awssdk.services.ec2.Ec2Client.builder(),
                        PRIMARY.code()).describeSubnets().subnets().stream()
                        .map(software.amazon.awssdk.services.ec2.model.Subnet::subnetId).limit(2).toList();
                moto.sdk(RdsClient.builder(), PRIMARY.code()).createDBSubnetGroup(r -> r.dbSubnetGroupName(subnets)
                        .dbSubnetGroupDescription("moto looks it up here").subnetIds(east));
                moto.sdk(RdsClient.builder(), region.code()).createDBInstanceReadReplica(r -> r
                        .dbInstanceIdentifier(replicaId).dbSubnetGroupName(subnets)
                        .sourceDBInstanceIdentifier("arn:aws:rds:" + PRIMARY + ":123456789012:db:" + sourceId));
            }

            @Override
            public boolean replicateAutomatedBackups(Region region, String sourceId, int retentionDays) {
                stubReplicatedBackups(region, sourceId, retentionDays);
                return true;
            }

            @Override
            public void settle() {
                // moto makes everything available at once
            }
        };
    }

    /** What AWS answers once StartDBInstanceAutomatedBackupsReplication ran (moto cannot: HTTP 500). */
    private static void stubReplicatedBackups(Region region, String sourceId, int retentionDays) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String arn = "arn:aws:rds:" + region + ":123456789012:auto-backup:ab-" + sourceId;
        String inRegion = "/" + region + "/rds/aws4_request";
        proxy.stubFor(action("DescribeDBInstanceAutomatedBackups").atPriority(1)
                .withHeader("Authorization", containing(inRegion))
                .willReturn(queryOk(RDS_NS, "DescribeDBInstanceAutomatedBackups", "<DBInstanceAutomatedBackups>"
                        + "<DBInstanceAutomatedBackup>"
                        + "<DBInstanceArn>arn:aws:rds:" + PRIMARY + ":123456789012:db:" + sourceId + "</DBInstanceArn>"
                        + "<DbiResourceId>db-CONTRACT0EXAMPLE</DbiResourceId>"
                        + "<Region>" + PRIMARY + "</Region>"
                        + "<DBInstanceIdentifier>" + sourceId + "</DBInstanceIdentifier>"
                        + "<RestoreWindow><EarliestTime>" + now.minus(Duration.ofDays(retentionDays)) + "</EarliestTime>"
                        + "<LatestTime>" + now.minus(Duration.ofMinutes(5)) + "</LatestTime></RestoreWindow>"
                        + "<AllocatedStorage>20</AllocatedStorage><Status>replicating</Status><Port>5432</Port>"
                        + "<Engine>postgres</Engine><EngineVersion>15.4</EngineVersion><Encrypted>false</Encrypted>"
                        + "<BackupRetentionPeriod>" + retentionDays + "</BackupRetentionPeriod>"
                        + "<DBInstanceAutomatedBackupsArn>" + arn + "</DBInstanceAutomatedBackupsArn>"
                        + "</DBInstanceAutomatedBackup></DBInstanceAutomatedBackups>")));
        String tags = MINE.entrySet().stream().map(e -> "<Tag><Key>" + e.getKey() + "</Key><Value>" + e.getValue()
                + "</Value></Tag>").collect(Collectors.joining());
        proxy.stubFor(action("RestoreDBInstanceToPointInTime").atPriority(1)
                .withRequestBody(containing("SourceDBInstanceAutomatedBackupsArn="))
                .willReturn(queryOk(RDS_NS, "RestoreDBInstanceToPointInTime", "<DBInstance>"
                        + "<DBInstanceIdentifier>orders-dr</DBInstanceIdentifier>"
                        + "<DBInstanceStatus>creating</DBInstanceStatus><Engine>postgres</Engine>"
                        + "<DBInstanceClass>db.t4g.medium</DBInstanceClass><MultiAZ>false</MultiAZ>"
                        + "<TagList>" + tags + "</TagList></DBInstance>")));
    }
}
