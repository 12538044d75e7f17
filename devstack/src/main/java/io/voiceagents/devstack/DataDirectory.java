package io.voiceagents.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The stack's state on disk: {@code postgres/}, {@code kafka/}, {@code logs/}, {@code run/} (pid files)
 * and {@code sandbox.env}. A file lock keeps two stacks from sharing one directory (Postgres and
 * Kafka would corrupt each other's state).
 */
public final class DataDirectory implements AutoCloseable {

    /** Where {@code bin/run} keeps Postgres, Kafka, logs and sandbox credentials unless told otherwise. */
    public static Path defaultFor(Path repoRoot) {
        return repoRoot.resolve(".devstack-data");
    }

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static DataDirectory open(Path root, boolean fresh) {
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve("devstack.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new LocalStackException("another devstack is using " + root
                        + "; stop it first or pass a different --data-dir");
            }
            DataDirectory dir = new DataDirectory(root, channel, lock);
            if (fresh) {
                for (String child : List.of("postgres", "kafka", "kafka-server.properties", "logs", "run",
                        "sandbox.env")) {
                    deleteRecursively(root.resolve(child));
                }
            }
            Files.createDirectories(dir.logs());
            Files.createDirectories(dir.pids());
            return dir;
        } catch (IOException e) {
            throw new LocalStackException("cannot use data directory " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path pids() {
        return root.resolve("run");
    }

    Path logFile(StackService service) {
        return logs().resolve(service.moduleName() + ".log");
    }

    Path sandboxEnv() {
        return root.resolve("sandbox.env");
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
