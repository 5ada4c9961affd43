package dev.iotsdk.core

import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * The SDK-owned, bounded offline queue. Operations submitted while disconnected wait here (up to [capacity]; then
 * [overflow] decides which one fails with [OfflineQueueFullException]); [behavior] decides what a disconnect fails;
 * [drainInterval] spaces the sending of queued operations after a reconnect (the v1 SDK's draining frequency;
 * `null`: as fast as the connection allows). Every queued operation completes or fails with a typed reason.
 *
 * Defaults: capacity 1000, drop oldest, fail QoS 0 publishes on disconnect, no draining delay.
 */
public class OfflineQueuePolicy @JvmOverloads constructor(
    /** How many operations may wait. */
    public val capacity: Int = 1000,
    /** Which operation fails when the queue is full. */
    public val overflow: OverflowPolicy = OverflowPolicy.DROP_OLDEST,
    /** What a disconnect fails. */
    public val behavior: QueueBehavior = QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT,
    /** The pause between queued operations sent after a reconnect, or `null` for none. */
    public val drainInterval: Duration? = null,
    /**
     * Whether [capacity] and [overflow] also apply while connected. `false` (default): while connected, a publish
     * beyond the in-flight window waits for room (it suspends; the Java future completes later) and nothing is dropped;
     * when the connection is lost, what waits beyond [capacity] fails by [overflow]. `true`: a burst beyond the window
     * and [capacity] fails by [overflow] even while connected (dropping as an explicit choice).
     */
    public val boundWhileConnected: Boolean = false,
) {
    /** For Java callers: [drainInterval] as a [java.time.Duration] (use the shorter constructors for none). */
    public constructor(
        capacity: Int,
        overflow: OverflowPolicy,
        behavior: QueueBehavior,
        drainInterval: java.time.Duration,
    ) :
        this(capacity, overflow, behavior, drainInterval.toKotlinDuration())

    /** [drainInterval] as a [java.time.Duration], or `null`; for Java callers. */
    public fun drainIntervalJava(): java.time.Duration? = drainInterval?.toJavaDuration()

    init {
        require(capacity > 0) { "capacity must be positive" }
    }

    override fun toString(): String =
        "OfflineQueuePolicy(capacity=$capacity, overflow=$overflow, behavior=$behavior, " +
            "drainInterval=$drainInterval, boundWhileConnected=$boundWhileConnected)"
}
