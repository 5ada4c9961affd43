package dev.iotsdk.test.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttSubscription
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.receiveAsFlow

/** The fake's [MqttSubscription]: its collector's channel, released (and unsubscribed if unused) on [close]. */
internal class FakeSubscription(
    override val subscriptions: List<Subscription>,
    private val collector: FakeCollector,
    private val onClose: (FakeCollector) -> Unit,
) : MqttSubscription {
    override var outcomes: List<SubscribeOutcome> = emptyList()

    @Volatile private var closed = false

    override val messages: Flow<MqttMessage> = collector.channel.receiveAsFlow()

    /** The fake buffers without bound, so it never drops. */
    override val droppedMessages: Long get() = 0

    override fun close() {
        if (closed) return
        closed = true
        onClose(collector)
    }
}
