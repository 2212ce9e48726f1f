package dev.backprop.security;

import java.util.Locale;

/**
 * What a caller may do. Each role includes the ones before it: {@code predict} only predicts (by id
 * and by name, and the Open Inference Protocol with its model metadata), {@code read} also reads
 * datasets, jobs, models and their files and charts, {@code train} also creates datasets, jobs and
 * models and cancels jobs, {@code admin} also deletes and manages API keys.
 */
public enum Role {
    PREDICT, READ, TRAIN, ADMIN;

    /** The Spring Security authority that carries this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Whether a caller with this role may do what {@code needed} allows. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The lower-case name clients see and send: predict, read, train, admin. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
