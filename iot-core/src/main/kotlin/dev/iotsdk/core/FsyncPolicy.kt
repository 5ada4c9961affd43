package dev.iotsdk.core

import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds

/**
 * When a [DurableQueue] forces what it wrote to the storage device (`fsync`).
 *
 * - [EVERY_MESSAGE]: a QoS 1 `publish` returns only after its record reached the device (concurrent publishes share
 *   one `fsync`). Nothing that returned is lost, even to a power cut; each publish pays an `fsync`.
 * - [every]: a `publish` returns once its record is written to the operating system (it survives the process being
 *   killed); the file is forced at most [interval] later, so a power cut or kernel crash can lose the publishes of the
 *   last [interval]. Much faster on slow flash.
 *
 * ```kotlin
 * DurableQueue(Path.of("/var/lib/sensor/queue"), fsync = FsyncPolicy.every(200.milliseconds))
 * ```
 * ```java
 * new DurableQueue(Path.of("/var/lib/sensor/queue"), FsyncPolicy.every(java.time.Duration.ofMillis(200)));
 * ```
 */
public class FsyncPolicy private constructor(
    /** The longest time a written record waits for its `fsync`; `null` for [EVERY_MESSAGE]. */
    public val interval: Duration?,
) {
    override fun toString(): String = interval?.let { "FsyncPolicy.every($it)" } ?: "FsyncPolicy.EVERY_MESSAGE"

    /** Factories. */
    public companion object {
        /** `fsync` before each publish returns (shared by concurrent publishes). */
        @JvmField
        public val EVERY_MESSAGE: FsyncPolicy = FsyncPolicy(null)

        /** `fsync` at most [interval] after a record is written; [interval] must be positive. */
        public fun every(interval: Duration): FsyncPolicy {
            require(interval.isPositive()) { "the fsync interval must be positive" }
            return FsyncPolicy(interval)
        }

        /** [every] for Java callers. */
        @JvmStatic
        public fun every(interval: java.time.Duration): FsyncPolicy = every(interval.toNanos().nanoseconds)
    }
}
