package dev.iotsdk.test.internal

import dev.iotsdk.core.MqttMessage
import kotlinx.coroutines.channels.Channel

/** One collector of a subscription flow: its filters and the channel [FakeSubscriptions.deliver] feeds (unbounded). */
internal class FakeCollector(val filters: List<String>) {
    val channel = Channel<MqttMessage>(Channel.UNLIMITED)
}
