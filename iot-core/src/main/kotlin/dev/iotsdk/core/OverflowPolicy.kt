package dev.iotsdk.core

/** Which operation a full offline queue gives up. */
public enum class OverflowPolicy {
    /** Fail the oldest queued operation to make room (the default). */
    DROP_OLDEST,

    /** Fail the new operation. */
    DROP_NEWEST,
}
