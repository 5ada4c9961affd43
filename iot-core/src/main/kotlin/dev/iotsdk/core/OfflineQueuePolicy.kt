package dev.iotsdk.core

import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/** Which operation a full offline queue gives up. */
public enum class OverflowPolicy {
    /** Fail the oldest queued operation to make room (the default). */
    DROP_OLDEST,

    /** Fail the new operation. */
    DROP_NEWEST,
}

/**
 * What happens to operations that are not complete when the connection is lost (mirrors the AWS v2 SDKs'
 * `ClientOperationQueueBehavior`). Unacknowledged QoS 1 publishes are always kept and sent again.
 */
public enum class QueueBehavior {
    /** Fail QoS 0 publishes; keep QoS 1 publishes, subscribes and unsubscribes (the default). */
    FAIL_QOS0_PUBLISH_ON_DISCONNECT,

    /** Keep only QoS 1 publishes; fail everything else. */
    FAIL_NON_QOS1_PUBLISH_ON_DISCONNECT,

    /** Fail everything except unacknowledged QoS 1 publishes, which MQTT requires to be sent again. */
    FAIL_ALL_ON_DISCONNECT,
}

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
        "OfflineQueuePolicy(capacity=$capacity, overflow=$overflow, behavior=$behavior, drainInterval=$drainInterval)"
}

/**
 * Client-side flow control that keeps a connection under AWS IoT's per-connection limits (100 publishes/s and
 * 512 KiB/s inbound to AWS); above them AWS discards or delays. Off by default.
 */
public class FlowControl @JvmOverloads constructor(
    /** Publishes per second. */
    public val publishesPerSecond: Int = 100,
    /** Payload bytes per second. */
    public val bytesPerSecond: Long = 512L * 1024,
) {
    override fun toString(): String = "FlowControl($publishesPerSecond/s, $bytesPerSecond B/s)"

    /** The AWS IoT limits. */
    public companion object {
        /** 100 publishes/s and 512 KiB/s. */
        @JvmField
        public val AWS_IOT: FlowControl = FlowControl()
    }
}

/** An HTTP CONNECT or SOCKS5 proxy between the client and the broker. */
public class ProxyConfig @JvmOverloads constructor(
    /** The proxy protocol. */
    public val type: Type,
    /** The proxy host. */
    public val host: String,
    /** The proxy port. */
    public val port: Int,
    /** Proxy username, if it needs one. */
    public val username: String? = null,
    /** Proxy password, if it needs one. */
    public val password: String? = null,
) {
    /** Proxy protocols. */
    public enum class Type {
        /** HTTP CONNECT tunnel. */
        HTTP,

        /** SOCKS version 5. */
        SOCKS5,
    }

    override fun toString(): String = "ProxyConfig($type, $host:$port, auth=${username != null})"
}
