package dev.iotsdk.core.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.internal.transport.IncomingPublish
import java.util.concurrent.atomic.AtomicInteger

/**
 * An incoming message some collectors still hold: acknowledged once the last of them [release]s it (the router holds
 * one reference while it hands the message out).
 */
internal class Delivery(private val publish: IncomingPublish, private val router: IncomingRouter) {
    val message: MqttMessage get() = publish.message

    private val refs = AtomicInteger(1)

    fun retain() {
        refs.incrementAndGet()
    }

    fun release() {
        if (refs.decrementAndGet() == 0) router.acknowledge(publish)
    }
}
