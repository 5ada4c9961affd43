package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.RequestRejectedException

/**
 * Turns a rejected response into the exception the caller of [RequestResponseClient.request] sees: the hook through
 * which a service module maps its error JSON (from [RequestRejectedException.payload]) into its own typed
 * exceptions. It runs on the requesting coroutine; an exception it throws is thrown instead.
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public fun interface RejectionMapper {
    /** The exception to throw for [rejection]. */
    public fun map(rejection: RequestRejectedException): Throwable

    /** The default mapper. */
    public companion object {
        /** Throws the [RequestRejectedException] unchanged. */
        @JvmField
        public val IDENTITY: RejectionMapper = RejectionMapper { it }
    }
}
