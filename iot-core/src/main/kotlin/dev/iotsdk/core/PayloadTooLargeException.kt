package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** A payload over the limit (AWS IoT: 128 KB); nothing was sent. */
public class PayloadTooLargeException(
    /** The payload size in bytes. */
    public val size: Int,
    /** The limit in bytes. */
    public val limit: Int,
) : IotClientException("Payload of $size bytes is over the limit of $limit bytes; split it or send a reference instead")
