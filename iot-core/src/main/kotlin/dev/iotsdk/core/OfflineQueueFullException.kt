package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** The offline queue was full and this operation was dropped under the configured overflow policy. */
public class OfflineQueueFullException(
    /** The queue capacity. */
    public val capacity: Int,
) : IotClientException(
    "The offline queue (capacity $capacity) overflowed and this operation was dropped; raise the capacity or slow down",
    isRetryable = true,
)
