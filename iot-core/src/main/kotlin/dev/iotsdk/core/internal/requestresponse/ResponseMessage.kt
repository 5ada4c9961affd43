package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi

/**
 * The accepted response to a [RequestOperation].
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public class ResponseMessage(
    /** The topic it arrived on (the operation's accepted path). */
    public val topic: String,
    /** The response payload, as received. */
    public val payload: ByteArray,
    /** The correlation token it was matched by, or `null` for operations without one. */
    public val correlationToken: String?,
) {
    /** The payload decoded as UTF-8. */
    public fun payloadAsString(): String = payload.decodeToString()

    override fun toString(): String = "ResponseMessage($topic, token=$correlationToken, ${payload.size} bytes)"
}
