package dev.iotsdk.shadow

import dev.iotsdk.common.IotClientException

/**
 * An update was refused before it was sent: its `desired` and `reported` state together take [size] bytes of JSON,
 * more than [limit] ([ShadowOptions.maxStateBytes]; AWS IoT rejects such documents with 413). Nothing was published.
 */
public class ShadowStateTooLargeException(
    /** The thing the update was for. */
    public val thingName: String,
    /** The named shadow, or `null` for the classic shadow. */
    public val shadowName: String?,
    /** The UTF-8 size of the update's desired and reported JSON. */
    public val size: Int,
    /** The quota. */
    public val limit: Int,
) : IotClientException(
    "Shadow update of '$thingName'${shadowName?.let {
        "/'$it'"
    } ?: ""} has $size bytes of desired and reported state, " +
        "more than the $limit-byte quota; split the state across named shadows or raise ShadowOptions.maxStateBytes " +
        "if your account's quota is larger",
)
