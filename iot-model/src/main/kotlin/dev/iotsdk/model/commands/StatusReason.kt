package dev.iotsdk.model.commands

import kotlinx.serialization.Serializable

/**
 * Why an execution has its status (spec/commands.md §4): [reasonCode] (`[A-Z0-9_-]+`, at most 64 characters, when a
 * device sends it) and an optional [reasonDescription] (at most 1,024 characters, no control characters). The service
 * writes `$NO_RESPONSE_FROM_DEVICE` when it times an execution out, so decoded values are not checked.
 *
 * ```kotlin
 * StatusReason("DEVICE_TOO_BUSY", "try again in a minute")
 * ```
 */
@Serializable
public class StatusReason(
    /** The code. */
    public val reasonCode: String,
    /** The description, if any. */
    public val reasonDescription: String? = null,
) {
    /** What is wrong with this reason as a device's report, or `null` when AWS would take it. */
    public fun problem(): String? = when {
        reasonCode.isEmpty() || reasonCode.length > MAX_CODE -> "reasonCode must have 1 to $MAX_CODE characters"
        !reasonCode.all { it in 'A'..'Z' || it in '0'..'9' || it == '_' || it == '-' } ->
            "reasonCode may contain only A-Z, 0-9, _ and -"
        reasonDescription != null && reasonDescription.length > MAX_DESCRIPTION ->
            "reasonDescription must have at most $MAX_DESCRIPTION characters"
        reasonDescription != null && reasonDescription.any { Character.isISOControl(it) } ->
            "reasonDescription must not contain control characters such as new lines"
        else -> null
    }

    override fun equals(other: Any?): Boolean =
        other is StatusReason && other.reasonCode == reasonCode && other.reasonDescription == reasonDescription

    override fun hashCode(): Int = reasonCode.hashCode() * HASH + reasonDescription.hashCode()

    override fun toString(): String = "StatusReason($reasonCode, $reasonDescription)"

    private companion object {
        const val MAX_CODE = 64
        const val MAX_DESCRIPTION = 1024
        const val HASH = 31
    }
}
