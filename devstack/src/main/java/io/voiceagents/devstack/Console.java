package io.voiceagents.devstack;

import java.io.PrintStream;

/**
 * The launcher's console. Printing the banner and conversations is the CLI's job (services log
 * through JBoss logging instead); keeping every write here makes that the one place that prints.
 */
public final class Console {

    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    private Console() {
    }

    public static void out(String text) {
        OUT.println(text);
        OUT.flush();
    }

    public static void err(String text) {
        ERR.println(text);
        ERR.flush();
    }
}
