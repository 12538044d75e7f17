package io.voiceagents.devstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time and resident memory of one process, read the way {@code top} does: CPU from the JDK's process
 * info (user + system time), memory from {@code /proc/<pid>/status} (Linux only; elsewhere memory reads as
 * unknown).
 */
final class ProcessUsage {

    private final long pid;
    private volatile long peakRssKb = -1;

    ProcessUsage(long pid) {
        this.pid = pid;
    }

    long pid() {
        return pid;
    }

    /** User + system CPU time consumed since the process started; empty when the OS does not say. */
    Optional<Duration> cpuTime() {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration());
    }

    /** Samples the resident set size (VmRSS) and keeps the largest seen; returns it, or -1 when unknown. */
    long sampleRssKb() {
        long rss = statusKb("VmRSS");
        if (rss > peakRssKb) {
            peakRssKb = rss;
        }
        return rss;
    }

    /** Largest VmRSS seen by {@link #sampleRssKb()}; -1 when never known. */
    long peakSampledRssKb() {
        return peakRssKb;
    }

    /** The kernel's own peak resident set size of the process's whole life (VmHWM); -1 when unknown. */
    long highWaterMarkKb() {
        return statusKb("VmHWM");
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }
}
