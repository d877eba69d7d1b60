// A failover on the fake cloud, to run on purpose:  bin/drplan-jshell examples/jshell/failover.jsh
// (bin/drplan-jshell alone opens a prompt with the imports of startup.jsh and runs nothing).
var s = Shell.fakeCloud();
var plan = VibePlans.regionFailover(Secret.named("db-password", "from-your-vault"));

System.out.println(s.preview(plan));                // the dry run: steps, calls, critical path, IAM
s.cloud().region(Region.of("us-east-1")).goDown();  // the disaster
var report = s.execute(plan);                       // progress as it runs
System.out.println(report);                         // the timeline and the verdict
System.out.println(s.executions());                 // the journal: id, plan, state, started
