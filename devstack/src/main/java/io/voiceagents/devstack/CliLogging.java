package io.voiceagents.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * java.util.logging for the launcher: one short line per event on the console (the launcher's own
 * progress and warnings, other libraries' errors), and everything from INFO (Kafka: WARNING) in
 * {@code <data>/devstack.log}, rewritten at each start.
 */
public final class CliLogging {

    private static final String OWN = "io.voiceagents.devstack";

    private CliLogging() {
    }

    /**
     * Makes this class's {@link KeepOpenLogManager} the JVM's log manager; call first thing in main,
     * before anything logs.
     */
    public static void install() {
        System.setProperty("java.util.logging.manager", KeepOpenLogManager.class.getName());
    }

    public static void configureConsole() {
        LogManager manager = LogManager.getLogManager();
        if (manager instanceof KeepOpenLogManager keepOpen) {
            keepOpen.resetNow();
        } else {
            manager.reset();
        }
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        // a broker's INFO is thousands of lines; its warnings are what matter here
        for (String chatty : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            Logger.getLogger(chatty).setLevel(Level.WARNING);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.INFO);
        console.setFormatter(new ShortFormatter());
        // Kafka and friends warn about routine things (controller activation, closing clients): their
        // warnings go to devstack.log, and only errors reach the console
        console.setFilter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith(OWN)
                || r.getLevel().intValue() >= Level.SEVERE.intValue());
        root.addHandler(console);
    }

    public static void addFile(Path file) {
        try {
            Handler handler = new FileHandler(file.toString(), false);
            handler.setLevel(Level.INFO);
            handler.setFormatter(new ShortFormatter());
            Logger.getLogger("").addHandler(handler);
        } catch (IOException e) {
            Logger.getLogger(OWN).warning("cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * The JDK resets logging from its own shutdown hook, racing the launcher's hook that stops the
     * stack; keeping the handlers open lets "stopping ..." messages and warnings reach the console.
     */
    public static final class KeepOpenLogManager extends LogManager {
        public KeepOpenLogManager() {
            super();
        }

        @Override
        public void reset() {
            // only resetNow() resets: see the class comment
        }

        void resetNow() {
            super.reset();
        }
    }

    /** {@code 12:01:02 message}, with the level for warnings and errors and the logger for others' records. */
    static final class ShortFormatter extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(LocalTime.now().format(TIME)).append(' ');
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                sb.append(r.getLevel().getName()).append(' ');
            }
            String name = r.getLoggerName();
            if (name != null && !name.startsWith(OWN)) {
                sb.append('[').append(name).append("] ");
            }
            sb.append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                sb.append("    ").append(r.getThrown()).append(System.lineSeparator());
            }
            return sb.toString();
        }
    }
}
