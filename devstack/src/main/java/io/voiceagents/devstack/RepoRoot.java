package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the repository checkout whose service jars the launcher runs (and whose .devstack-data tools read). */
public final class RepoRoot {

    private static final String PARENT_MARKER = "<artifactId>voice-agents-parent</artifactId>";

    private RepoRoot() {
    }

    /** The explicit root, else the system property {@code voiceagents.repo}, else a search upwards. */
    public static Path resolve(Path explicit) {
        if (explicit != null) {
            return requireRepo(explicit.toAbsolutePath().normalize());
        }
        String property = System.getProperty("voiceagents.repo");
        if (property != null && !property.isBlank()) {
            return requireRepo(Path.of(property).toAbsolutePath().normalize());
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (isRepo(p)) {
                    return p;
                }
            }
        }
        throw new LocalStackException("cannot find the Voice Agents repository (a directory with the parent pom.xml)"
                + " above " + starts + "; run from inside the checkout or pass -Dvoiceagents.repo=<path>");
    }

    private static Path requireRepo(Path p) {
        if (!isRepo(p)) {
            throw new LocalStackException(p + " is not the Voice Agents repository root (no parent pom.xml)");
        }
        return p;
    }

    private static boolean isRepo(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom) || !Files.isDirectory(dir.resolve("devstack"))) {
            return false;
        }
        try {
            return Files.readString(pom).contains(PARENT_MARKER);
        } catch (IOException e) {
            return false;
        }
    }

    /** Where this class was loaded from: devstack/target/classes or the devstack jar in devstack/target. */
    private static Optional<Path> codeLocation() {
        try {
            var source = RepoRoot.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
