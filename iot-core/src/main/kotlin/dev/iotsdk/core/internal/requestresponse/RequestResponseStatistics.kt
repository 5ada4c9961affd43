package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi

/**
 * Counters of a [RequestResponseClient], since it was created.
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public class RequestResponseStatistics(
    /** Operations waiting for their response now. */
    public val pendingOperations: Int,
    /** Response filters subscribed (or subscribing, or lingering) now. */
    public val activeSubscriptions: Int,
    /** Responses on a response topic whose token matched no waiting operation, or that had none. */
    public val ignoredResponses: Long,
    /** Responses that were not valid JSON (attributed to an operation or not). */
    public val malformedResponses: Long,
) {
    override fun toString(): String =
        "RequestResponseStatistics(pending=$pendingOperations, subscriptions=$activeSubscriptions, " +
            "ignored=$ignoredResponses, malformed=$malformedResponses)"
}
