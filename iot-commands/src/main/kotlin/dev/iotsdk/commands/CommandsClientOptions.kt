package dev.iotsdk.commands

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Settings of a [CommandsClient].
 *
 * | setting | default |
 * |---|---|
 * | [requestTimeout] | 30 s per UpdateCommandExecution, from the call (including subscribing to the answers) |
 *
 * ```kotlin
 * CommandsClient(mqtt, DeviceType.THING, "sensor-1", CommandsClientOptions(requestTimeout = 10.seconds))
 * ```
 */
public class CommandsClientOptions @JvmOverloads constructor(
    /** The deadline of each update; it fails with [dev.iotsdk.core.OperationTimeoutException] when it passes. */
    public val requestTimeout: Duration = 30.seconds,
) {
    init {
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
    }

    /** For Java callers: [requestTimeout] as a [java.time.Duration]. */
    public constructor(requestTimeout: java.time.Duration) : this(requestTimeout.toKotlinDuration())

    /** [requestTimeout] as a [java.time.Duration], for Java callers. */
    public fun requestTimeoutJava(): java.time.Duration = requestTimeout.toJavaDuration()

    override fun toString(): String = "CommandsClientOptions(requestTimeout=$requestTimeout)"
}
