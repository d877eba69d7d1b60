// drplan in JShell: open with  bin/drplan-jshell  (builds the project and puts it on the class path).
// An on-call session against the fake cloud; swap the providers for AwsProviders/KubernetesClusters for real.
import io.drplan.core.*;
import io.drplan.core.spi.*;
import io.drplan.testkit.*;
import io.drplan.examples.*;
import java.time.*;

var time = VirtualScheduler.create();
var cloud = FakeCloud.vibePlatform(time);
var engine = FakeCloudExtension.engineFor(cloud);
var plan = VibePlans.regionFailover(Secret.named("db-password", "from-your-vault"));

plan                                            // a plan prints its preview
cloud.region(Region.of("us-east-1")).goDown();  // the disaster
var report = engine.execute(plan);
report                                          // the timeline and the verdict
