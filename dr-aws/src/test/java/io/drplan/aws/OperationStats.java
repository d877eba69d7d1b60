package io.drplan.aws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * For the Procedure 3 bench: the SDK calls drplan sent, by {@code service.Operation}, with their
 * count and total latency (from the SDK's start of the call to its end, marshalling included), so
 * that they can be compared call for call with what the boto3 baseline sent.
 */
final class OperationStats implements ExecutionInterceptor {
    /** Calls of one operation in one run: how many, and their summed latency. */
    record Op(int count, double millis) { }

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("drplan-bench-started");
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private void record(ExecutionAttributes attributes) {
        String key = key(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        nanos.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(System.nanoTime()
                - attributes.getAttribute(STARTED));
    }

    /** {@code ec2.DescribeVpcs}: the service id in lower case without spaces, as both SDKs name it. */
    static String key(String service, String operation) {
        return service.toLowerCase(Locale.ROOT).replace(" ", "") + "." + operation;
    }

    void clear() {
        counts.clear();
        nanos.clear();
    }

    Map<String, Op> snapshot() {
        Map<String, Op> m = new TreeMap<>();
        counts.forEach((k, c) -> m.put(k, new Op(c.get(), nanos.get(k).get() / 1e6)));
        return m;
    }

    /** What the boto3 script printed: {@code {"ec2.DescribeVpcs": [count, millis], ...}}. */
    static Map<String, Op> of(Object json) {
        Map<String, Op> m = new TreeMap<>();
        ((Map<?, ?>) json).forEach((k, v) -> {
            List<?> pair = (List<?>) v;
            m.put((String) k, new Op(((Number) pair.get(0)).intValue(), ((Number) pair.get(1)).doubleValue()));
        });
        return m;
    }

    /** Per operation, the median count and median summed latency per run on each side. */
    static String table(List<Map<String, Op>> drplan, List<Map<String, Op>> boto3) {
        TreeSet<String> ops = new TreeSet<>();
        drplan.forEach(m -> ops.addAll(m.keySet()));
        boto3.forEach(m -> ops.addAll(m.keySet()));
        StringBuilder sb = new StringBuilder(String.format("%-52s %8s %10s %8s %10s%n", "calls per run (median)",
                "drplan", "drplan ms", "boto3", "boto3 ms"));
        int[] total = new int[2];
        double[] ms = new double[2];
        for (String op : ops) {
            int dc = (int) median(drplan, op, false);
            double dm = median(drplan, op, true);
            int bc = (int) median(boto3, op, false);
            double bm = median(boto3, op, true);
            total[0] += dc;
            total[1] += bc;
            ms[0] += dm;
            ms[1] += bm;
            sb.append(String.format("%-52s %8d %10.1f %8d %10.1f%s%n", op, dc, dm, bc, bm, dc != bc ? "  <- differs" : ""));
        }
        sb.append(String.format("%-52s %8d %10.1f %8d %10.1f", "all (sum of the medians)", total[0], ms[0], total[1],
                ms[1]));
        return sb.toString();
    }

    private static double median(List<Map<String, Op>> runs, String op, boolean millis) {
        List<Double> v = new ArrayList<>();
        for (Map<String, Op> run : runs) {
            Op o = run.get(op);
            v.add(o == null ? 0 : millis ? o.millis() : o.count());
        }
        Collections.sort(v);
        return v.get(v.size() / 2);
    }
}
