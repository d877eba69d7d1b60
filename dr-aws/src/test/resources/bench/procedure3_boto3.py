"""The AWS calls of Procedure 3, made by one warm boto3 process: the baseline for Procedure3Bench.

Reads one JSON object per line on stdin (the ids the Java side seeded), does the same work drplan's plan
does, as a careful script would: every id checked before the first change (the reads drplan's preflight
makes, whose answers both sides then use), then the steps in the plan's order, one call after the other;
the DNS change is the same compare-and-swap batch. Prints the wall milliseconds and the calls per
operation (the bench prints both sides' calls and marks any operation whose count differs).
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
ecr_east = boto3.client("ecr", region_name="us-east-1", **kw)
rds = boto3.client("rds", region_name="us-west-2", **kw)
elb = boto3.client("elbv2", region_name="us-west-2", **kw)
r53 = boto3.client("route53", region_name="us-east-1", **kw)
ops = {}
started = []


def before_call(model, **_):
    started.append(time.perf_counter())


def after_call(model, **_):
    key = model.service_model.service_id.lower().replace(" ", "") + "." + model.name
    count, ms = ops.get(key, (0, 0.0))
    ops[key] = (count + 1, ms + (time.perf_counter() - started.pop()) * 1000)


for client in (ec2, ecr, ecr_east, rds, elb, r53):
    client.meta.events.register("before-call", before_call)
    client.meta.events.register("after-call", after_call)
print("ready", flush=True)

def failover_records(listing):
    return [r for r in listing["ResourceRecordSets"] if r["Name"] == "api.vibe.dev." and "Failover" in r]


for line in sys.stdin:
    ids = json.loads(line)
    ops.clear()
    t0 = time.perf_counter()
    # before the first change, as drplan's preflight: the new id is free, the newest snapshot in the
    # region, the records to change and both health checks exist
    try:
        rds.describe_db_instances(DBInstanceIdentifier="vibe-postgres-dr")
        raise SystemExit("vibe-postgres-dr exists before the restore")
    except rds.exceptions.DBInstanceNotFoundFault:
        pass
    snaps = rds.describe_db_snapshots(DBInstanceIdentifier="vibe-postgres-production")["DBSnapshots"]
    newest = max(snaps, key=lambda s: s["SnapshotCreateTime"])
    records = failover_records(r53.list_resource_record_sets(HostedZoneId=ids["zoneId"],
                                                             StartRecordName="api.vibe.dev"))
    r53.get_health_check_status(HealthCheckId=ids["drHealthCheckId"])
    r53.get_health_check_status(HealthCheckId=ids["healthCheckId"])
    # verify-primary: the region probe
    ec2.describe_vpcs()
    ec2.describe_availability_zones()
    # images: the primary registry's replication rules, then each image in the DR registry
    ecr_east.describe_registry()
    for repo in ("vibe-backend", "vibe-frontend"):
        ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "1.42.0"}])
    # restore-db: the restore from the snapshot found before, the wait
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier="vibe-postgres-dr",
                                             DBSnapshotIdentifier=newest["DBSnapshotIdentifier"],
                                             DBSubnetGroupName="vibe-db-subnet-group-dr",
                                             VpcSecurityGroupIds=[ids["securityGroupId"]],
                                             Tags=[{"Key": "drplan:execution", "Value": "bench"},
                                                   {"Key": "drplan:step", "Value": "restore-db"},
                                                   {"Key": "drplan:created-at", "Value": "2026-01-01T00:00:00Z"}])
    while True:
        db = rds.describe_db_instances(DBInstanceIdentifier="vibe-postgres-dr")["DBInstances"][0]
        if db["DBInstanceStatus"] == "available" and db.get("Endpoint"):
            break
        time.sleep(30)
    # dr-targets
    elb.describe_target_health(TargetGroupArn=ids["targetGroupArn"])
    # dns: the records read before, replaced in one compare-and-swap batch (DELETE exactly as read, CREATE
    # the new ones), waited on until INSYNC
    answers = {"PRIMARY": ("vibe-alb-usw2.us-west-2.elb.amazonaws.com", ids["drHealthCheckId"]),
               "SECONDARY": ("vibe-alb-use1.us-east-1.elb.amazonaws.com", ids["healthCheckId"])}
    changes = [{"Action": "DELETE", "ResourceRecordSet": r} for r in records]
    changes += [{"Action": "CREATE", "ResourceRecordSet": {
        "Name": r["Name"], "Type": r["Type"], "SetIdentifier": r["SetIdentifier"], "Failover": r["Failover"],
        "TTL": r["TTL"], "HealthCheckId": answers[r["Failover"]][1],
        "ResourceRecords": [{"Value": answers[r["Failover"]][0]}]}} for r in records]
    change = r53.change_resource_record_sets(HostedZoneId=ids["zoneId"], ChangeBatch={
        "Comment": "drplan: PRIMARY api.vibe.dev -> vibe-alb-usw2.us-west-2.elb.amazonaws.com;"
                   " SECONDARY api.vibe.dev -> vibe-alb-use1.us-east-1.elb.amazonaws.com",
        "Changes": changes})
    info = change["ChangeInfo"]
    while info["Status"] != "INSYNC":
        time.sleep(10)
        info = r53.get_change(Id=info["Id"])["ChangeInfo"]
    took = (time.perf_counter() - t0) * 1000
    print(json.dumps({"ms": took, "ops": {k: [c, ms] for k, (c, ms) in ops.items()}}), flush=True)
