package io.voiceagents.devstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of a local stack, found from bin/run's pid files: call-gateway (its pid file) and the whole stack
 * (the launcher that started call-gateway, which hosts Kafka, the emulators and the front door, and every process
 * under it: the services and Postgres). Also the machine's CPU counters, so a run can tell the stack's load from
 * somebody else's build. Linux /proc; on another OS the figures read as unknown.
 */
final class StackProcesses {

    /** CPU time of a set of processes and of the machine at one moment. */
    record CpuSample(long nanoTime, double gatewaySeconds, double stackSeconds, double benchSeconds,
            long machineBusyTicks, long machineTotalTicks) {
    }

    /**
     * How long {@link #stackRssKb} reuses the list of the stack's processes: memory is sampled every second, and
     * finding the processes reads the whole of /proc (every process's command line), which cost the bench's JVM a
     * few percent of a core — counted as the load generator's own CPU.
     */
    private static final long MEMBERS_REUSE_NANOS = 10_000_000_000L;

    private final ProcessHandle gateway;
    private final ProcessHandle launcher;
    private final String postgresDir;
    private List<ProcessHandle> members;
    private long membersFoundAt;

    private StackProcesses(ProcessHandle gateway, ProcessHandle launcher, String postgresDir) {
        this.gateway = gateway;
        this.launcher = launcher;
        this.postgresDir = postgresDir;
    }

    /** The local stack whose pid files are in {@code dataDir}/run, if call-gateway's process is alive. */
    static Optional<StackProcesses> find(Path dataDir) {
        Path pidFile = dataDir.resolve("run").resolve("call-gateway.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> gw = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().orElse("").contains("call-gateway"));
            String postgres = dataDir.toAbsolutePath().normalize().resolve("postgres").toString();
            return gw.map(g -> new StackProcesses(g, g.parent().orElse(g), postgres));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    long gatewayPid() {
        return gateway.pid();
    }

    /**
     * The launcher and everything under it, and Postgres: the embedded server detaches from the launcher, so it is
     * found by its data directory ({@code postgres -D <data>/postgres}) with its backends.
     */
    List<ProcessHandle> stack() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(launcher);
        launcher.descendants().forEach(all::add);
        ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains("-D " + postgresDir))
                .findFirst()
                .ifPresent(pg -> {
                    all.add(pg);
                    pg.descendants().forEach(all::add);
                });
        return all;
    }

    CpuSample sample() {
        double stack = 0;
        for (ProcessHandle h : stack()) {
            stack += cpuSeconds(h);
        }
        long[] machine = machineTicks();
        return new CpuSample(System.nanoTime(), cpuSeconds(gateway), stack, cpuSeconds(ProcessHandle.current()),
                machine[0], machine[1]);
    }

    /** CPU of the bench's own JVM only (a remote stack: nothing else is known). */
    static CpuSample benchOnly() {
        long[] machine = machineTicks();
        return new CpuSample(System.nanoTime(), Double.NaN, Double.NaN, cpuSeconds(ProcessHandle.current()),
                machine[0], machine[1]);
    }

    long gatewayRssKb() {
        return rssKb(gateway.pid());
    }

    long stackRssKb() {
        long sum = 0;
        for (ProcessHandle h : members()) {
            long r = rssKb(h.pid());
            sum += Math.max(0, r);
        }
        return sum;
    }

    /** {@link #stack()}, found again when older than {@link #MEMBERS_REUSE_NANOS}. */
    private synchronized List<ProcessHandle> members() {
        long now = System.nanoTime();
        if (members == null || now - membersFoundAt > MEMBERS_REUSE_NANOS) {
            members = stack();
            membersFoundAt = now;
        }
        return members;
    }

    static double cpuSeconds(ProcessHandle h) {
        return h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }

    /** VmRSS of a process in kB, -1 when unknown. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return -1;
    }

    /** The machine's busy and total CPU ticks since boot (all cores), from /proc/stat; zeros when unknown. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The 1-minute load average, NaN when unknown. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
