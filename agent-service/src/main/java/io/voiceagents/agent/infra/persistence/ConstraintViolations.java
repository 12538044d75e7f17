package io.voiceagents.agent.infra.persistence;

import java.util.Locale;

import org.hibernate.exception.ConstraintViolationException;

/** Recognizes which unique constraint a failed write hit, so adapters can turn it into a domain answer. */
final class ConstraintViolations {

    private ConstraintViolations() {
    }

    static boolean violates(RuntimeException e, String constraintName) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException cve && cve.getConstraintName() != null
                    && cve.getConstraintName().toLowerCase(Locale.ROOT).contains(constraintName)) {
                return true;
            }
        }
        return false;
    }
}
