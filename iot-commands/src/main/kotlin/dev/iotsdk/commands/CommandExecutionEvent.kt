package dev.iotsdk.commands

import dev.iotsdk.model.commands.DeviceType

/**
 * One command execution delivered to the device (spec/commands.md §3): the command's [payload] bytes as AWS sent them
 * (not wrapped), the [executionId] from the topic, the MQTT 5 [contentType] and [timeout] (the Message Expiry
 * Interval: the seconds left before the service times the execution out). Over MQTT 3.1.1 [contentType] and [timeout]
 * are `null`; [payloadFormat] still says which topic it came on (`json`, `cbor`, or `null` for any other format).
 *
 * ```kotlin
 * commands.commandExecutions().collect { e -> println("${e.executionId}: ${e.payloadAsString()} (${e.timeout} s)") }
 * ```
 */
public class CommandExecutionEvent(
    payload: ByteArray,
    /** The execution id (topic level 6). */
    public val executionId: String,
    /** The MQTT 5 Content Type, if sent. */
    public val contentType: String?,
    /** The seconds left before the service times the execution out (MQTT 5 Message Expiry Interval), if sent. */
    public val timeout: Int?,
    /** `json` or `cbor` for executions on `…/request/json` or `…/request/cbor`, `null` for `…/request`. */
    public val payloadFormat: String?,
    /** Whether the target is a thing or an MQTT client. */
    public val deviceType: DeviceType,
    /** The thing name or client id. */
    public val deviceId: String,
    /** When it arrived, in `System.nanoTime()` terms (the runner counts [timeout] from here). */
    public val receivedAtNanos: Long = System.nanoTime(),
) {
    private val bytes = payload

    /** The payload (a copy). */
    public val payload: ByteArray get() = bytes.copyOf()

    /** The payload's size in bytes. */
    public val payloadSize: Int get() = bytes.size

    /** The payload decoded as UTF-8 (for JSON and text payloads). */
    public fun payloadAsString(): String = bytes.decodeToString()

    override fun toString(): String =
        "CommandExecutionEvent($executionId, contentType=$contentType, timeout=$timeout, ${bytes.size} bytes)"
}
