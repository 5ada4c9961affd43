package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.launch

/**
 * A cold flow of a streaming operation's messages and subscription changes as one service's events: each collection
 * opens the operation with [open], reports as [names] says, ends after a halt or when the operation closes, and closes
 * the operation when it ends.
 *
 * ```kotlin
 * fun notifications(): Flow<JobsStreamEvent<T>> = streamEvents({ rr.streamingOperation(topic) }, names)
 * ```
 */
@InternalIotSdkApi
public fun <E> streamEvents(open: () -> StreamingOperation, names: StreamEventNames<E>): Flow<E> = channelFlow {
    val operation = open()
    launch(start = CoroutineStart.UNDISPATCHED) {
        operation.messages.collect { send(names.message(it)) }
    }
    launch(start = CoroutineStart.UNDISPATCHED) {
        operation.events.collect { if (it is SubscriptionEvent.Resubscribed) send(names.resubscribed) }
    }
    launch(start = CoroutineStart.UNDISPATCHED) {
        operation.status.collect { status ->
            when (status) {
                is SubscriptionStatus.Subscribed -> send(names.subscribed)
                is SubscriptionStatus.SubscriptionLost -> send(names.lost)
                is SubscriptionStatus.SubscriptionHalted -> {
                    send(names.halted(status.cause))
                    channel.close()
                }
                is SubscriptionStatus.Closed -> channel.close()
                else -> Unit
            }
        }
    }
    try {
        awaitClose()
    } finally {
        operation.close()
    }
}
