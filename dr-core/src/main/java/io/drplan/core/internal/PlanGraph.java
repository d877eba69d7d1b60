package io.drplan.core.internal;

import io.drplan.core.step.Step;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/**
 * The steps of a plan as an index-based dependency graph. Internal: used by the plan, its preview
 * and the engine; not an API.
 */
public final class PlanGraph {
    private final List<Step> steps;
    private final Map<String, Integer> index;
    private final int[][] dependencies;
    private final int[][] dependents;
    private final List<Step> topological;

    private PlanGraph(List<Step> steps) {
        this.steps = steps;
        this.index = indexOf(steps);
        int n = steps.size();
        dependencies = new int[n][];
        List<List<Integer>> down = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            down.add(new ArrayList<>(2));
        }
        for (int i = 0; i < n; i++) {
            List<Integer> deps = new ArrayList<>();
            for (String d : steps.get(i).dependencies()) {
                Integer j = index.get(d);
                if (j != null) {
                    deps.add(j);
                    down.get(j).add(i);
                }
            }
            Collections.sort(deps);
            dependencies[i] = deps.stream().mapToInt(Integer::intValue).toArray();
        }
        dependents = new int[n][];
        for (int i = 0; i < n; i++) {
            dependents[i] = down.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        topological = sort();
    }

    /** The graph of an acyclic list of steps whose dependencies all exist. */
    public static PlanGraph of(List<Step> steps) {
        return new PlanGraph(List.copyOf(steps));
    }

    public int size() {
        return steps.size();
    }

    public Step step(int i) {
        return steps.get(i);
    }

    public int indexOf(String id) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("no step '" + id + "'");
        }
        return i;
    }

    /** Indices of the steps {@code i} waits for. */
    public int[] dependencies(int i) {
        return dependencies[i];
    }

    /** Indices of the steps that wait for {@code i}. */
    public int[] dependents(int i) {
        return dependents[i];
    }

    /** Steps in dependency order; among steps ready at once, declaration order. */
    public List<Step> topologicalOrder() {
        return topological;
    }

    private List<Step> sort() {
        int n = steps.size();
        int[] waiting = new int[n];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            waiting[i] = dependencies[i].length;
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<Step> out = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(steps.get(i));
            for (int d : dependents[i]) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The longest path through the graph when each step takes {@code millis(step)}: the lower bound
     * of a run's duration with unlimited parallelism.
     */
    public CriticalPath criticalPath(ToLongFunction<Step> millis) {
        int n = steps.size();
        long[] start = new long[n];
        long[] finish = new long[n];
        int[] via = new int[n];
        int last = -1;
        for (Step s : topological) {
            int i = index.get(s.id());
            via[i] = -1;
            for (int d : dependencies[i]) {
                if (finish[d] > start[i] || via[i] == -1 && finish[d] == start[i]) {
                    start[i] = finish[d];
                    via[i] = d;
                }
            }
            finish[i] = start[i] + Math.max(0, millis.applyAsLong(s));
            if (last == -1 || finish[i] > finish[last]) {
                last = i;
            }
        }
        List<String> path = new ArrayList<>();
        for (int i = last; i != -1; i = via[i]) {
            path.add(steps.get(i).id());
        }
        Collections.reverse(path);
        Map<String, Duration> earliest = new HashMap<>();
        for (int i = 0; i < n; i++) {
            earliest.put(steps.get(i).id(), Duration.ofMillis(start[i]));
        }
        return new CriticalPath(List.copyOf(path), Duration.ofMillis(last == -1 ? 0 : finish[last]), earliest);
    }

    /** A longest path: its step ids, its length and each step's earliest start. */
    public record CriticalPath(List<String> stepIds, Duration duration, Map<String, Duration> earliestStart) { }

    /** A dependency cycle among {@code steps}, as ids with the first repeated at the end, if any. */
    public static Optional<List<String>> findCycle(List<Step> steps) {
        Map<String, Integer> index = indexOf(steps);
        int n = steps.size();
        int[] state = new int[n]; // 0 new, 1 on stack, 2 done
        int[] parent = new int[n];
        List<List<Integer>> deps = new ArrayList<>(n);
        for (Step s : steps) {
            List<Integer> d = new ArrayList<>();
            for (String id : s.dependencies()) {
                Integer j = index.get(id);
                if (j != null) {
                    d.add(j);
                }
            }
            Collections.sort(d);
            deps.add(d);
        }
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) {
                continue;
            }
            Deque<int[]> stack = new ArrayDeque<>(); // {node, next dependency position}
            stack.push(new int[] {root, 0});
            state[root] = 1;
            parent[root] = -1;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                int v = top[0];
                if (top[1] < deps.get(v).size()) {
                    int w = deps.get(v).get(top[1]++);
                    if (state[w] == 1) {
                        List<String> cycle = new ArrayList<>();
                        cycle.add(steps.get(w).id());
                        for (int x = v; x != w; x = parent[x]) {
                            cycle.add(steps.get(x).id());
                        }
                        cycle.add(steps.get(w).id());
                        Collections.reverse(cycle);
                        return Optional.of(cycle);
                    }
                    if (state[w] == 0) {
                        state[w] = 1;
                        parent[w] = v;
                        stack.push(new int[] {w, 0});
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, Integer> indexOf(List<Step> steps) {
        Map<String, Integer> m = new HashMap<>(steps.size() * 2);
        for (int i = 0; i < steps.size(); i++) {
            m.putIfAbsent(steps.get(i).id(), i);
        }
        return m;
    }
}
