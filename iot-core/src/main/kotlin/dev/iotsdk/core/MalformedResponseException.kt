package dev.iotsdk.core

import dev.iotsdk.common.IotServiceException

/**
 * A response arrived that is not valid UTF-8 JSON. It fails the waiting operation when it can be attributed to one;
 * otherwise it is reported on the engine's error stream.
 */
public class MalformedResponseException(
    /** The topic it arrived on. */
    public val topic: String,
    /** The payload, as received. */
    public val payload: ByteArray,
    /** What is wrong with it. */
    public val reason: String,
) : IotServiceException("A malformed response arrived on '$topic': $reason", errorCode = "MalformedResponse")
