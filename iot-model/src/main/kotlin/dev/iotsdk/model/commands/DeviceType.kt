package dev.iotsdk.model.commands

/**
 * What a command execution targets (spec/commands.md §1): a registered thing (`things`, the device id is the thing
 * name) or an MQTT client (`clients`, the device id is the client id the device connects with).
 *
 * ```kotlin
 * val topic = "\$aws/commands/${DeviceType.THING.segment}/sensor-1/executions/+/request/json"
 * ```
 */
public enum class DeviceType(
    /** The topic level: `things` or `clients`. */
    public val segment: String,
) {
    /** A registered thing. */
    THING("things"),

    /** An MQTT client id (unregistered devices). */
    CLIENT("clients"),
}
