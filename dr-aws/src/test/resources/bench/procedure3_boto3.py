"""The AWS calls of Procedure 3, made by one warm boto3 process: the baseline for Procedure3Bench.

Reads one JSON object per line on stdin (the ids the Java side seeded), makes the same calls drplan's
plan makes, in the same order (independent ones sequentially), and prints the wall milliseconds.
"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint = sys.argv[1]
cfg = Config(retries={"max_attempts": 1})
kw = dict(endpoint_url=endpoint, aws_access_key_id="testing", aws_secret_access_key="testing", config=cfg)
ec2 = boto3.client("ec2", region_name="us-east-1", **kw)
ecr = boto3.client("ecr", region_name="us-west-2", **kw)
rds = boto3.client("rds", region_name="us-west-2", **kw)
elb = boto3.client("elbv2", region_name="us-west-2", **kw)
r53 = boto3.client("route53", region_name="us-east-1", **kw)
print("ready", flush=True)

for line in sys.stdin:
    ids = json.loads(line)
    t0 = time.perf_counter()
    ec2.describe_vpcs()
    ec2.describe_availability_zones()
    for repo in ("vibe-backend", "vibe-frontend"):
        ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "1.42.0"}])
    snaps = rds.describe_db_snapshots(DBInstanceIdentifier="vibe-postgres-production")["DBSnapshots"]
    newest = max(snaps, key=lambda s: s["SnapshotCreateTime"])
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="vibe-postgres-dr",
                                             DBSnapshotIdentifier=newest["DBSnapshotIdentifier"],
                                             DBSubnetGroupName="vibe-db-subnet-group-dr",
                                             VpcSecurityGroupIds=[ids["securityGroupId"]])
    rds.describe_db_instances(DBInstanceIdentifier="vibe-postgres-dr")
    elb.describe_target_health(TargetGroupArn=ids["targetGroupArn"])
    r53.list_resource_record_sets(HostedZoneId=ids["zoneId"])
    change = None
    for role, ident, value, hc in (("PRIMARY", "primary", "vibe-alb-usw2.us-west-2.elb.amazonaws.com", ids["drHealthCheckId"]),
                                   ("SECONDARY", "secondary", "vibe-alb-use1.us-east-1.elb.amazonaws.com", ids["healthCheckId"])):
        change = r53.change_resource_record_sets(HostedZoneId=ids["zoneId"], ChangeBatch={"Changes": [{
            "Action": "UPSERT", "ResourceRecordSet": {
                "Name": "api.vibe.dev", "Type": "CNAME", "SetIdentifier": ident, "Failover": role, "TTL": 60,
                "HealthCheckId": hc, "ResourceRecords": [{"Value": value}]}}]})
    r53.get_change(Id=change["ChangeInfo"]["Id"])
    print("%.3f" % ((time.perf_counter() - t0) * 1000), flush=True)
