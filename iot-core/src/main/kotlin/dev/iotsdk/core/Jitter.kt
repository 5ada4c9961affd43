package dev.iotsdk.core

/** How a retry delay is randomised (AWS architecture blog "Exponential Backoff and Jitter"). */
public enum class Jitter {
    /** No randomisation: `min(max, base * 2^attempt)`. */
    NONE,

    /** Uniform in `[0, min(max, base * 2^attempt)]` (the default). */
    FULL,

    /** `min(max, uniform(base, previous * 3))`. */
    DECORRELATED,
}
